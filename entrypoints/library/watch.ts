/** Reads the library into a search index once, then keeps the index in step with every write to it. */
import { liveQuery } from 'dexie';
import type { LibraryDb, StoredPaper } from '@/lib/db';
import { addToIndex, createSearchIndex, type SearchIndex, syncIndex } from '@/lib/search';

/** Papers indexed between two breaths of the page: a 50,000-paper build never holds up typing. */
const CHUNK = 500;

export interface LibraryWatcher {
  onProgress(indexed: number, total: number): void;
  /** The index is ready (the first call) or has changed. */
  onChange(index: SearchIndex<StoredPaper>): void;
  onError(error: Error): void;
}

/** Starts watching; returns the function that stops it. */
export function watchLibrary(db: LibraryDb, watcher: LibraryWatcher): () => void {
  let stopped = false;
  let subscription: { unsubscribe(): void } | undefined;

  async function start() {
    const all = await db.papers.toArray();
    const index = createSearchIndex<StoredPaper>([]);
    for (let i = 0; i < all.length; i += CHUNK) {
      addToIndex(index, all.slice(i, i + CHUNK));
      watcher.onProgress(Math.min(i + CHUNK, all.length), all.length);
      await new Promise((resolve) => setTimeout(resolve));
      if (stopped) return;
    }
    watcher.onChange(index);

    // Re-run by Dexie on any write to the papers table, here or in the background: all ids (cheap, keys only,
    // they tell removals) and only the records changed since the last look.
    let since = latestChange(all, 0);
    subscription = liveQuery(() =>
      Promise.all([
        db.papers.toCollection().primaryKeys(),
        db.papers.where('changedAt').aboveOrEqual(since).toArray(),
      ]),
    ).subscribe({
      next: ([ids, changed]) => {
        since = latestChange(changed, since);
        if (syncIndex(index, { ids, changed }) > 0) watcher.onChange(index);
      },
      error: (error: unknown) => watcher.onError(asError(error)),
    });
  }

  start().catch((error: unknown) => watcher.onError(asError(error)));
  return () => {
    stopped = true;
    subscription?.unsubscribe();
  };
}

const latestChange = (papers: StoredPaper[], since: number) =>
  papers.reduce((latest, paper) => Math.max(latest, paper.changedAt), since);

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
