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
import { checkReadingList, readingListBatches } from './reading-list';

/** Papers per transaction: large enough to be quick, small enough for a smooth progress bar. */
const BATCH = 1000;
/** A backup is read whole: 50,000 papers take about 100 MB of JSON. */
const MAX_BACKUP_BYTES = 1_000_000_000;

export function createImporter(db: LibraryDb, store: IndexStoreDb, index: LibraryIndex) {
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

  async function run(key: string, signal: AbortSignal): Promise<void> {
    const job = await store.imports.get(key);
    if (!job?.file) throw new Error('This import has no file: choose the file again.');
    const { file } = job;
    await update(key, { state: 'checking', done: 0, total: 0 });
    if (looksLikeBackup(await file.slice(0, 200).text())) return restore(key, file);
    const { papers: total } = await checkReadingList(file, {
      signal,
      onProgress: (lines) => void update(key, { done: lines }),
    });
    await update(key, { state: 'importing', kind: 'reading-list', done: 0, total });
    let done = 0;
    let added = 0;
    for await (const batch of readingListBatches(file, BATCH, { signal })) {
      const known = new Set(
        await savedIds(
          db,
          batch.map((paper) => paper.id),
        ),
      );
      await savePapers(db, batch);
      await index.catchUp();
      done += batch.length;
      added += batch.filter((paper) => !known.has(paper.id)).length;
      await update(key, { done, added, merged: done - added });
    }
    await update(key, { state: 'done', done, total, added, merged: done - added, file: undefined });
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
          const kept =
            job?.state === 'importing' ? ` ${job.done.toLocaleString('en')} papers were imported.` : '';
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
