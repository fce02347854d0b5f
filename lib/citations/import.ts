/**
 * "Bring an existing library": the papers of a BibTeX or RIS file (Zotero, Better BibTeX, JabRef, Google Scholar
 * exports), read by citation-js. The format is told by the content, not the file name.
 *
 * Identity: an arXiv id in any of the forms exporters write it becomes an `arxiv:` record (built as the arXiv
 * extractors build theirs, lib/extract/arxiv-common.ts): `eprint` (with `archivePrefix`/`eprinttype` arXiv, or
 * none), an arxiv.org abs/PDF link in `url`/`file`/`howpublished`/`note` (RIS: `UR`, `L1`-`L4`, `LK`), arXiv's
 * own DOI `10.48550/arXiv.*`, or `arXiv:ID` in the journal, note or number. Else a DOI makes a `doi:` record.
 * An entry with neither is skipped ("no arXiv id or DOI"), as is an entry the parser cannot read (with its
 * words). The same paper twice in a file is one record (lib/merge.ts). Fields: title and authors decoded from
 * LaTeX to text by citation-js, the abstract, the date (as precise as written), the publisher's DOI, the venue
 * as journal ref, arXiv's primary class and Zotero's "Comment:" notes.
 */

import * as v from 'valibot';
import { arxivPaper } from '../extract/arxiv-common';
import { compact, partialIsoDate } from '../extract/common';
import { arxivAbsUrl, fallbackId, parseArxivId, parseArxivUrl } from '../ids';
import { mergePaper } from '../merge';
import { libraryPaperSchema } from '../message-rules';
import type { PageKind, Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { plugins } from './cite';
import { joinName } from './names';

/** Why a file could not be read at all, in words for its reader. */
export class CitationFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CitationFileError';
  }
}

export interface CitationImport {
  papers: Paper[];
  /** Entries not imported: which one (its citation key, else its title), and why. */
  skipped: { entry: string; reason: string }[];
  /** Entries that were the same paper as an earlier one (its `id`), merged into it. */
  duplicates: { entry: string; id: string }[];
}

export type CitationFormat = 'bibtex' | 'ris';

const KIND: PageKind = 'citation-file';
export const NO_ID = 'no arXiv id or DOI';

const RIS_LINE = /^\s*TY {2}-/m;
const BIBTEX_ENTRY = /^\s*@[a-zA-Z]+\s*[{(]/m;

/**
 * BibTeX or RIS, by what the text holds (the first RIS `TY  - ` line or BibTeX `@type{`, whichever comes first);
 * throws a CitationFileError for an empty file or one that is neither.
 */
export function detectCitationFormat(text: string, fileName?: string): CitationFormat {
  const name = fileName ? `"${fileName}"` : 'The file';
  if (!text.trim()) throw new CitationFileError(`${name} is empty: there is no citation to import.`);
  const ris = RIS_LINE.exec(text)?.index ?? -1;
  const bibtex = BIBTEX_ENTRY.exec(text)?.index ?? -1;
  if (ris === -1 && bibtex === -1) {
    throw new CitationFileError(
      `${name} is neither BibTeX (no entry such as "@article{key,") nor RIS (no record starting "TY  - ").`,
    );
  }
  if (ris === -1) return 'bibtex';
  if (bibtex === -1) return 'ris';
  return ris < bibtex ? 'ris' : 'bibtex';
}

/** The papers of a BibTeX or RIS file; throws a CitationFileError (with its message) only for a file that has none. */
export function parseCitations(text: string, fileName?: string): CitationImport {
  const clean = text.replace(/^\uFEFF/, '');
  const format = detectCitationFormat(clean, fileName);
  const records = format === 'ris' ? risRecords(clean) : bibtexRecords(clean);
  const byId = new Map<string, Paper>();
  const skipped: CitationImport['skipped'] = [];
  const duplicates: CitationImport['duplicates'] = [];
  for (const record of records) {
    if ('reason' in record) {
      skipped.push(record);
      continue;
    }
    let paper: Paper | undefined;
    try {
      paper = toPaper(record);
    } catch (error) {
      skipped.push({ entry: record.name, reason: `not readable: ${messageOf(error)}` });
      continue;
    }
    if (!paper) {
      skipped.push({ entry: record.name, reason: NO_ID });
      continue;
    }
    // Outside what the library holds (a 2,000-character author), it could be neither backed up nor synced.
    const checked = v.safeParse(libraryPaperSchema, paper);
    if (!checked.success) {
      skipped.push({
        entry: record.name,
        reason: `too large: ${v.getDotPath(checked.issues[0]) ?? 'the entry'} ${checked.issues[0].message}`,
      });
      continue;
    }
    const seen = byId.get(paper.id);
    if (seen) duplicates.push({ entry: record.name, id: paper.id });
    byId.set(paper.id, seen ? mergePaper(seen, paper) : paper);
  }
  return { papers: [...byId.values()], skipped, duplicates };
}

/** One entry of the file: its raw fields (for the ids) and citation-js's CSL-JSON item (for the rest). */
interface SourceRecord {
  name: string;
  /** Field name (lowercase BibTeX field or RIS tag) -> values as written. */
  raw: Map<string, string[]>;
  csl: Record<string, unknown>;
}
type Skipped = CitationImport['skipped'][number];

interface BibtexEntry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

/**
 * The entries of a BibTeX file. The whole file is read at once (so `@string` macros apply everywhere); when the
 * parser stops at a broken entry, each entry is read on its own (after the file's `@string`s) and a broken one is
 * skipped with the parser's words and its line.
 */
function bibtexRecords(text: string): (SourceRecord | Skipped)[] {
  let entries: BibtexEntry[];
  try {
    entries = bibtexEntries(text);
  } catch {
    return bibtexRecordsOneByOne(text);
  }
  return entries.map(bibtexRecord);
}

function bibtexEntries(text: string): BibtexEntry[] {
  const entries = plugins.input.chainLink(text);
  if (!Array.isArray(entries)) throw new CitationFileError('citation-js read no BibTeX entries.');
  return entries as BibtexEntry[];
}

function bibtexRecordsOneByOne(text: string): (SourceRecord | Skipped)[] {
  const starts = [...text.matchAll(/^[ \t]*@/gm)].map((match) => match.index);
  const chunks = starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
  const strings = chunks
    .filter((chunk) => /^\s*@string\s*[{(]/i.test(chunk.text))
    .map((chunk) => chunk.text)
    .join('\n');
  const out: (SourceRecord | Skipped)[] = [];
  for (const chunk of chunks) {
    if (/^\s*@(?:string|preamble|comment)\b/i.test(chunk.text)) continue;
    const key = /^\s*@\w+\s*[{(]\s*([^,\s]*)/.exec(chunk.text)?.[1];
    const line = text.slice(0, chunk.start).split('\n').length;
    try {
      out.push(...bibtexEntries(`${strings}\n${chunk.text}`).map(bibtexRecord));
    } catch (error) {
      const words = messageOf(error)
        .split('\n')[0]
        ?.replace(/ at line \d+ col \d+:?$/, '');
      out.push({
        entry: key || `entry at line ${line}`,
        reason: `not readable as BibTeX (entry starting at line ${line}): ${words}`,
      });
    }
  }
  return out;
}

function bibtexRecord(entry: BibtexEntry): SourceRecord | Skipped {
  const raw = new Map<string, string[]>();
  for (const [field, value] of Object.entries(entry.properties ?? {})) raw.set(field.toLowerCase(), [value]);
  const name = entry.label || String(entry.properties?.title ?? '') || 'untitled entry';
  try {
    return { name, raw, csl: firstCsl(plugins.input.chain([entry], { generateGraph: false })) };
  } catch (error) {
    return { entry: name, reason: `not readable: ${messageOf(error)}` };
  }
}

function risRecords(text: string): (SourceRecord | Skipped)[] {
  const records = plugins.input.chainLink(text);
  if (!Array.isArray(records)) throw new CitationFileError('citation-js read no RIS records.');
  return (records as Record<string, string | string[]>[]).map((record, i) => {
    const raw = new Map<string, string[]>();
    for (const [tag, value] of Object.entries(record)) raw.set(tag.toUpperCase(), [value].flat().map(String));
    const title = raw.get('TI')?.[0] ?? raw.get('T1')?.[0];
    const name = title ? `"${collapseWhitespace(title).slice(0, 80)}" (record ${i + 1})` : `record ${i + 1}`;
    try {
      return { name, raw, csl: firstCsl(plugins.input.chain(record, { generateGraph: false })) };
    } catch (error) {
      return { entry: name, reason: `not readable: ${messageOf(error)}` };
    }
  });
}

function firstCsl(parsed: unknown): Record<string, unknown> {
  const item = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!item || typeof item !== 'object') throw new Error('citation-js made no record of it');
  return item as Record<string, unknown>;
}

// Where an exporter puts an arXiv link, an `arXiv:ID` mention, an eprint.
const LINK_FIELDS = ['url', 'file', 'howpublished', 'note', 'UR', 'L1', 'L2', 'L3', 'L4', 'LK'];
const MENTION_FIELDS = [
  'journal',
  'journaltitle',
  'note',
  'number',
  'T2',
  'JO',
  'JF',
  'JA',
  'N1',
  'M1',
  'C7',
];
const ARXIV_MENTION =
  /\barXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)(?![\w.])/gi;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
const DOI_TEXT = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
const CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;

interface ArxivRef {
  arxivId: string;
  version?: number;
}

function toPaper(record: SourceRecord): Paper | undefined {
  const values = (...fields: string[]): string[] => fields.flatMap((field) => record.raw.get(field) ?? []);
  const dois = [...values('doi', 'DO'), typeof record.csl.DOI === 'string' ? record.csl.DOI : '']
    .map((doi) => DOI_TEXT.exec(doi.trim())?.[1])
    .filter((doi): doi is string => Boolean(doi));
  const arxivDoi = dois.map((doi) => ARXIV_DOI.exec(doi)?.[1]).find(Boolean);
  const doi = dois.find((candidate) => !ARXIV_DOI.test(candidate));
  const arxiv =
    eprintOf(record) ??
    linkedArxiv(values(...LINK_FIELDS)) ??
    idOf(arxivDoi) ??
    mentioned(values(...MENTION_FIELDS));
  if (!arxiv && !doi) return undefined;

  const csl = record.csl;
  const primary = values('eprintclass', 'primaryclass')
    .map((code) => code.trim())
    .find((code) => CATEGORY.test(code));
  const fields = compact({
    arxivId: arxiv?.arxivId,
    version: arxiv?.version,
    title: plainText(csl.title),
    authors: namesOf(csl.author),
    abstract: plainText(csl.abstract),
    submitted: dateOf(csl.issued),
    doi,
    journalRef: venueOf(csl),
    comments: commentsOf(values('note', 'N1', 'annote')),
    primaryCategory: arxiv ? primary : undefined,
    categories: arxiv && primary ? [primary] : undefined,
  });
  if (arxiv) return arxivPaper(KIND, arxivAbsUrl(arxiv.arxivId), { ...fields, arxivId: arxiv.arxivId });
  const url = `https://doi.org/${doi}`;
  return compact<Paper>({ id: fallbackId(doi, url), ...fields, source: { site: 'web', kind: KIND, url } });
}

function idOf(text: string | undefined): ArxivRef | undefined {
  const ref = text ? parseArxivId(text.trim().split(/\s/)[0] ?? '') : undefined;
  if (!ref) return undefined;
  return ref.version ? { arxivId: ref.arxivId, version: ref.version } : { arxivId: ref.arxivId };
}

/** `eprint` unless it is another archive's (`eprinttype = {pubmed}`). */
function eprintOf(record: SourceRecord): ArxivRef | undefined {
  const archive = [...(record.raw.get('archiveprefix') ?? []), ...(record.raw.get('eprinttype') ?? [])];
  if (archive.length > 0 && !archive.some((name) => /^arxiv$/i.test(name.trim()))) return undefined;
  return idOf(record.raw.get('eprint')?.[0]);
}

/** The first arxiv.org abs/PDF link in link fields, JabRef's `\:` escapes and file-type suffixes undone. */
function linkedArxiv(texts: string[]): ArxivRef | undefined {
  for (const text of texts) {
    for (const [url] of text.replace(/\\:/g, ':').matchAll(/https?:\/\/[^\s;,{}]+/g)) {
      const ref = parseArxivUrl(url.replace(/:[A-Za-z][\w/.+-]*$/, ''));
      if (ref) return idOf(ref.version ? `${ref.arxivId}v${ref.version}` : ref.arxivId);
    }
  }
  return undefined;
}

function mentioned(texts: string[]): ArxivRef | undefined {
  for (const text of texts) {
    for (const match of text.matchAll(ARXIV_MENTION)) {
      const ref = idOf(match[1]);
      if (ref) return ref;
    }
  }
  return undefined;
}

// The rich-text markup citation-js writes into CSL strings for \textit, \textbf, \textsc, braces.
const RICH_TEXT = /<\/?(?:i|b|sc|sup|sub)>|<span\b[^>]*>|<\/span>/g;

function plainText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return collapseWhitespace(composed(value.replace(RICH_TEXT, ''))) || undefined;
}

/** Accents as single letters: LaTeX's `{\'\i}` is a dotless i and a combining accent, read as "í". */
function composed(text: string): string {
  return text
    .replace(/ı(?=[\u0300-\u036f])/g, 'i')
    .replace(/ȷ(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC');
}

function namesOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((name) => composed(joinName(name as Record<string, string>))).filter(Boolean);
}

function dateOf(value: unknown): string | undefined {
  const parts = (value as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (!Array.isArray(parts) || parts.length === 0) return undefined;
  const [year, month, day] = parts.map(Number);
  if (!year || !Number.isInteger(year)) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const text =
    day && month ? `${year}-${pad(month)}-${pad(day)}` : month ? `${year}-${pad(month)}` : `${year}`;
  return partialIsoDate(text);
}

/** "Machine Learning 50(1), 5-43": the venue, unless it only says arXiv ("arXiv preprint arXiv:1704.06104"). */
function venueOf(csl: Record<string, unknown>): string | undefined {
  const venue = plainText(csl['container-title']);
  if (!venue || /\barxiv\b/i.test(venue)) return undefined;
  const volume = plainText(csl.volume);
  const issue = plainText(csl.issue);
  const page = plainText(csl.page);
  return `${venue}${volume ? ` ${volume}` : ''}${issue ? `(${issue})` : ''}${page ? `, ${page}` : ''}`;
}

/** arXiv's comments as Zotero keeps them: a note line "Comment: 46 pages, 13 figures". */
function commentsOf(notes: string[]): string | undefined {
  const comments = notes.flatMap((note) =>
    note
      .split(/\r?\n/)
      .map((line) => /^\s*Comments?:\s*(.+)$/i.exec(line)?.[1])
      .filter((line): line is string => Boolean(line)),
  );
  return comments.length > 0 ? collapseWhitespace(comments.join(' ')) : undefined;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return collapseWhitespace(text.split('\n')[0] ?? '') || 'unknown error';
}
