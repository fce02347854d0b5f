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

export class LibraryDb extends Dexie {
  papers!: Table<StoredPaper, string>;

  constructor(name = 'papershelf') {
    super(name);
    this.version(1).stores({ papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory' });
  }
}
