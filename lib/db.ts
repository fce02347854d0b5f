/** The one Dexie schema: every version and upgrade of the library database lives here. */
import Dexie, { type Table } from 'dexie';
import type { Paper } from './paper';

export type ReadState = 'unread' | 'reading' | 'read';
export const READ_STATES: readonly ReadState[] = ['unread', 'reading', 'read'];

/** A paper in the library: the extracted record plus what the reader added. */
export interface StoredPaper extends Paper {
  /** When it was first clipped (ms since epoch). */
  savedAt: number;
  /** When the record last changed. */
  changedAt: number;
  tags: string[];
  /** The reader's note, plain text. */
  note?: string;
  readState: ReadState;
  starred: boolean;
  /** The version the reader clipped, when the page showed one: a later version is shown as an update. */
  savedVersion?: number;
}

/** A paper the reader removed: kept so that removing can be undone and a visit does not clip it again. */
export interface RemovedPaper {
  id: string;
  removedAt: number;
  paper: StoredPaper;
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
  removed!: Table<RemovedPaper, string>;

  constructor(name = 'papershelf') {
    super(name);
    this.version(1).stores({ papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory' });
    // Version 2: what the reader adds (reading state, star, note, the version clipped), removed papers
    // remembered, the change log the library index follows (an index without a log is rebuilt once), and
    // papers by DOI (a doi: record and the arXiv record carrying that DOI are one paper).
    this.version(2)
      .stores({
        papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory, readState, doi',
        removed: 'id, removedAt',
        changes: '++seq',
      })
      .upgrade((tx) =>
        tx
          .table<StoredPaper, string>('papers')
          .toCollection()
          .modify((paper) => upgradeToV2(paper)),
      );
  }
}

/** A version 1 record as version 2 keeps it: nothing read yet, no star, no note, the version it holds as clipped. */
export function upgradeToV2(paper: StoredPaper): void {
  paper.tags ??= [];
  paper.readState ??= 'unread';
  paper.starred ??= false;
  if (paper.version !== undefined) paper.savedVersion ??= paper.version;
}
