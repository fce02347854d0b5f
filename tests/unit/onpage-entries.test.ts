/** Where the on-page marks go (lib/onpage/entries.ts): the same entries, in the same order, as the extractors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract/index';
import { parseHtml } from '../../lib/node/parse-html';
import { entryReader, type ListingEntry, listingEntries, streamEntries } from '../../lib/onpage/entries';

const LISTINGS = [
  [
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
  ],
  ['https://arxiv.org/search/?query=attention&searchtype=all', 'arxiv-search/query-built-from-docs.html'],
  ['https://huggingface.co/papers', 'hf-list/daily-papers-2026-09-28-28papers-browser-dom.html'],
] as const;

const load = (file: string) => parseHtml(readFileSync(`tests/fixtures/${file}`, 'utf8'));

describe('listingEntries', () => {
  it.each(LISTINGS)('finds every entry of %s, with the id its extractor gives', (url, file) => {
    const doc = load(file);
    const entries = listingEntries(doc, url);
    expect(entries.map((entry) => entry.id)).toEqual(extractPapers(doc, url).map((paper) => paper.id));
    expect(entries.length).toBeGreaterThanOrEqual(3);
  });

  it('puts the mark at the end of an arXiv entry line, and on the corner of a Hugging Face card', () => {
    const [list, search, hf] = LISTINGS.map(
      ([url, file]) => listingEntries(load(file), url)[0] as ListingEntry,
    ) as [ListingEntry, ListingEntry, ListingEntry];
    expect(list.parent.tagName).toBe('DT');
    expect(list.place).toBe('end');
    // The id line and the category tags share one line: the mark goes after both.
    expect(search.parent.querySelector('p.list-title')).not.toBeNull();
    expect(search.parent.querySelector('.tags')).not.toBeNull();
    expect(hf.parent.tagName).toBe('ARTICLE');
    expect(hf.place).toBe('corner');
  });

  it('reads no entries on a paper page, and has no reader for one', () => {
    for (const url of ['https://huggingface.co/papers/2609.31473', 'https://arxiv.org/abs/1706.03762']) {
      expect(entryReader(url)).toBeUndefined();
      expect(listingEntries(load('hf-paper/2609.31473.html'), url)).toEqual([]);
    }
    expect(entryReader('https://huggingface.co/papers')?.whenLoaded).toBe(true);
    expect(entryReader('https://arxiv.org/list/cs.CL/new')?.whenLoaded).toBe(false);
  });

  it('skips an entry without an id, and entries outside the listing', () => {
    const doc = parseHtml(
      '<div id="dlpage"><dl><dt><a title="Abstract" href="/abs/2401.00001">arXiv:2401.00001</a></dt>' +
        '<dt><a title="Abstract" href="/help">help</a></dt></dl></div><dl><dt><a title="Abstract" href="/abs/2401.00002">x</a></dt></dl>',
    );
    expect(listingEntries(doc, 'https://arxiv.org/list/cs.CL/new').map((e) => e.id)).toEqual([
      'arxiv:2401.00001',
    ]);
  });
});

describe('streamEntries', () => {
  it('hands a parsed document over at once, then says it is done', () => {
    const [url, file] = LISTINGS[0];
    const doc = load(file);
    const reader = entryReader(url);
    if (!reader) throw new Error('no reader');
    const batches: string[][] = [];
    let done = 0;
    streamEntries(
      doc,
      reader,
      (entries) => batches.push(entries.map((e) => e.id)),
      () => done++,
    );
    expect(batches).toEqual([listingEntries(doc, url).map((e) => e.id)]);
    expect(done).toBe(1);
  });
});
