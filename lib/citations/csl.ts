/**
 * Papershelf's own mapping of a paper to CSL-JSON, and the citation keys of an export. citation-js formats what
 * this builds; the choices here are ours:
 * - a paper with neither journal ref nor DOI is a preprint: CSL `article` (CSL's type for preprints); an arXiv
 *   one has `publisher` and `archive` "arXiv", `number` "arXiv:ID" (as Zotero writes preprints);
 * - a paper with a journal ref or a DOI is `article-journal`, its journal ref the container title;
 * - authors are split into given / particle / family (lib/citations/names.ts), organisations are literals;
 * - `issued` is the v1 date (`submitted`), as precise as it is known; `URL` the abs page (else the page the
 *   paper was read from); `note` the arXiv comments; `abstract` as stored.
 */
import type { Paper } from '../paper';
import { asciiFold, type CslName, splitName } from './names';

export interface CslItem {
  id: string;
  'citation-key': string;
  type: 'article' | 'article-journal';
  title?: string;
  author?: CslName[];
  issued?: { 'date-parts': [number[]] };
  DOI?: string;
  URL?: string;
  abstract?: string;
  note?: string;
  'container-title'?: string;
  publisher?: string;
  number?: string;
  archive?: string;
  archive_location?: string;
}

/** What an export knows beyond CSL-JSON: the arXiv id and primary category of a paper (BibTeX's eprint fields). */
export interface ArxivFields {
  eprint: string;
  primaryClass?: string;
}

/** The CSL-JSON item of one paper under citation key `key`. */
export function paperToCsl(paper: Paper, key: string): CslItem {
  const published = Boolean(paper.journalRef || paper.doi);
  const item: CslItem = {
    id: key,
    'citation-key': key,
    type: published ? 'article-journal' : 'article',
  };
  if (paper.title) item.title = paper.title;
  const authors = (paper.authors ?? []).map(splitName).filter((name): name is CslName => name !== undefined);
  if (authors.length > 0) item.author = authors;
  const issued = dateParts(paper.submitted);
  if (issued) item.issued = { 'date-parts': [issued] };
  if (paper.doi) item.DOI = paper.doi;
  const url = paper.absUrl ?? (/^https?:\/\//.test(paper.source.url) ? paper.source.url : undefined);
  if (url) item.URL = url;
  if (paper.abstract) item.abstract = paper.abstract;
  if (paper.comments) item.note = paper.comments;
  if (paper.journalRef) item['container-title'] = paper.journalRef;
  if (paper.arxivId) {
    item.archive = 'arXiv';
    item.archive_location = paper.arxivId;
    if (!published) {
      item.publisher = 'arXiv';
      item.number = `arXiv:${paper.arxivId}`;
    }
  }
  return item;
}

export function arxivFields(paper: Paper): ArxivFields | undefined {
  if (!paper.arxivId) return undefined;
  return paper.primaryCategory
    ? { eprint: paper.arxivId, primaryClass: paper.primaryCategory }
    : { eprint: paper.arxivId };
}

/** `2017-06-12` -> [2017, 6, 12]; `2017-06` and `2017` as precise as they are; undefined for anything else. */
export function dateParts(date: string | undefined): number[] | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date ?? '');
  if (!match) return undefined;
  return match.slice(1).filter(Boolean).map(Number);
}

// Words a key skips to reach the first significant one of the title.
const STOP_WORDS = new Set(
  'a an the on of in for to and or with from at by via toward towards is are do does what how why when can we its into not as'.split(
    ' ',
  ),
);

/** The readable part of a key: first author's family name, year, first significant title word; ASCII only. */
export function baseKey(paper: Paper): string {
  const first = (paper.authors ?? []).map(splitName).find((name) => name !== undefined);
  const family = asciiFold(first?.family ?? first?.literal?.split(/\s+/)[0] ?? '') || 'anon';
  const year = /^\d{4}/.exec(paper.submitted ?? '')?.[0] ?? '';
  const words = (paper.title ?? '')
    .replace(/\$[^$]*\$/g, ' ')
    .split(/[\s\-–—:/]+/)
    .map(asciiFold)
    .filter(Boolean);
  const word = words.find((w) => !STOP_WORDS.has(w)) ?? '';
  return `${family}${year}${word}`;
}

/**
 * One key per paper, in order: `vaswani2017attention`; a key already taken in this export gets `a`, `b`, ...
 * (`vaswani2017attentiona`), after `z` `aa`.
 */
export function citationKeys(papers: Paper[]): string[] {
  const used = new Set<string>();
  return papers.map((paper) => {
    const base = baseKey(paper);
    let key = base;
    for (let n = 0; used.has(key); n += 1) key = `${base}${letters(n)}`;
    used.add(key);
    return key;
  });
}

function letters(n: number): string {
  const letter = String.fromCharCode(97 + (n % 26));
  return n < 26 ? letter : `${letters(Math.floor(n / 26) - 1)}${letter}`;
}
