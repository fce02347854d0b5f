/**
 * One registry (lib/sites.ts) for the content script's matches, the extractor chosen for a URL and the arXiv
 * URLs ids are read from: a URL is read by all of them or by none, with or without `www.`.
 */
import { describe, expect, it } from 'vitest';
import contentScript from '../../entrypoints/content';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { extractArxivPdf } from '../../lib/extract/arxiv-pdf';
import { extractArxivSearch } from '../../lib/extract/arxiv-search';
import { arxivIdFromHfPaperHref } from '../../lib/extract/hf-data';
import { extractHfList } from '../../lib/extract/hf-list';
import { extractHfPaper } from '../../lib/extract/hf-paper';
import { type Extractor, extractorFor } from '../../lib/extract/index';
import { parseArxivUrl } from '../../lib/ids';
import { contentScriptMatches, requestPageAt, SITE_HOSTS } from '../../lib/sites';

// The same patterns for every browser: a plain array (WXT's per-browser form would be an object).
const matches = contentScript.matches as string[];

/**
 * Whether a match pattern (`*://host/path*`) matches `url`, as Chrome and Firefox read it: `*` scheme is http or
 * https, the host is exact, the path glob is matched against the URL's path and query.
 */
function patternMatches(pattern: string, url: string): boolean {
  const [, scheme = '', host = '', path = ''] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern) ?? [];
  const parsed = new URL(url);
  if (scheme === '*' ? !['http:', 'https:'].includes(parsed.protocol) : parsed.protocol !== `${scheme}:`)
    return false;
  if (parsed.hostname !== host) return false;
  const glob = new RegExp(
    `^${path
      .split('*')
      .map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(parsed.pathname + parsed.search);
}

const contentScriptRuns = (url: string) => matches.some((pattern) => patternMatches(pattern, url));

/** The other spelling of a site's host: with `www.` when it has none, without when it has (mirrors kept). */
const otherWww = (url: string) => {
  const parsed = new URL(url);
  const { hostname } = parsed;
  if (hostname.startsWith('www.')) parsed.hostname = hostname.slice(4);
  else if (hostname.split('.').length === 2) parsed.hostname = `www.${hostname}`;
  return parsed.href;
};

// Real URL shapes of each page (docs/page-markup.md, the sites themselves).
const PAGES: [url: string, extractor: Extractor][] = [
  ['https://arxiv.org/abs/1706.03762', extractArxivAbs],
  ['https://arxiv.org/abs/1706.03762v7', extractArxivAbs],
  ['https://arxiv.org/abs/hep-th/9901001v2', extractArxivAbs],
  ['https://export.arxiv.org/abs/1706.03762', extractArxivAbs],
  ['https://arxiv.org/html/2609.01222v2', extractArxivHtml],
  ['https://arxiv.org/html/2609.01222v2#S1', extractArxivHtml],
  ['https://arxiv.org/list/cs.CL/new', extractArxivList],
  ['https://arxiv.org/list/cs.CL/recent?skip=0&show=50', extractArxivList],
  ['https://arxiv.org/list/math/2026-09', extractArxivList],
  ['https://arxiv.org/catchup/cs.CL/2026-09-21', extractArxivList],
  [
    'https://arxiv.org/catchup?smonth=9&group=grp_&sday=22&num=50&archive=cs&method=with&syear=2026',
    extractArxivList,
  ],
  ['https://arxiv.org/search/?query=attention&searchtype=all', extractArxivSearch],
  ['https://arxiv.org/search?query=attention&searchtype=all', extractArxivSearch],
  ['https://arxiv.org/search/advanced?terms-0-term=x', extractArxivSearch],
  ['https://arxiv.org/search/cs?query=x&searchtype=author', extractArxivSearch],
  ['https://huggingface.co/papers', extractHfList],
  ['https://huggingface.co/papers?q=diffusion', extractHfList],
  ['https://huggingface.co/papers/date/2026-09-28', extractHfList],
  ['https://huggingface.co/papers/trending', extractHfList],
  ['https://huggingface.co/papers/2609.31473', extractHfPaper],
  ['https://huggingface.co/papers/2609.31473#community', extractHfPaper],
];
const PDFS = [
  'https://arxiv.org/pdf/1706.03762v7',
  'https://arxiv.org/pdf/1706.03762.pdf',
  'https://export.arxiv.org/pdf/1706.03762',
];
const NOT_PAGES = [
  'https://arxiv.org/',
  'https://arxiv.org/help/api',
  'https://arxiv.org/login',
  'https://arxiv.org/listing',
  'https://arxiv.org/searching',
  'https://arxiv.org.evil.example/abs/1706.03762',
  'https://evilarxiv.org/abs/1706.03762',
  'https://example.com/abs/1706.03762',
  'https://huggingface.co/',
  'https://huggingface.co/papersfoo',
  'https://huggingface.co/mistralai/papers',
  'https://huggingface.co.evil.example/papers/2609.31473',
  'ftp://arxiv.org/abs/1706.03762',
];

describe('lib/sites.ts: the content script, the extractors and the ids agree', () => {
  it("builds the content script's matches", () => {
    expect(matches).toEqual(contentScriptMatches());
  });

  it.each(PAGES)(
    '%s: its extractor, the content script runs there, and the same with www. or without',
    (url, extractor) => {
      for (const variant of [url, otherWww(url)]) {
        expect(extractorFor(variant)).toBe(extractor);
        expect(contentScriptRuns(variant)).toBe(true);
      }
    },
  );

  it("runs the content script over https only: a page over http could be anyone's", () => {
    for (const [url] of PAGES) expect(contentScriptRuns(url.replace(/^https:/, 'http:')), url).toBe(false);
    expect(matches.every((pattern) => pattern.startsWith('https://'))).toBe(true);
  });

  it.each(PDFS)('%s: read from its URL by the background (PDF extractor, no content script)', (url) => {
    for (const variant of [url, otherWww(url)]) {
      expect(extractorFor(variant)).toBe(extractArxivPdf);
      expect(contentScriptRuns(variant)).toBe(false);
      expect(parseArxivUrl(variant)?.arxivId).toBe('1706.03762');
    }
  });

  it.each(NOT_PAGES)('%s: no extractor, no content script, no arXiv id', (url) => {
    expect(extractorFor(url)).toBeUndefined();
    expect(contentScriptRuns(url)).toBe(false);
    expect(parseArxivUrl(url)).toBeUndefined();
    expect(arxivIdFromHfPaperHref(url)).toBeUndefined();
  });

  it.each(matches)('every URL the pattern %s matches has an extractor', (pattern) => {
    for (const scheme of ['http', 'https'])
      for (const rest of ['', 'x', '2401.12345v2', 'cs.CL/new', 'q=1', 'date/2026-09-28?x=1']) {
        const url = `${pattern.replace(/^\*:/, `${scheme}:`).replace(/\*$/, '')}${pattern.endsWith('*') ? rest : ''}`;
        if (!URL.canParse(url) || !patternMatches(pattern, url)) continue;
        expect(extractorFor(url), url).toBeDefined();
      }
  });

  it.each([
    'https://arxiv.org/abs/1706.03762v7',
    'https://export.arxiv.org/abs/1706.03762v7',
    'https://arxiv.org/html/1706.03762v7',
  ])('%s: the same arXiv id on every arXiv host', (url) => {
    for (const variant of [url, otherWww(url)])
      expect(parseArxivUrl(variant)).toMatchObject({ arxivId: '1706.03762', version: 7 });
  });

  it('reads a Hugging Face paper id on every Hugging Face host, and from a bare path', () => {
    for (const href of [
      'https://huggingface.co/papers/2609.31473',
      'https://www.huggingface.co/papers/2609.31473',
      '/papers/2609.31473',
    ])
      expect(arxivIdFromHfPaperHref(href)).toBe('2609.31473');
  });
});

describe('lib/sites.ts: publishers read only on request', () => {
  it.each([
    'https://ieeexplore.ieee.org/document/10511075/',
    'https://dl.acm.org/doi/10.1145/3186728.3164144',
    'https://openreview.net/forum?id=nZeVKeeFYf9',
  ])('%s: a site reader on request, no extractor on visit, no content script, no framed panel', (url) => {
    expect(requestPageAt(url)).toBeDefined();
    expect(extractorFor(url)).toBeUndefined();
    expect(contentScriptRuns(url)).toBe(false);
    // SITE_HOSTS also says where the extension's panel may be framed (wxt.config.ts).
    expect(Object.values(SITE_HOSTS).flat()).not.toContain(new URL(url).hostname);
  });
});
