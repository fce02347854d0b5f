/**
 * What a page needs before the library index has opened: the library's size, kept by the index's worker in a
 * row of its own (a few bytes) and read by a page straight from IndexedDB. Counting the papers table walks all
 * of it in Chromium (130 ms at 50,000 papers on a quiet machine, seconds after a browser restart on a busy
 * one), and Chromium runs the page's other reads behind that walk.
 */
import { type LibraryDb, lastChange } from './db';
import type { IndexStoreDb } from './library-index';

export const FIRST_ANSWERS_KEY = 'first-answers';

/** The library as the index last held it: its size once the change log up to `seq` was applied. */
export interface FirstAnswers {
  key: typeof FIRST_ANSWERS_KEY;
  seq: number;
  size: number;
}

/**
 * The library's size, when the row is as new as the change log: the log's last change is in it. The log is
 * trimmed only once the index has saved itself, after writing this row (LibraryIndex.save), so an empty log
 * means no change came after the row. Undefined when the row is older than the library (then ask the index).
 */
export async function librarySize(db: LibraryDb, store: IndexStoreDb): Promise<number | undefined> {
  const [row, last] = await Promise.all([
    store.snapshots.get(FIRST_ANSWERS_KEY).catch(() => undefined),
    lastChange(db),
  ]);
  return row?.key === FIRST_ANSWERS_KEY && row.seq >= last ? row.size : undefined;
}
