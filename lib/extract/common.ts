/** Small readers shared by the extractors: text, meta tags, names and dates as pages write them. */
import { findLinks } from '../links';
import type { PaperLink } from '../paper';
import { collapseWhitespace } from '../text';

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
 * The date a meta tag states, as precisely as it states it: `yyyy-mm-dd` (any form isoDate reads), else
 * `yyyy-mm` from `2019/6` or `2019-06`, else `yyyy` from a year alone. Undefined for anything else.
 */
export function partialIsoDate(text: string | undefined): string | undefined {
  const full = isoDate(text);
  if (full || !text) return full;
  const [, year, month] = /^(\d{4})(?:[/-](\d{1,2}))?$/.exec(text.trim()) ?? [];
  if (!year) return undefined;
  if (month === undefined) return year;
  const m = Number(month);
  return m >= 1 && m <= 12 ? `${year}-${String(m).padStart(2, '0')}` : undefined;
}

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
