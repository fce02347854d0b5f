/**
 * arXiv HTML full text (LaTeXML). No real page was ever saved: the fixture in tests/fixtures/arxiv-html is BUILT
 * from the markup documented in /work/shared/docs/page-markup.md (§2 end, §3.3), not saved from arxiv.org.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { parseHtml } from '../../lib/node/parse-html';

const PAGE = readFileSync('tests/fixtures/arxiv-html/1706.03762v7-built-from-docs.html', 'utf8');
const PAGE_URL = 'https://arxiv.org/html/1706.03762v7';

describe('extractArxivHtml', () => {
  const [paper] = extractArxivHtml(parseHtml(PAGE), PAGE_URL);

  it('takes id and version from the URL and the title from h1.ltx_title_document', () => {
    expect(paper).toMatchObject({
      id: 'arxiv:1706.03762',
      arxivId: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      absUrl: 'https://arxiv.org/abs/1706.03762',
      pdfUrl: 'https://arxiv.org/pdf/1706.03762',
      source: { site: 'arxiv', kind: 'arxiv-html', url: PAGE_URL },
    });
  });

  it('cleans author names of affiliations, emails and footnote marks, and splits shared name blocks', () => {
    expect(paper?.authors).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
      'Jakob Uszkoreit',
      'Llion Jones',
      'Aidan N. Gomez',
      'Łukasz Kaiser',
      'Illia Polosukhin',
    ]);
  });

  it('gives the abstract without its heading, math as $alttext$', () => {
    expect(paper?.abstract).toMatch(/^The dominant sequence transduction models/);
    expect(paper?.abstract).toContain('Our model achieves $28.4$ BLEU');
    expect(paper?.abstract).not.toMatch(/^Abstract/);
  });

  it('reads old-style ids from the URL', () => {
    const [old] = extractArxivHtml(parseHtml(PAGE), 'https://arxiv.org/html/hep-th/9901001v2');
    expect(old).toMatchObject({ id: 'arxiv:hep-th/9901001', version: 2 });
  });

  it('gives [] for a page with neither an arXiv URL nor a title', () => {
    expect(
      extractArxivHtml(parseHtml('<html><body><p>Not found</p></body></html>'), 'https://arxiv.org/html/'),
    ).toEqual([]);
  });
});
