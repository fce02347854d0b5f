/**
 * arXiv search results. No real results page was ever saved: the fixture in tests/fixtures/arxiv-search is BUILT
 * from the markup documented in /work/shared/docs/page-markup.md §2 ("Search results"), not saved from arxiv.org.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivSearch } from '../../lib/extract/arxiv-search';
import { parseHtml } from '../../lib/node/parse-html';

const PAGE = readFileSync('tests/fixtures/arxiv-search/query-built-from-docs.html', 'utf8');
const PAGE_URL = 'https://arxiv.org/search/?query=attention&searchtype=all';

describe('extractArxivSearch', () => {
  const papers = extractArxivSearch(parseHtml(PAGE), PAGE_URL);

  it('gives one paper per li.arxiv-result, in order', () => {
    expect(papers.map((p) => p.id)).toEqual(['arxiv:1706.03762', 'arxiv:hep-th/9711200', 'arxiv:1808.06226']);
    expect(papers.every((p) => p.source.kind === 'arxiv-search' && p.source.url === PAGE_URL)).toBe(true);
  });

  it('reads a multi-version, cross-listed result', () => {
    expect(papers[0]).toMatchObject({
      arxivId: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      submitted: '2017-06-12',
      updated: '2023-08-01',
      primaryCategory: 'cs.CL',
      categories: ['cs.CL', 'cs.LG'],
      comments: '15 pages, 5 figures',
    });
    expect(papers[0]?.authors).toHaveLength(8);
    expect(papers[0]?.authors?.at(-1)).toBe('Illia Polosukhin');
  });

  it('uses the full abstract, without the "△ Less" toggle', () => {
    expect(papers[0]?.abstract).toMatch(/^The dominant sequence transduction models/);
    expect(papers[0]?.abstract).toMatch(/dispensing with recurrence and convolutions entirely\.$/);
    expect(papers.map((p) => p.abstract).join(' ')).not.toMatch(/Less|More|△|▽/);
  });

  it('reads the journal ref and DOI tag of an old-style id, and keeps LaTeX', () => {
    expect(papers[1]).toMatchObject({
      arxivId: 'hep-th/9711200',
      version: 3,
      authors: ['Juan M. Maldacena'],
      submitted: '1997-11-27',
      updated: '1998-01-22',
      categories: ['hep-th'],
      journalRef: 'Adv.Theor.Math.Phys.2:231-252,1998',
      doi: '10.1023/A:1026654312961',
    });
    expect(papers[1]?.abstract).toContain('the large $N$ limit');
  });

  it('dates a single-version result by its only submission, and finds its code link', () => {
    expect(papers[2]).toMatchObject({ version: 1, submitted: '2018-08-19', updated: '2018-08-19' });
    expect(papers[2]?.links?.map((link) => link.url)).toContain('https://github.com/google/sentencepiece');
  });

  it('gives [] for a search page without results', () => {
    const empty = '<html><body><p class="is-size-4">Sorry, your query returned no results</p></body></html>';
    expect(extractArxivSearch(parseHtml(empty), PAGE_URL)).toEqual([]);
  });
});
