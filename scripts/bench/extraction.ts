/**
 * Extraction speed per page kind, on the saved pages in tests/fixtures/<kind>/ and on 100-entry listings
 * made by repeating real entries. The browser hands the content script a parsed DOM, so extraction is
 * timed on a document parsed once beforehand; parsing is timed apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { metaContent } from '../../lib/extract/common';
import { type Extractor, extractPapers } from '../../lib/extract/index';
import { extractOnRequest } from '../../lib/extract/on-request';
import { parseHtml } from '../../lib/node/parse-html';
import { type BenchOptions, formatMs, markdownTable, percentile, timeRuns } from './measure';

const FIXTURES = 'tests/fixtures';
const KINDS = ['arxiv-abs', 'arxiv-list', 'arxiv-html', 'arxiv-search', 'hf-paper', 'hf-list', 'other'];
const LISTING_KINDS = new Set(['arxiv-list', 'arxiv-search', 'hf-list']);
const PAGE_TARGET_MS = 5;
const LISTING_TARGET_MS = 50;
const SYNTHETIC_ENTRIES = 100;

// Pages with neither og:url nor a canonical link: the URL SOURCES.md gives, or the one their tests use.
const KNOWN_URLS: Record<string, string> = {
  'arxiv-html/1706.03762v7-built-from-docs.html': 'https://arxiv.org/html/1706.03762v7',
  // Real pages with no URL in them (tests/fixtures/arxiv-html/SOURCES.md); the built LaTeXML ones are left out.
  ...Object.fromEntries(
    [
      '2510.13726v1-one-personname-7-authors-ampersand-without-br',
      '2510.14797v1-contrast-one-creator-per-author',
      '2510.14961v1-ampersand-in-affiliation-and-split-creators',
      '2510.14970v1-one-personname-4-authors-ampersand-emails',
    ].map((name) => [`arxiv-html/${name}.html`, `https://arxiv.org/html/${name.split('-')[0]}`]),
  ),
  'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html':
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
  'arxiv-search/query-built-from-docs.html': 'https://arxiv.org/search/?query=attention&searchtype=all',
  'other/openreview-like-lora.html': 'https://openreview.net/forum?id=nZeVKeeFYf9',
  'other/openreview-forum-BUILT-from-note-shape-lora.html': 'https://openreview.net/forum?id=nZeVKeeFYf9',
};

interface Page {
  name: string;
  html: string;
  url: string;
}

interface Row {
  label: string;
  pages: Page[];
  extract: Extractor;
  /** Undefined where no target is set: other sites are read once, when the user asks. */
  targetMs?: number;
}

export function extractionSection({ runs }: BenchOptions): string {
  const rows: Row[] = KINDS.flatMap((kind): Row[] => {
    const pages = fixturePages(kind);
    if (pages.length === 0) return [];
    // Other sites are read when the user clips the page ("Clip this page": a site reader, else the citation reader).
    if (kind === 'other') return [{ label: 'other (on request)', pages, extract: extractOnRequest }];
    const targetMs = LISTING_KINDS.has(kind) ? LISTING_TARGET_MS : PAGE_TARGET_MS;
    return [{ label: kind, pages, extract: extractPapers, targetMs }];
  });
  for (const page of [syntheticHfListing(), syntheticArxivListing()]) {
    rows.push({
      label: `${page.name} (synthetic)`,
      pages: [page],
      extract: extractPapers,
      targetMs: LISTING_TARGET_MS,
    });
  }
  const header = [
    'Page kind',
    'Pages',
    'Papers',
    'Parse median ms',
    'Extract median ms',
    'Extract p95 ms',
    'Slowest page (median ms)',
    'Target (median)',
    'Met',
  ];
  const note = `Per page; ${runs} timed runs per page after warm-up, samples of all pages of a kind pooled.`;
  return `## Extraction\n\n${note}\n\n${markdownTable(
    header,
    rows.map((row) => measureRow(row, runs)),
  )}`;
}

function measureRow({ label, pages, extract, targetMs }: Row, runs: number): string[] {
  const parseRuns = Math.max(3, Math.ceil(runs / 5));
  const parseSamples = pages.flatMap((page) => timeRuns(() => parseHtml(page.html), parseRuns));
  let papers = 0;
  const perPage = pages.map((page) => {
    const doc = parseHtml(page.html);
    papers += extract(doc, page.url).length;
    return { name: page.name, samples: timeRuns(() => extract(doc, page.url), runs) };
  });
  const extractSamples = perPage.flatMap((page) => page.samples);
  const slowest = perPage
    .map((page) => ({ name: page.name, median: percentile(page.samples, 50) }))
    .reduce((a, b) => (b.median > a.median ? b : a));
  const median = percentile(extractSamples, 50);
  return [
    label,
    String(pages.length),
    String(papers),
    formatMs(percentile(parseSamples, 50)),
    formatMs(median),
    formatMs(percentile(extractSamples, 95)),
    pages.length > 1 ? `${slowest.name} (${formatMs(slowest.median)})` : '',
    targetMs === undefined ? 'none (on click)' : `< ${targetMs} ms`,
    targetMs === undefined ? '' : median < targetMs ? 'yes' : 'NO',
  ];
}

function fixturePages(kind: string): Page[] {
  let files: string[];
  try {
    files = readdirSync(`${FIXTURES}/${kind}`).filter((file) => file.endsWith('.html'));
  } catch {
    return [];
  }
  return files.sort().flatMap((file) => {
    const html = readFileSync(`${FIXTURES}/${kind}/${file}`, 'utf8');
    const url = pageUrl(parseHtml(html)) ?? KNOWN_URLS[`${kind}/${file}`];
    return url ? [{ name: file, html, url }] : [];
  });
}

/** The page's own address: og:url (versioned on arXiv), else an absolute canonical link. */
function pageUrl(doc: Document): string | undefined {
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  return [metaContent(doc, 'og:url'), canonical].find((url) => url && /^https?:\/\//.test(url));
}

const repeatTo = <T>(items: T[], count: number): T[] =>
  Array.from({ length: count }, (_, i) => items[i % items.length] as T);

/** The 2026-09-28 daily list grown to 100 entries: its JSON island and its cards, repeated. */
function syntheticHfListing(): Page {
  const doc = parseHtml(
    readFileSync(`${FIXTURES}/hf-list/daily-papers-2026-09-28-28papers-browser-dom.html`, 'utf8'),
  );
  const island = doc.querySelector('[data-target="DailyPapers"]');
  const props = JSON.parse(island?.getAttribute('data-props') ?? '{}');
  props.dailyPapers = repeatTo(props.dailyPapers, SYNTHETIC_ENTRIES);
  island?.setAttribute('data-props', JSON.stringify(props));
  const cards = [...doc.querySelectorAll('article')];
  const grid = cards[0]?.parentElement;
  for (const card of repeatTo(cards, SYNTHETIC_ENTRIES - cards.length)) grid?.append(card.cloneNode(true));
  return {
    name: `hf-list, ${SYNTHETIC_ENTRIES} entries`,
    html: serialize(doc),
    url: 'https://huggingface.co/papers/date/2026-09-28',
  };
}

/** The saved /new listing (3 entries) grown to 100 `<dt>`/`<dd>` pairs. */
function syntheticArxivListing(): Page {
  const file = 'cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html';
  const doc = parseHtml(readFileSync(`${FIXTURES}/arxiv-list/${file}`, 'utf8'));
  const list = doc.querySelector('dl#articles');
  const pairs = [...(list?.querySelectorAll('dt') ?? [])].map((dt) => [dt, dt.nextElementSibling]);
  for (const [dt, dd] of repeatTo(pairs, SYNTHETIC_ENTRIES - pairs.length)) {
    if (dt && dd) list?.append(dt.cloneNode(true), dd.cloneNode(true));
  }
  const url = KNOWN_URLS[`arxiv-list/${file}`] ?? '';
  return { name: `arxiv-list, ${SYNTHETIC_ENTRIES} entries`, html: serialize(doc), url };
}

const serialize = (doc: Document): string => `<!DOCTYPE html>${doc.documentElement.outerHTML}`;
