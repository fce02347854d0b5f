/**
 * JSON Lines files for the CLIs, evaluations and benches: plain, or gzipped when the name ends in `.gz`
 * (streamed, so a 120 MB corpus never sits in memory as one string). Blank lines are skipped. A missing file
 * or a line that is not a JSON object throws an Error whose message names the file and line.
 */
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** `../shared/datasets` beside the project, where benchmarks and evaluations read real paper metadata. */
export const DATASETS = resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  if (!existsSync(file)) throw new Error(`cannot read ${file} (no such file)`);
  const lines = createInterface({ input: openText(file), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() !== '') yield { line, value: parseObject(text, file, line) };
    }
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    throw code ? new Error(`cannot read ${file} (${code === 'Z_DATA_ERROR' ? 'not gzip' : code})`) : error;
  } finally {
    lines.close();
  }
}

/** Every line's object, in order. */
export async function readJsonLinesArray(file: string): Promise<Record<string, unknown>[]> {
  const values: Record<string, unknown>[] = [];
  for await (const { value } of readJsonLines(file)) values.push(value);
  return values;
}

function openText(file: string): Readable {
  const bytes = createReadStream(file);
  if (!file.endsWith('.gz')) return bytes.setEncoding('utf8');
  const text = createGunzip();
  // A read error (a directory, no permission) is reported through the text stream the reader holds.
  bytes.on('error', (error) => text.destroy(error));
  return bytes.pipe(text).setEncoding('utf8');
}

function parseObject(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} line ${line}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${file} line ${line}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** A line of the paper datasets (/work/shared/datasets/SOURCES.md) and of the `related` CLI's corpus. */
export interface DatasetPaper {
  id: string;
  title?: string;
  abstract?: string;
  categories?: string[];
  authors?: string[];
  date?: string;
}

/** The papers of a dataset file; a line without a string `id`, or with a field of the wrong type, throws. */
export async function readPapers(file: string): Promise<DatasetPaper[]> {
  const papers: DatasetPaper[] = [];
  for await (const { line, value } of readJsonLines(file))
    papers.push(datasetPaperOf(value, `${file} line ${line}`));
  return papers;
}

export function datasetPaperOf(value: Record<string, unknown>, where: string): DatasetPaper {
  const { id } = value;
  if (typeof id !== 'string' || id === '') throw new Error(`${where}: expected a string "id"`);
  const paper: DatasetPaper = { id };
  for (const name of ['title', 'abstract', 'date'] as const) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') throw new Error(`${where}: "${name}" is not a string`);
    paper[name] = field;
  }
  for (const name of ['categories', 'authors'] as const) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    if (!isStrings(field)) throw new Error(`${where}: "${name}" is not a list of strings`);
    paper[name] = field;
  }
  return paper;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
