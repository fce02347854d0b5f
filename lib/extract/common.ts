/** Small readers shared by the extractors: text, meta tags, names and dates as pages write them. */
import { cleanUrl, findLinks } from '../links';
import type { PaperLink } from '../paper';
import { collapseWhitespace, decodeHtmlEntities, markupToText } from '../text';

/** Collapsed text of the first element matching `selector`, or undefined when absent or empty. */
export function textOf(root: ParentNode, selector: string): string | undefined {
  const text = collapseWhitespace(root.querySelector(selector)?.textContent ?? '');
  return text || undefined;
}

/** Content of `<meta name=NAME>` (or `property=NAME`), collapsed; undefined when absent or empty. */
export function metaContent(doc: Document, name: string): string | undefined {
  const el = doc.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
  const text = collapseWhitespace(el?.getAttribute('content') ?? '');
  return text || undefined;
}

/** Contents of every `<meta name=NAME>`, in document order, empty ones dropped. */
export function metaContents(doc: Document, name: string): string[] {
  return [...doc.querySelectorAll(`meta[name="${name}"]`)]
    .map((el) => collapseWhitespace(el.getAttribute('content') ?? ''))
    .filter(Boolean);
}

/** A page's meta tags by name, whatever its case (`DC.title`, `dc.Title`, `Description`). */
export interface MetaTags {
  /** The first non-empty content of the tags named (`name` or `property`) `name`. */
  first(name: string): string | undefined;
  /** Every non-empty content of the tags named `name`, in document order. */
  all(name: string): string[];
  /** Whether a non-empty tag's name starts with `prefix` (`prism.`). */
  someStartsWith(prefix: string): boolean;
}

/** The page's meta tags, read in one walk: for readers that look up many names, each in any case. */
export function metaTags(doc: Document): MetaTags {
  const byName = new Map<string, string[]>();
  for (const el of doc.querySelectorAll('meta[content]')) {
    const content = collapseWhitespace(el.getAttribute('content') ?? '');
    if (!content) continue;
    const names = new Set(
      [el.getAttribute('name'), el.getAttribute('property')].flatMap((name) =>
        name ? [name.toLowerCase()] : [],
      ),
    );
    for (const name of names) {
      const contents = byName.get(name);
      if (contents) contents.push(content);
      else byName.set(name, [content]);
    }
  }
  return {
    first: (name) => byName.get(name.toLowerCase())?.[0],
    all: (name) => byName.get(name.toLowerCase()) ?? [],
    someStartsWith: (prefix) => [...byName.keys()].some((name) => name.startsWith(prefix)),
  };
}

/** "Vaswani, Ashish" -> "Ashish Vaswani"; a name without a comma is kept as written. */
export function firstLast(name: string): string {
  const parts = collapseWhitespace(name).split(', ');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return collapseWhitespace(name);
  return `${parts[1]} ${parts[0]}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `yyyy-mm-dd` from the date forms the pages use: `2017/06/12`, `2017-06-12T...`, `12 Jun 2017`,
 * `Mon, 12 Jun 2017 17:57:34 UTC`. Undefined for anything else (a year alone is not a date).
 */
export function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const numeric = /(\d{4})[/-](\d{1,2})[/-](\d{1,2})/.exec(text);
  if (numeric) return ymd(numeric[1], numeric[2], numeric[3]);
  const written = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(text);
  if (written?.[2]) {
    const month = MONTHS.indexOf(written[2].toLowerCase()) + 1;
    if (month > 0) return ymd(written[3], String(month), written[1]);
  }
  return undefined;
}

/**
 * The date a page states, as precisely as it states it: `yyyy-mm-dd` (any form isoDate reads), else `yyyy-mm` from
 * `2019/6`, `2019-06` or `October 2024`, else `yyyy` from a year alone. Undefined for anything else.
 */
export function partialIsoDate(text: string | undefined): string | undefined {
  const full = isoDate(text);
  if (full || !text) return full;
  const [, monthName, namedYear] = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(text.trim()) ?? [];
  if (monthName && namedYear) return yearMonth(namedYear, MONTHS.indexOf(monthName.toLowerCase()) + 1);
  const [, year, month] = /^(\d{4})(?:[/-](\d{1,2}))?$/.exec(text.trim()) ?? [];
  if (!year) return undefined;
  return month === undefined ? year : yearMonth(year, Number(month));
}

const yearMonth = (year: string, month: number): string | undefined =>
  month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : undefined;

function ymd(year = '', month = '', day = ''): string | undefined {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Drops keys whose value is undefined, an empty string or an empty array: absent, never blank. */
export function compact<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as T;
}

const HEADINGS = 'h1, h2, h3, h4, h5, h6';

const headingName = (el: Element): string =>
  collapseWhitespace(el.textContent ?? '')
    .replace(/:$/, '')
    .toLowerCase();

/**
 * Text of the section headed `heading` (e.g. "Abstract", "Abstract:"): the first non-empty sibling
 * after the heading, before the next heading. Undefined when there is no such section.
 */
export function textAfterHeading(root: ParentNode, heading: string): string | undefined {
  const wanted = heading.toLowerCase();
  for (const el of root.querySelectorAll(HEADINGS)) {
    if (headingName(el) !== wanted) continue;
    for (let next = el.nextElementSibling; next && !next.matches(HEADINGS); next = next.nextElementSibling) {
      const text = collapseWhitespace(next.textContent ?? '');
      if (text) return text;
    }
  }
  return undefined;
}

/** Links in the abstract, plus Hugging Face's official repo and project page where known. */
export function paperLinks(abstract?: string, githubRepo?: string, projectPage?: string): PaperLink[] {
  return findLinks({ text: abstract ? [abstract] : [], githubRepo, projectPage });
}

/**
 * The JSON object a script assigns to `name` (`xplGlobal.document.metadata = {…};`), parsed; undefined when there is
 * no such assignment or the object does not parse. The object ends where its braces balance, strings skipped.
 */
export function assignedJsonObject(script: string, name: string): unknown {
  const at = script.indexOf(name);
  const assignment =
    at < 0 ? null : /^\s*=\s*\{/.exec(script.slice(at + name.length, at + name.length + 100));
  if (!assignment) return undefined;
  const start = at + name.length + assignment[0].length - 1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i++) {
    const char = script[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return parseJson(script.slice(start, i + 1));
  }
  return undefined;
}

export type Json = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON.parse that gives undefined for what does not parse. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A field far longer than any abstract is not paper data: cleaning it would freeze the tab.
const MAX_JSON_TEXT = 100_000;

/**
 * Plain text of a JSON value a page's data holds (a string, or a number), HTML entities decoded and markup taken out
 * as text (markupToText); undefined for anything else, empty or overlong.
 */
export function jsonText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length > MAX_JSON_TEXT) return undefined;
  return markupToText(decodeHtmlEntities(value)) || undefined;
}

/**
 * `<link rel=canonical>` when it is an http(s) URL (cleanUrl drops anything else), else the page URL itself when
 * it is one; undefined for a page read at no web URL.
 */
export function canonicalPageUrl(doc: Document, url: string): string | undefined {
  const href = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  // A path on the page's own site is resolved against the page; another site's must be written out in full.
  const onSite = URL.canParse(href, url) && new URL(href, url).origin === new URL(url).origin;
  const pageUrl = /^https?:\/\/[^/?#\s]/i.test(url) && URL.canParse(url) ? url : undefined;
  return cleanUrl(onSite ? new URL(href, url).href : href) ?? pageUrl;
}
