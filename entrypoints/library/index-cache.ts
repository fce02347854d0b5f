/**
 * The library page's own copy of its search index, kept between visits: reading it back is several times
 * faster than indexing 50,000 papers again. It is derived from the library and never part of it: a database
 * of its own, written by this page alone; losing it costs one rebuild.
 */
import Dexie, { type Table } from 'dexie';
import type { SavedIndex } from '@/lib/search';

class IndexCacheDb extends Dexie {
  entries!: Table<SavedIndex & { key: string }, string>;

  constructor() {
    super('papershelf-search-index');
    this.version(1).stores({ entries: 'key' });
  }
}

const KEY = 'library';
const cache = new IndexCacheDb();

/** The saved index, or undefined when there is none or it cannot be read. */
export const readSavedIndex = (): Promise<SavedIndex | undefined> =>
  cache.entries.get(KEY).catch(() => undefined);

export async function writeSavedIndex(saved: SavedIndex): Promise<void> {
  await cache.entries.put({ key: KEY, ...saved });
}
