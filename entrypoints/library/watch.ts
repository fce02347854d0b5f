/**
 * Reads the library into a search index once (from the copy saved at the last visit when there is one),
 * then keeps the index in step with every write to the library.
 */
import { liveQuery } from 'dexie';
import type { LibraryDb, StoredPaper } from '@/lib/db';
import {
  addToIndex,
  createSearchIndex,
  restoreSearchIndex,
  type SearchIndex,
  saveSearchIndex,
  syncIndex,
} from '@/lib/search';
import { readSavedIndex, writeSavedIndex } from './index-cache';

/** Papers indexed between two breaths of the page: a 50,000-paper build never holds up typing. */
const CHUNK = 500;
/** Chunks between two showings of the index being built. */
const SHOW_EVERY = 10;

export interface LibraryWatcher {
  onProgress(indexed: number, total: number): void;
  /** The index has changed: more of it is built, or the library changed. */
  onChange(index: SearchIndex<StoredPaper>): void;
  onError(error: Error): void;
}

/** Starts watching; returns the function that stops it. */
export function watchLibrary(db: LibraryDb, watcher: LibraryWatcher): () => void {
  let stopped = false;
  let subscription: { unsubscribe(): void } | undefined;
  let saveWhenHidden: (() => void) | undefined;

  async function start() {
    // Newest first: the papers the list opens on are searchable and shown within the first chunk.
    const all = (await db.papers.toArray()).sort((a, b) => b.savedAt - a.savedAt);
    const saved = await readSavedIndex();
    const restored = saved && restoreSearchIndex(saved, all);
    const index = restored?.index ?? createSearchIndex<StoredPaper>([]);
    const pending = restored?.pending ?? all;
    await addInChunks(index, pending);
    if (stopped) return;
    watcher.onChange(index);
    // Saving holds the page for seconds on a large library: it is done when nobody is looking (the tab hidden
    // or being closed), and only when the saved copy is behind (or missing).
    let behind = restored ? pending.length : Number.POSITIVE_INFINITY;
    saveWhenHidden = () => {
      if (document.visibilityState !== 'hidden' || behind === 0) return;
      const unsaved = behind;
      behind = 0;
      writeSavedIndex(saveSearchIndex(index)).catch(() => {
        behind = unsaved;
      });
    };
    document.addEventListener('visibilitychange', saveWhenHidden);

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
        const changes = syncIndex(index, { ids, changed });
        behind += changes;
        if (changes > 0) watcher.onChange(index);
      },
      error: (error: unknown) => watcher.onError(asError(error)),
    });
  }

  /** Indexes in chunks, showing the index as it grows: the newest papers at once, the rest in a few steps. */
  async function addInChunks(index: SearchIndex<StoredPaper>, papers: StoredPaper[]) {
    watcher.onProgress(0, papers.length);
    for (let i = 0; i < papers.length && !stopped; i += CHUNK) {
      addToIndex(index, papers.slice(i, i + CHUNK));
      watcher.onProgress(Math.min(i + CHUNK, papers.length), papers.length);
      if (i % (CHUNK * SHOW_EVERY) === 0) watcher.onChange(index);
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  start().catch((error: unknown) => watcher.onError(asError(error)));
  return () => {
    stopped = true;
    subscription?.unsubscribe();
    if (saveWhenHidden) document.removeEventListener('visibilitychange', saveWhenHidden);
  };
}

const latestChange = (papers: StoredPaper[], since: number) =>
  papers.reduce((latest, paper) => Math.max(latest, paper.changedAt), since);

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
