/** The one Dexie schema: every version and upgrade of the library database lives here. */

import Dexie, { type Table } from 'dexie';
import type { Paper } from './paper';
import type { ReadState } from './read-state';
import { defaultClocks, type OtherNote, type ReaderClocks } from './sync/clocks';

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
  /** When each of the reader's fields last changed (lib/sync/clocks.ts): how two devices' edits merge. */
  clocks?: ReaderClocks;
  /** Notes written on other devices that lost to a later one (lib/sync/merge.ts), shown to be taken back. */
  otherNotes?: OtherNote[];
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

/**
 * How far a reader of the change log other than the library index has read it (`sync`: the last row pushed to
 * the sync database). The index trims the log only up to the lowest cursor, so sync never misses a change.
 */
export interface LogCursor {
  key: string;
  seq: number;
}

/**
 * The change log's last `seq`, written in the same transaction as every row appended (lib/library.ts): read by
 * key where the log's own end would be found by a cursor. Chromium keeps a deleted row until it compacts the
 * database, and a cursor over the log walks every row trimmed (tested on 2026-12-06, 50,000 rows trimmed: 23-54
 * ms for the log's last row, 12-15 ms for the rows after a `seq`, against 0.3 ms by key), so the index asks this
 * row whether anything is new before reading the log.
 */
export interface LogEnd {
  key: typeof LOG_END;
  seq: number;
}

export const LOG_END = 'changes';

export class LibraryDb extends Dexie {
  papers!: Table<StoredPaper, string>;
  changes!: Table<LibraryChange, number>;
  removed!: Table<RemovedPaper, string>;
  cursors!: Table<LogCursor, string>;
  logEnd!: Table<LogEnd, string>;

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
    // Version 3: the reader's fields carry clocks (sync merges by them), and readers of the change log other
    // than the index keep their cursor.
    this.version(3)
      .stores({ cursors: 'key' })
      .upgrade(async (tx) => {
        await tx
          .table<StoredPaper, string>('papers')
          .toCollection()
          .modify((paper) => upgradeToV3(paper));
        await tx
          .table<RemovedPaper, string>('removed')
          .toCollection()
          .modify((entry) => {
            upgradeToV3(entry.paper);
            // Removed after it was last kept, whatever the clocks of this device said.
            const clocks = entry.paper.clocks as ReaderClocks;
            clocks.kept = Math.min(clocks.kept, entry.removedAt - 1);
            clocks.removed = entry.removedAt;
          });
      });
    // Version 4: the log's end kept by key (LogEnd). A library from before has none until its next write, and
    // is read by a cursor until then (lastChange).
    this.version(4).stores({ logEnd: 'key' });
  }
}

/** The change log's last `seq` (0 for an empty log): by key, or by a cursor where the row is not written yet. */
export async function lastChange(db: LibraryDb): Promise<number> {
  const end = await db.logEnd.get(LOG_END);
  return end?.seq ?? (await db.changes.orderBy('seq').last())?.seq ?? 0;
}

/** A version 1 record as version 2 keeps it: nothing read yet, no star, no note, the version it holds as clipped. */
export function upgradeToV2(paper: StoredPaper): void {
  paper.tags ??= [];
  paper.readState ??= 'unread';
  paper.starred ??= false;
  if (paper.version !== undefined) paper.savedVersion ??= paper.version;
}

/** A version 2 record as version 3 keeps it: each field the reader set counts as set when it last changed. */
export function upgradeToV3(paper: StoredPaper): void {
  paper.clocks ??= defaultClocks(paper);
}
