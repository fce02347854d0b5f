import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { mergePaper } from '../../lib/merge';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper, PaperLink } from '../../lib/paper';

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

describe('mergePaper on what the extractors read from real pages', () => {
  const read = (extract: (doc: Document, url: string) => Paper[], file: string, url: string) =>
    extract(parseHtml(readFileSync(`tests/fixtures/${file}`, 'utf8')), url);

  it('a listing seen after the abstract page keeps the abstract with its real URL and the abstract page as source', () => {
    const [abs] = read(
      extractArxivAbs,
      'arxiv-abs/2609.22268v1-2026-09-newheader-codelink-msc.html',
      'https://arxiv.org/abs/2609.22268v1',
    );
    const listed = read(
      extractArxivList,
      'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
      'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    ).find((p) => p.id === 'arxiv:2609.22268');
    if (!abs || !listed) throw new Error('fixtures changed');
    expect(listed.abstract).toContain('this https URL'); // what the listing shows instead of the link
    const merged = mergePaper(abs, listed);
    expect(merged.abstract).toBe(abs.abstract);
    expect(merged.abstract).toContain('https://github.com/manasvupadhyay/spectral_galerkin_heat');
    expect(merged.source.kind).toBe('arxiv-abs');
  });

  it('the LaTeXML full text seen after the abstract page changes neither title, authors nor abstract', () => {
    const [abs] = read(
      extractArxivAbs,
      'arxiv-abs/1706.03762v7-2026-08-newheader.html',
      'https://arxiv.org/abs/1706.03762v7',
    );
    const [html] = read(
      extractArxivHtml,
      'arxiv-html/1706.03762v7-built-from-docs.html',
      'https://arxiv.org/html/1706.03762v7',
    );
    if (!abs || !html) throw new Error('fixtures changed');
    const merged = mergePaper(abs, html);
    expect(merged.title).toBe(abs.title);
    expect(merged.authors).toEqual(abs.authors);
    expect(merged.abstract).toBe(abs.abstract);
  });

  it('an older version of the abstract page changes nothing: not even a journal ref the newer one lacks', () => {
    const v7 = attention('arxiv-abs', { version: 7, updated: '2023-08-02', comments: '15 pages, 5 figures' });
    const v1 = attention('arxiv-abs', {
      version: 1,
      updated: '2017-06-12',
      comments: '14 pages',
      journalRef: 'x',
    });
    const merged = mergePaper(v7, v1);
    expect(merged).toMatchObject({ version: 7, comments: '15 pages, 5 figures' });
    expect(merged.journalRef).toBeUndefined();
  });

  it("another site's meta tags naming an arXiv id cannot overwrite the paper", () => {
    const abs = attention('arxiv-abs', { version: 7, authors: ['Ashish Vaswani'] });
    const claim: Paper = {
      id: 'arxiv:1706.03762',
      arxivId: '1706.03762',
      title: 'Totally different title',
      authors: ['Someone Else'],
      source: { site: 'web', kind: 'citation-meta', url: 'https://evil.example/' },
    };
    expect(mergePaper(abs, claim)).toMatchObject({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani'],
      source: { kind: 'arxiv-abs' },
    });
  });

  it('a PDF-only record stays incomplete after a listing, and is completed by a full page', () => {
    const pdf: Paper = { ...attention('arxiv-pdf', {}), title: undefined, incomplete: true };
    const listed = mergePaper(pdf, attention('arxiv-list', { abstract: 'The dominant...' }));
    expect(listed).toMatchObject({ incomplete: true, title: 'Attention Is All You Need' });
    expect(mergePaper(listed, attention('arxiv-abs', { version: 7 })).incomplete).toBeUndefined();
  });
});

describe('a newer version of the same page', () => {
  const link = (url: string): PaperLink => ({ url, kind: 'code', host: 'github.com', repo: url.slice(19) });
  const absV1: Paper = {
    id: 'arxiv:2401.00001',
    arxivId: '2401.00001',
    version: 1,
    title: 'A paper',
    abstract: 'Code at github.com/old/repo.',
    comments: '10 pages, code at https://github.com/old/repo',
    journalRef: 'Some Journal 1 (2024)',
    links: [link('https://github.com/old/repo')],
    source: { site: 'arxiv', kind: 'arxiv-abs', url: 'https://arxiv.org/abs/2401.00001v1' },
  };
  const absV2: Paper = {
    ...absV1,
    version: 2,
    title: 'A paper, revised',
    abstract: 'Code at github.com/new/repo.',
    links: [link('https://github.com/new/repo')],
    source: { ...absV1.source, url: 'https://arxiv.org/abs/2401.00001v2' },
  };
  delete absV2.comments;
  delete absV2.journalRef;

  it("drops the comments and journal ref the new version no longer has, and the old version's links", () => {
    const merged = mergePaper(absV1, absV2);
    expect(merged.version).toBe(2);
    expect(merged.comments).toBeUndefined();
    expect(merged.journalRef).toBeUndefined();
    expect(merged.links?.map((l) => l.url)).toEqual(['https://github.com/new/repo']);
  });

  it('keeps links another kind of page gave (Hugging Face), and what an older version or a listing says only fills gaps', () => {
    const hf: Paper = {
      id: absV1.id,
      arxivId: absV1.arxivId,
      title: 'A paper',
      links: [{ ...link('https://github.com/hf/official'), official: true }],
      source: { site: 'huggingface', kind: 'hf-paper', url: 'https://huggingface.co/papers/2401.00001' },
    };
    const withHf = mergePaper(absV1, hf);
    const merged = mergePaper(withHf, absV2);
    expect(merged.links?.map((l) => l.url).sort()).toEqual([
      'https://github.com/hf/official',
      'https://github.com/new/repo',
    ]);
    // The older version seen again changes nothing.
    const again = mergePaper(merged, absV1);
    expect(again).toMatchObject({
      version: 2,
      title: 'A paper, revised',
      abstract: absV2.abstract,
      source: { url: absV2.source.url },
    });
    expect(again.comments).toBeUndefined();
    expect(again.links?.map((l) => l.url)).not.toContain('https://github.com/old/repo');
    const listing: Paper = {
      ...absV1,
      version: 3,
      comments: 'listing comment',
      source: { site: 'arxiv', kind: 'arxiv-list', url: 'https://arxiv.org/list/cs/new' },
    };
    // A less trusted page fills gaps: the listing's comment where the record has none, but no field is dropped by it.
    expect(mergePaper(merged, listing)).toMatchObject({
      version: 3,
      comments: 'listing comment',
      abstract: absV2.abstract,
    });
  });

  it('a newer page without a title or abstract is a broken page: nothing is dropped', () => {
    const broken: Paper = { id: absV1.id, arxivId: absV1.arxivId, version: 2, source: absV2.source };
    expect(mergePaper(absV1, broken)).toMatchObject({ title: 'A paper', abstract: absV1.abstract });
  });
});
