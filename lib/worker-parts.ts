/**
 * Parts of the library index's worker loaded when first used rather than with it: the citation reader
 * (citation-js, ~180 KB) for a BibTeX or RIS import, and PouchDB (~107 KB) once sync is on. WXT builds the worker
 * as one classic script, into which a dynamic import is folded; each part is a script of its own
 * (entrypoints/worker-*.ts) that puts what it exports on the worker's global scope, loaded with `importScripts`.
 * After a browser restart the worker's first line ran 170-350 ms after the offscreen document's at 527 KB, and
 * 100-130 ms after at 239 KB (docs/architecture.md, "After a browser restart").
 */
import type { parseCitations } from './citations/import';
import type { PouchStatic } from './sync/engine';

export interface WorkerParts {
  citations: { parseCitations: typeof parseCitations };
  pouch: PouchStatic;
}

const SCRIPTS: { [K in keyof WorkerParts]: string } = {
  citations: '/worker-citations.js',
  pouch: '/worker-pouch.js',
};

const PARTS = Symbol.for('papershelf.worker-parts');
const loaded = () => {
  const scope = globalThis as unknown as Record<symbol, Partial<WorkerParts> | undefined>;
  scope[PARTS] ??= {};
  return scope[PARTS];
};

/** Run by a part's script: what it exports, for the worker. */
export function providePart<K extends keyof WorkerParts>(name: K, part: WorkerParts[K]): void {
  loaded()[name] = part;
}

/** The part `name`, its script loaded the first time (at once: a file of the extension itself). */
export function loadPart<K extends keyof WorkerParts>(name: K): WorkerParts[K] {
  if (!loaded()[name])
    (globalThis as unknown as { importScripts(url: string): void }).importScripts(SCRIPTS[name]);
  const part = loaded()[name];
  if (!part) throw new Error(`Papershelf could not load its ${name} part: reload the extension.`);
  return part as WorkerParts[K];
}
