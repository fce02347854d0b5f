/**
 * "Import a reading list": the pure part. A reading list is a JSON Lines file, plain or gzipped, one paper a
 * line as the shared datasets write them: `{id, title, abstract, categories, authors, date}`. It is read twice
 * as a stream, never held whole: checkReadingList finds the first bad line (nothing is imported then), and
 * readingListBatches hands the papers over in batches. Web-standard APIs only (Blob.stream,
 * DecompressionStream, TextDecoder): it runs in a service worker, a page and Node alike.
 *
 * Mapping of a line:
 * - `id`: an arXiv id (`2501.01234`, `hep-th/9901001`, with or without `arXiv:`, a version `v2`, or an
 *   arxiv.org URL, or arXiv's own DOI `10.48550/arXiv.…`) gives the arXiv record (`arxiv:<bare id>`, abs and
 *   PDF URLs, version); a DOI (`10.1234/x`, `doi:…`, `https://doi.org/…`) gives `doi:<lowercased>`. Required.
 * - `title`: required text, whitespace collapsed. `abstract`: text, whitespace collapsed; its links are found
 *   as on a listing page. `authors`: a list of names, trimmed, empty ones dropped. `categories`: a list of
 *   category codes, the first being the primary one. `date`: `yyyy-mm-dd` (or another form a page writes it:
 *   `2025/03/18`, `18 Mar 2025`, an ISO timestamp) becomes `submitted`; a month or a year alone stays
 *   `yyyy-mm` or `yyyy` (no day is made up), as the page extractors keep it; an impossible date is a bad line.
 * - Absent and `null` optional fields are absent; other fields are ignored. Text stays text: no markup is
 *   interpreted, no entity decoded.
 */
import { arxivPaper } from './extract/arxiv-common';
import { compact, partialIsoDate } from './extract/common';
import { arxivAbsUrl, fallbackId, parseArxivId, parseArxivUrl } from './ids';
import { findLinks } from './links';
import { MAX_IMPORTED_AUTHOR_NAME, MAX_IMPORTED_AUTHORS } from './message-rules';
import type { PageKind, Paper } from './paper';
import { collapseWhitespace } from './text';

/** What is wrong with a reading list, in words for its reader; `line` is the 1-based line number, if any. */
export class ReadingListError extends Error {
  line?: number;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `Line ${line}: ${message}`);
    this.name = 'ReadingListError';
    if (line !== undefined) this.line = line;
  }
}

const KIND: PageKind = 'reading-list';

/** A line longer than this is refused while it is read, before it is held whole. */
export const MAX_LINE_CHARS = 1_000_000;
const MAX_TITLE = 1_000;
const MAX_ABSTRACT = 50_000;
const MAX_CATEGORIES = 100;
const PROGRESS_EVERY = 1_000;
const PIECE_BYTES = 64 * 1024;

// A DOI as written in a reading list; arXiv's own DataCite DOI names an arXiv paper.
const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
// `cs.CV`, `hep-th`, `astro-ph.GA`, `cond-mat.str-el`, `math-ph`.
const CATEGORY_CODE = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;

/** One line turned into a Paper; throws a ReadingListError saying what is wrong with it. */
export function paperFromLine(line: string, lineNumber: number): Paper {
  return readPaper(line, lineNumber, true);
}

/**
 * The file's lines, numbered as an editor numbers them: gunzipped when the file starts with gzip's magic
 * bytes, `\r\n` or `\n` ends, a UTF-8 BOM dropped, blank lines skipped (but counted). Throws a
 * ReadingListError for a file that is not UTF-8 text, a damaged or truncated gzip, or a line over
 * MAX_LINE_CHARS (refused as soon as it is that long).
 */
export async function* readLines(file: Blob): AsyncGenerator<{ line: string; number: number }> {
  for await (const { line, number } of linesOf(file)) yield { line, number };
}

/**
 * First pass: checks every line and counts the papers, or throws a ReadingListError naming the first bad line.
 * `onProgress(lines, bytes)` is called every 1,000 lines and at the end: lines read, and bytes of the file
 * read (compare with `file.size`; for a gzipped file, compressed bytes). An aborted `signal` stops it with
 * an error named `AbortError`.
 */
export async function checkReadingList(
  file: Blob,
  options: { signal?: AbortSignal; onProgress?(lines: number, bytes: number): void } = {},
): Promise<{ papers: number }> {
  const { signal, onProgress } = options;
  let papers = 0;
  let lines = 0;
  let bytes = 0;
  for await (const read of linesOf(file, signal)) {
    // Links cannot make a line bad: the first pass does not look for them.
    readPaper(read.line, read.number, false);
    papers++;
    ({ number: lines, bytes } = read);
    if (onProgress && papers % PROGRESS_EVERY === 0) {
      onProgress(lines, bytes);
      // A file read from memory never waits: without a pause, what onProgress started (a write) never runs.
      await new Promise((resolve) => setTimeout(resolve));
    }
  }
  if (papers === 0) throw new ReadingListError('The file is empty: it holds no papers.');
  onProgress?.(lines, bytes);
  return { papers };
}

/**
 * Second pass: the papers, `batchSize` at a time (the last batch may be smaller), with the same checks as
 * checkReadingList: a bad line throws there, after the batches before it were handed out.
 */
export async function* readingListBatches(
  file: Blob,
  batchSize: number,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<Paper[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number above 0, not ${batchSize}`);
  }
  let batch: Paper[] = [];
  let papers = 0;
  for await (const { line, number } of linesOf(file, options.signal)) {
    batch.push(readPaper(line, number, true));
    papers++;
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (papers === 0) throw new ReadingListError('The file is empty: it holds no papers.');
  if (batch.length > 0) yield batch;
}

// ---- Reading the file ----

interface ReadLine {
  line: string;
  number: number;
  /** Bytes of the file read so far. */
  bytes: number;
}

async function* linesOf(file: Blob, signal?: AbortSignal): AsyncGenerator<ReadLine> {
  throwIfAborted(signal);
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  let bytes = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const reader = (gzipped ? counted.pipeThrough(new DecompressionStream('gzip')) : counted).getReader();
  // `fatal`: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD; the BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let number = 1;
  try {
    for (;;) {
      throwIfAborted(signal);
      let chunk: Uint8Array | undefined;
      try {
        const result = await reader.read();
        chunk = result.done ? undefined : result.value;
      } catch (error) {
        throw unreadable(error, gzipped, number);
      }
      for (const piece of chunk ? piecesOf(chunk) : [undefined]) {
        const text = decode(decoder, piece, number);
        let start = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          const line = withoutCr(pending + text.slice(start, end));
          pending = '';
          start = end + 1;
          if (line.length > MAX_LINE_CHARS) throw tooLong(number);
          if (!isBlank(line)) {
            yield { line, number, bytes };
            throwIfAborted(signal);
          }
          number++;
        }
        pending += text.slice(start);
        if (pending.length > MAX_LINE_CHARS) throw tooLong(number);
      }
      if (!chunk) break;
    }
    const last = withoutCr(pending);
    if (!isBlank(last)) yield { line: last, number, bytes };
  } finally {
    // Stops reading the file when the caller stops early (a bad line, an abort, a break).
    await reader.cancel().catch(() => {});
  }
}

/**
 * A chunk in pieces of at most 64 KiB (views, not copies): a Blob made in memory may come as one chunk of
 * its whole size, and a bad byte or an overlong line must be found without decoding all of it.
 */
function* piecesOf(chunk: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < chunk.byteLength; offset += PIECE_BYTES) {
    yield chunk.subarray(offset, offset + PIECE_BYTES);
  }
}

/** The chunk's text (all that is left, at the end); throws for bytes that are not text, naming their line. */
function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, line: number): string {
  let text: string;
  try {
    text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    // Where it went wrong: the first replacement character of a lenient reading of the chunk.
    const lenient = chunk ? new TextDecoder().decode(chunk) : '';
    throw notText(line + newlinesBefore(lenient, lenient.indexOf('\uFFFD')));
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) throw notText(line + newlinesBefore(text, nul));
  return text;
}

function newlinesBefore(text: string, index: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function notText(line: number): ReadingListError {
  return line === 1
    ? new ReadingListError(
        'The file is not text. A reading list is a JSON Lines file (.jsonl), plain or gzipped, in UTF-8.',
      )
    : new ReadingListError('not UTF-8 text: the file is damaged or not a reading list.', line);
}

function unreadable(error: unknown, gzipped: boolean, line: number): ReadingListError {
  if (gzipped) {
    const where = line > 1 ? ` after line ${line - 1}` : '';
    return new ReadingListError(
      `The gzipped file is damaged or cut short${where}. Download or compress it again.`,
    );
  }
  return new ReadingListError(
    `The file could not be read (${error instanceof Error ? error.message : error}).`,
  );
}

function tooLong(line: number): ReadingListError {
  return new ReadingListError(
    `too long: a line holds one paper, and this one is over ${MAX_LINE_CHARS.toLocaleString('en')} characters.`,
    line,
  );
}

const withoutCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

const isBlank = (line: string): boolean => /^\s*$/.test(line);

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The reading list import was cancelled.', 'AbortError');
}

// ---- One line ----

function readPaper(line: string, number: number, withLinks: boolean): Paper {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ReadingListError(`not valid JSON. Each line must be one paper: {"id": …, "title": …}.`, number);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReadingListError(
      `not a paper: each line must be a JSON object {"id": …, "title": …}, not ${describe(value)}.`,
      number,
    );
  }
  const record = value as Record<string, unknown>;
  const bad = (what: string) => new ReadingListError(what, number);

  const id = text(record, 'id', bad);
  if (!id) throw bad('no id: every paper needs its arXiv id or DOI.');
  const title = text(record, 'title', bad, MAX_TITLE);
  if (!title) throw bad('no title.');
  const abstract = text(record, 'abstract', bad, MAX_ABSTRACT);
  const fields = {
    title,
    authors: authorsOf(record.authors, bad),
    abstract,
    submitted: dateOf(record.date, bad),
    ...categoriesOf(record.categories, bad),
    links: withLinks && abstract ? findLinks({ text: [abstract] }) : undefined,
  };

  const arxiv = arxivRefIn(id);
  if (arxiv) {
    return arxivPaper(KIND, arxivAbsUrl(arxiv.arxivId), { ...arxiv, ...fields });
  }
  const doi = DOI.exec(id)?.[1];
  if (doi) {
    const url = `https://doi.org/${doi}`;
    return compact({ id: fallbackId(doi, url), doi, ...fields, source: { site: 'web', kind: KIND, url } });
  }
  throw bad(
    `id "${shorten(id)}" is not an arXiv id (such as 2501.01234 or hep-th/9901001) or a DOI (such as 10.1145/3366423.3380211).`,
  );
}

function arxivRefIn(id: string): { arxivId: string; version?: number } | undefined {
  const ref = parseArxivId(id) ?? parseArxivUrl(id);
  if (ref) return ref.version ? { arxivId: ref.arxivId, version: ref.version } : { arxivId: ref.arxivId };
  const arxivDoi = ARXIV_DOI.exec(DOI.exec(id)?.[1] ?? '')?.[1];
  return arxivDoi ? parseArxivId(arxivDoi) : undefined;
}

type Bad = (what: string) => ReadingListError;

/** The field as collapsed text; undefined when absent, null or blank. */
function text(record: Record<string, unknown>, field: string, bad: Bad, max?: number): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`${field} is not text: it is ${describe(value)}.`);
  const collapsed = collapseWhitespace(value);
  if (max !== undefined && collapsed.length > max) throw bad(tooLongField(field, collapsed.length, max));
  return collapsed || undefined;
}

function authorsOf(value: unknown, bad: Bad): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw bad(
      `authors is not a list of names: it is ${describe(value)}. Write ["First Author", "Second Author"].`,
    );
  }
  if (value.length > MAX_IMPORTED_AUTHORS) {
    throw bad(
      `too many authors (${value.length.toLocaleString('en')}; at most ${MAX_IMPORTED_AUTHORS.toLocaleString('en')}).`,
    );
  }
  return value
    .map((name: unknown, index) => {
      if (typeof name !== 'string') throw bad(`author ${index + 1} is not a name: it is ${describe(name)}.`);
      const collapsed = collapseWhitespace(name);
      if (collapsed.length > MAX_IMPORTED_AUTHOR_NAME) {
        throw bad(tooLongField(`author ${index + 1}`, collapsed.length, MAX_IMPORTED_AUTHOR_NAME));
      }
      return collapsed;
    })
    .filter(Boolean);
}

function categoriesOf(value: unknown, bad: Bad): Pick<Paper, 'primaryCategory' | 'categories'> {
  if (value === undefined || value === null) return {};
  if (!Array.isArray(value)) {
    throw bad(
      `categories is not a list of category codes: it is ${describe(value)}. Write ["cs.CL", "cs.LG"].`,
    );
  }
  if (value.length > MAX_CATEGORIES) {
    throw bad(`too many categories (${value.length.toLocaleString('en')}; at most ${MAX_CATEGORIES}).`);
  }
  const codes = value
    .map((code: unknown, index) => {
      if (typeof code !== 'string') throw bad(`category ${index + 1} is not text: it is ${describe(code)}.`);
      const trimmed = code.trim();
      if (trimmed && !CATEGORY_CODE.test(trimmed)) {
        throw bad(`category "${shorten(trimmed)}" is not an arXiv category code (such as cs.CL or hep-th).`);
      }
      return trimmed;
    })
    .filter(Boolean);
  const categories = [...new Set(codes)];
  return { primaryCategory: categories[0], categories };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `yyyy-mm-dd`; a year or a month alone is kept as `yyyy` or `yyyy-mm`, as the page extractors keep it. */
function dateOf(value: unknown, bad: Bad): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`date is not text: it is ${describe(value)}. Write "2025-03-18".`);
  const written = value.trim();
  if (!written) return undefined;
  const date = DAY.test(written) ? written : partialIsoDate(written);
  if (!date) throw bad(`date "${shorten(written)}" is not a date. Write it as year-month-day: "2025-03-18".`);
  if (date.length === 10 && !isRealDay(date)) throw bad(`date "${shorten(written)}" is not a real day.`);
  return date;
}

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

function tooLongField(field: string, length: number, max: number): string {
  return `${field} is too long (${length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')}).`;
}

/** What a JSON value is, for a message: "a number", "a list", "text"... */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `${value}`;
    default:
      return 'an object';
  }
}

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
