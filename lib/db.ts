/** The one Dexie schema: every version and upgrade of the library database lives here. */
import Dexie, { type Table } from 'dexie';
import type { Paper } from './paper';

/** A paper in the library: the extracted record plus what the reader added. */
export interface StoredPaper extends Paper {
  /** When it was first clipped (ms since epoch). */
  savedAt: number;
  /** When the record last changed. */
  changedAt: number;
  tags: string[];
}

/**
 * One row per paper written or removed, appended in the same transaction as the write: the log the search
 * and related indexes follow. An index saved at `seq` S is brought up to date by the rows after S, so a crash
 * between a write and the index's next save loses nothing. Rows an index has saved past are trimmed.
 */
export interface LibraryChange {
  seq?: number;
  /** The paper's canonical id; whether it was written or removed is read from the papers table. */
  id: string;
}

export class LibraryDb extends Dexie {
  papers!: Table<StoredPaper, string>;
  changes!: Table<LibraryChange, number>;

  constructor(name = 'papershelf') {
    super(name);
    this.version(1).stores({ papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory' });
    // Version 2: the change log. Nothing to upgrade: an index without a log behind it is rebuilt once.
    this.version(2).stores({ changes: '++seq' });
  }
}
