/**
 * What the arXiv extractors hand to findLinks: the abstract/comments text and the real targets of the
 * "this https URL" anchors in them (read off the saved pages), and nothing from the rest of the page.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import type { LinkSources } from '../../lib/links';
import { parseHtml } from '../../lib/node/parse-html';

const seen: LinkSources[] = [];
vi.mock('../../lib/links', () => ({
  findLinks: (sources: LinkSources) => {
    seen.push(sources);
    return [{ url: 'https://example.org/marker', kind: 'other', host: 'example.org' }];
  },
}));

const absSources = (file: string): LinkSources => {
  seen.length = 0;
  const html = readFileSync(`tests/fixtures/arxiv-abs/${file}`, 'utf8');
  const [paper] = extractArxivAbs(parseHtml(html), 'https://arxiv.org/abs/x');
  expect(paper?.links).toEqual([{ url: 'https://example.org/marker', kind: 'other', host: 'example.org' }]);
  expect(seen).toHaveLength(1);
  return seen[0] as LinkSources;
};

describe('link sources of arXiv pages', () => {
  beforeEach(() => {
    seen.length = 0;
  });

  it('abstract anchor and abstract text (GitHub in the abstract, 1808.06226)', () => {
    const sources = absSources('1808.06226v1-2026-github-in-abstract.html');
    expect(sources.hrefs).toEqual(['https://github.com/google/sentencepiece']);
    expect(sources.text?.[0]).toContain('Apache 2 license at https://github.com/google/sentencepiece.');
    expect(sources.text?.[1]).toBe('Accepted as a demo paper at EMNLP2018');
  });

  it('comments anchors (dataset and code in the comments, 2402.00159)', () => {
    // The page's own href keeps a trailing ";" (arXiv's linkifier took it in); findLinks cleans URLs.
    expect(absSources('2402.00159v2-2026-comments-dataset-code.html').hrefs).toEqual([
      'https://hf.co/datasets/allenai/dolma;',
      'https://github.com/allenai/dolma',
    ]);
  });

  it('a non-GitHub project URL in the comments (2310.06825)', () => {
    expect(absSources('2310.06825v1-2026-comments-url.html').hrefs).toEqual([
      'https://mistral.ai/news/announcing-mistral-7b/',
    ]);
  });

  it('no anchors at all on a page whose abstract and comments have none (1706.03762)', () => {
    expect(absSources('1706.03762v7-2026-03-classicheader.html').hrefs).toEqual([]);
  });

  it('each listing entry separately', () => {
    const html = readFileSync(
      'tests/fixtures/arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
      'utf8',
    );
    extractArxivList(parseHtml(html), 'https://arxiv.org/list/cond-mat.mtrl-sci/new');
    expect(seen.map((sources) => sources.hrefs)).toEqual([
      ['https://github.com/manasvupadhyay/spectral_galerkin_heat'],
      [],
      [],
    ]);
  });
});
