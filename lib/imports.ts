/**
 * Imports a reading list (JSON Lines, plain or gzipped; lib/reading-list.ts reads it) where closing a page
 * cannot stop it: in the library index's worker. The whole file is checked first, so a bad line imports
 * nothing; then papers are saved in batches, one transaction each, and the index follows each batch. The job's
 * row in the index store says how far it is; the library page watches it.
 */

import { looksLikeBackup, parseBackup } from './backup';
import type { LibraryDb } from './db';
import { restoreBackup, savedIds, savePapers } from './library';
import type { ImportJob, IndexStoreDb, LibraryIndex } from './library-index';
import type { Paper } from './paper';
import { checkReadingList, readingListBatches } from './reading-list';

function* chunks<T>(items: T[], size: number): Iterable<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

/** Papers per transaction: large enough to be quick, small enough for a smooth progress bar. */
const BATCH = 1000;
/** Batches between two catch-ups of the index during an import. */
const CATCH_UP_EVERY = 10;
/** BibTeX (an `@type{` entry or a `%` comment first) or RIS (a `TY  - ` line first). */
const CITATION_FILE = /^\uFEFF?\s*(?:@[a-zA-Z]+\s*[{(]|%|TY {2}-)/;
/** A backup is read whole: 50,000 papers take about 100 MB of JSON. */
const MAX_BACKUP_BYTES = 1_000_000_000;

/** The citation reader, loaded on demand: citation-js is the largest code the worker runs. */
export type CitationReader = () => Promise<Pick<typeof import('./citations/import'), 'parseCitations'>>;

/**
 * `libraryChanged` is called after each write: the worker has no extension APIs, so it passes the word on to the
 * background, which tells the tabs whose marks show what is saved.
 */
export function createImporter(
  db: LibraryDb,
  store: IndexStoreDb,
  index: LibraryIndex,
  {
    readCitations,
    libraryChanged = () => {},
  }: { readCitations: CitationReader; libraryChanged?: () => void },
) {
  const running = new Map<string, AbortController>();

  const update = (key: string, change: Partial<ImportJob>) => store.imports.update(key, change);

  /** A backup: checked whole, then restored in one transaction. */
  async function restore(key: string, file: Blob): Promise<void> {
    if (file.size > MAX_BACKUP_BYTES) {
      throw new Error(`This backup is larger than ${MAX_BACKUP_BYTES / 1e6} MB; Papershelf cannot read it.`);
    }
    const backup = parseBackup(await file.text());
    await update(key, { state: 'importing', done: 0, total: backup.papers.length });
    const { added, merged } = await restoreBackup(db, backup);
    libraryChanged();
    await index.catchUp();
    await update(key, {
      state: 'done',
      kind: 'backup',
      done: backup.papers.length,
      total: backup.papers.length,
      added,
      merged,
      settings: backup.settings,
      file: undefined,
    });
  }

  /** A BibTeX or RIS file: read whole (citation-js loaded only now), then saved in batches. */
  async function importCitations(key: string, file: Blob, name: string, signal: AbortSignal): Promise<void> {
    const { parseCitations } = await readCitations();
    const { papers, skipped } = parseCitations(await file.text(), name);
    if (papers.length === 0) {
      throw new Error(`No entry of ${name} has an arXiv id or a DOI, so none can be imported.`);
    }
    await update(key, { state: 'importing', kind: 'citations', done: 0, total: papers.length, skipped });
    await saveInBatches(key, chunks(papers, BATCH), papers.length, signal);
  }

  /** Saves batches of papers, one transaction each, the index following; the job's row counts them. */
  async function saveInBatches(
    key: string,
    batches: AsyncIterable<Paper[]> | Iterable<Paper[]>,
    total: number,
    signal: AbortSignal,
  ) {
    let done = 0;
    let added = 0;
    for await (const batch of batches) {
      if (signal.aborted) throw Object.assign(new Error('Import cancelled.'), { name: 'AbortError' });
      const known = new Set(
        await savedIds(
          db,
          batch.map((paper) => paper.id),
        ),
      );
      await savePapers(db, batch);
      libraryChanged();
      done += batch.length;
      // The index follows every few batches (each catch-up repacks its postings) and at the end.
      if (done % (BATCH * CATCH_UP_EVERY) === 0) await index.catchUp();
      added += batch.filter((paper) => !known.has(paper.id)).length;
      await update(key, { done, added, merged: done - added });
    }
    await index.catchUp();
    await update(key, { state: 'done', done, total, added, merged: done - added, file: undefined });
  }

  async function run(key: string, signal: AbortSignal): Promise<void> {
    const job = await store.imports.get(key);
    if (!job?.file) throw new Error('This import has no file: choose the file again.');
    const { file } = job;
    // The worker holds the file from here on: a row that carries a 100 MB file is slow to rewrite, and the
    // row is rewritten at every step of the progress.
    await update(key, { state: 'checking', done: 0, total: 0, file: undefined });
    const start = await file.slice(0, 200).text();
    if (looksLikeBackup(start)) return restore(key, file);
    if (CITATION_FILE.test(start)) return importCitations(key, file, job.name, signal);
    const { papers: total } = await checkReadingList(file, {
      signal,
      onProgress: (lines) => void update(key, { done: lines }),
    });
    await update(key, { state: 'importing', kind: 'reading-list', done: 0, total });
    await saveInBatches(key, readingListBatches(file, BATCH, { signal }), total, signal);
  }

  return {
    /** Starts the import of the job stored under `key`; resolves at once, the job's row tells the rest. */
    start(key: string): void {
      if (running.has(key)) return;
      const controller = new AbortController();
      running.set(key, controller);
      run(key, controller.signal)
        .catch(async (error: Error) => {
          const cancelled = error?.name === 'AbortError';
          const job = await store.imports.get(key);
          // Batches written before the failure stay; a backup is one transaction, whole or nothing.
          const kept =
            job?.state === 'importing' && job.kind !== 'backup'
              ? ` ${job.done.toLocaleString('en')} papers were imported.`
              : '';
          await update(key, {
            state: cancelled ? 'cancelled' : 'failed',
            message: cancelled
              ? `Import cancelled.${kept || ' Nothing was imported.'}`
              : `${error?.message ?? String(error)}${kept || ' Nothing was imported.'}`,
            file: undefined,
          });
        })
        .finally(() => running.delete(key));
    },
    cancel(key: string): void {
      running.get(key)?.abort();
    },
  };
}
