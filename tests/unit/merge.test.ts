import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../lib/merge';
import type { Paper } from '../../lib/paper';

const attention = (kind: Paper['source']['kind'], extra: Partial<Paper>): Paper => ({
  id: 'arxiv:1706.03762',
  arxivId: '1706.03762',
  title: 'Attention Is All You Need',
  source: { site: 'arxiv', kind, url: 'https://arxiv.org/' },
  ...extra,
});

describe('mergePaper', () => {
  it('keeps the date of the newest version when an older version is seen later', () => {
    const v7 = attention('arxiv-abs', { version: 7, submitted: '2017-06-12', updated: '2023-08-02' });
    const v1 = attention('arxiv-abs', { version: 1, submitted: '2017-06-12', updated: '2017-06-12' });
    expect(mergePaper(v7, v1)).toMatchObject({ version: 7, updated: '2023-08-02' });
    expect(mergePaper(v1, v7)).toMatchObject({ version: 7, updated: '2023-08-02' });
  });

  it('keeps a known date when another page of the same version does not give one', () => {
    const abs = attention('arxiv-abs', { version: 7, updated: '2023-08-02' });
    const html = attention('arxiv-html', { version: 7 });
    expect(mergePaper(abs, html).updated).toBe('2023-08-02');
    expect(mergePaper(html, abs).updated).toBe('2023-08-02');
  });

  it('drops the date of an older version when a newer version without a date is seen', () => {
    const v1 = attention('arxiv-abs', { version: 1, updated: '2017-06-12' });
    const v2 = attention('arxiv-html', { version: 2 });
    const merged = mergePaper(v1, v2);
    expect(merged.version).toBe(2);
    expect(merged.updated).toBeUndefined();
  });

  it('keeps the version and date when a listing without them is seen', () => {
    const abs = attention('arxiv-abs', { version: 7, updated: '2023-08-02', abstract: 'The dominant...' });
    const listed = attention('arxiv-list', { comments: '15 pages, 5 figures' });
    expect(mergePaper(abs, listed)).toMatchObject({
      version: 7,
      updated: '2023-08-02',
      abstract: 'The dominant...',
      comments: '15 pages, 5 figures',
    });
  });

  it('keeps one link per repository, the official one first, across two pages', () => {
    const hf = attention('hf-paper', {
      links: [
        { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
      ],
    });
    const abs = attention('arxiv-abs', {
      links: [
        { url: 'https://github.com/a/b/', kind: 'code', host: 'github.com', repo: 'a/b' },
        { url: 'https://a.github.io/b', kind: 'project', host: 'a.github.io' },
      ],
    });
    expect(mergePaper(abs, hf).links?.map((l) => [l.url, l.official])).toEqual([
      ['https://github.com/a/b', true],
      ['https://a.github.io/b', undefined],
    ]);
  });
});
