/** Library operations over the Dexie schema: the only code that writes papers. */

import type { Table } from 'dexie';
import { type Backup, mergeBackedUp } from './backup';
import { type LibraryDb, LOG_END, lastChange, type RemovedPaper, type StoredPaper } from './db';
import { doiOfId, fallbackId } from './ids';
import { mergePaper } from './merge';
import type { Paper } from './paper';
import type { ReadState } from './read-state';
import { clocksOf, isPresent, newClocks, stampEdit, stampKept, stampRemoved } from './sync/clocks';
import { mergeRecords } from './sync/merge';

/** Thrown with a message a reader can act on; the transaction is rolled back, the library is unchanged. */
export class LibraryError extends Error {}

/**
 * How a page's papers reach the library:
 * - `request`: the reader asked (the popup's toggle, "Clip this page", an import): saved, and a paper they
 *   removed comes back with what they had added to it;
 * - `visit`: clipped on visit (automatic clipping) or in bulk: saved, except papers the reader removed;
 * - `refresh`: only papers already in the library are updated.
 */
export type SaveMode = 'request' | 'visit' | 'refresh';

/**
 * Saves papers, folding each into the stored record with the same canonical id. All in one transaction:
 * a failure (a full disk) leaves the library as it was. Resolves to the records written.
 */
export async function savePapers(
  db: LibraryDb,
  papers: Paper[],
  now = Date.now(),
  mode: SaveMode = 'request',
): Promise<StoredPaper[]> {
  if (papers.length === 0) return [];
  return write(db, [db.papers, db.removed, db.changes, db.logEnd], async () => {
    const { papers: unique, folded } = await oneRecordPerPaper(db, papers);
    const ids = unique.map((p) => p.id);
    const [stored, removed] = await Promise.all([db.papers.bulkGet(ids), db.removed.bulkGet(ids)]);
    const records: StoredPaper[] = [];
    unique.forEach((paper, i) => {
      const known = stored[i] ?? (mode === 'request' ? removed[i]?.paper : undefined);
      const into = folded.get(paper.id);
      // The doi: record of this arXiv paper becomes part of it, with what the reader added to it.
      const base =
        known && into
          ? stampEdit(known, mergeBackedUp(known, { ...into, id: known.id }, now), now)
          : (known ?? into);
      const record = base && { ...mergePaper(base, paper), id: paper.id, changedAt: now };
      // A clip the reader asked for keeps the paper, also against a removal made on another device.
      if (record) records.push(mode === 'request' ? stampKept(record, now) : record);
      else if (mode !== 'refresh' && !removed[i]) records.push(newRecord(paper, now, mode === 'request'));
    });
    if (records.length === 0) return records;
    const gone = records.flatMap((record) => {
      const into = folded.get(record.id);
      return into ? [{ id: into.id }] : [];
    });
    await db.papers.bulkDelete(gone.map((record) => record.id));
    await db.papers.bulkPut(records);
    if (mode === 'request') await db.removed.bulkDelete(records.map((r) => r.id));
    await logChanges(db, [...records, ...gone]);
    return records;
  });
}

/**
 * One paper, one record: a paper named by its DOI (`doi:`) goes to the arXiv record that carries that DOI,
 * and an arXiv paper carrying a DOI takes in the `doi:` record saved before (`folded`, by arXiv id). Papers
 * with the same id are merged into one.
 */
async function oneRecordPerPaper(
  db: LibraryDb,
  papers: Paper[],
): Promise<{ papers: Paper[]; folded: Map<string, StoredPaper> }> {
  // Two reads for the whole batch: the arXiv records carrying the DOIs named, and the doi: records of the
  // arXiv papers that carry a DOI.
  const named = papers.map((paper) => doiOfId(paper.id)).filter((doi): doi is string => doi !== undefined);
  const carriers = named.length > 0 ? await db.papers.where('doi').anyOfIgnoreCase(named).toArray() : [];
  const arxivByDoi = new Map(
    carriers
      .filter((record) => record.arxivId && record.doi)
      .map((record) => [record.doi?.toLowerCase(), record]),
  );
  const withDoi = papers.filter((paper) => paper.arxivId && paper.doi);
  const doiRecords = await db.papers.bulkGet(withDoi.map((paper) => fallbackId(paper.doi, '')));
  const folded = new Map<string, StoredPaper>();
  withDoi.forEach((paper, i) => {
    const doiRecord = doiRecords[i];
    if (doiRecord) folded.set(paper.id, doiRecord);
  });
  const resolved = papers.map((paper) => {
    const arxiv = arxivByDoi.get(doiOfId(paper.id));
    return arxiv ? { ...paper, id: arxiv.id } : paper;
  });
  return { papers: dedupeById(resolved), folded };
}

/** Refreshes papers that are already in the library, leaving unsaved (and removed) ones so. */
export function refreshSaved(db: LibraryDb, papers: Paper[], now = Date.now()): Promise<StoredPaper[]> {
  return savePapers(db, papers, now, 'refresh');
}

/** A paper clipped for the first time; `asked`: by the reader (not on visit). */
export function newRecord(paper: Paper, now: number, asked: boolean): StoredPaper {
  const record: StoredPaper = {
    ...paper,
    savedAt: now,
    changedAt: now,
    tags: [],
    readState: 'unread',
    starred: false,
    clocks: newClocks(now, asked),
  };
  if (paper.version !== undefined) record.savedVersion = paper.version;
  return record;
}

/**
 * Removes papers, remembering each (for undo, and so that a visit does not clip it again). One transaction.
 * Resolves to the ids that were in the library.
 */
export async function removePapers(db: LibraryDb, ids: string[], now = Date.now()): Promise<string[]> {
  return write(db, [db.papers, db.removed, db.changes, db.logEnd], async () => {
    const found = (await db.papers.bulkGet(ids)).filter((paper): paper is StoredPaper => paper !== undefined);
    if (found.length === 0) return [];
    await db.removed.bulkPut(
      found.map((paper) => {
        const removal = stampRemoved(paper, now);
        return { id: paper.id, removedAt: removal.removedAt, paper: removal.paper };
      }),
    );
    await db.papers.bulkDelete(found.map((paper) => paper.id));
    await logChanges(db, found);
    return found.map((paper) => paper.id);
  });
}

export async function removePaper(db: LibraryDb, id: string): Promise<boolean> {
  return (await removePapers(db, [id])).length > 0;
}

/** Undoes removals: the papers come back as they were. Resolves to the ids restored. */
export async function restorePapers(db: LibraryDb, ids: string[], now = Date.now()): Promise<string[]> {
  return write(db, [db.papers, db.removed, db.changes, db.logEnd], async () => {
    const found = (await db.removed.bulkGet(ids)).filter((entry) => entry !== undefined);
    if (found.length === 0) return [];
    // A paper clipped again meanwhile keeps what it is now.
    const present = await db.papers.bulkGet(found.map((entry) => entry.id));
    const back = found
      .filter((_, i) => !present[i])
      .map((entry) => stampKept({ ...entry.paper, changedAt: now }, now));
    await db.papers.bulkPut(back);
    await db.removed.bulkDelete(found.map((entry) => entry.id));
    await logChanges(db, back);
    return back.map((paper) => paper.id);
  });
}

/** The subset of `ids` the reader removed. */
export async function removedIds(db: LibraryDb, ids: string[]): Promise<string[]> {
  const found = await db.removed.bulkGet(ids);
  return ids.filter((_, i) => found[i] !== undefined);
}

/** What the reader changes on papers: tags added or taken off, the note, the reading state, the star. */
export interface PaperEdit {
  addTags?: string[];
  removeTags?: string[];
  note?: string;
  readState?: ReadState;
  starred?: boolean;
}

/** Applies `edit` to the papers in one transaction; resolves to the records changed. */
export async function editPapers(
  db: LibraryDb,
  ids: string[],
  edit: PaperEdit,
  now = Date.now(),
): Promise<StoredPaper[]> {
  const add = cleanTags(edit.addTags ?? []);
  const remove = new Set(cleanTags(edit.removeTags ?? []));
  return write(db, [db.papers, db.changes, db.logEnd], async () => {
    const found = (await db.papers.bulkGet(ids)).filter((paper): paper is StoredPaper => paper !== undefined);
    const changed = found.map((paper) => {
      const next: StoredPaper = { ...paper, changedAt: now };
      next.tags = [...new Set([...(paper.tags ?? []).filter((tag) => !remove.has(tag)), ...add])];
      if (edit.note !== undefined) {
        if (edit.note.trim()) next.note = edit.note;
        else delete next.note;
      }
      if (edit.readState) next.readState = edit.readState;
      if (edit.starred !== undefined) next.starred = edit.starred;
      return stampEdit(paper, next, now);
    });
    await db.papers.bulkPut(changed);
    await logChanges(db, changed);
    return changed;
  });
}

/** Tags as the reader means them: trimmed, inner spaces folded, no empty ones, no repeats. */
export function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().replace(/\s+/g, ' ')).filter(Boolean))];
}

/**
 * Appends the written or removed ids to the change log, and moves its end (LogEnd) to the last; call inside the
 * write's transaction. Resolves to the last row's `seq`.
 */
async function logChanges(db: LibraryDb, papers: { id: string }[]): Promise<number> {
  if (papers.length === 0) return lastChange(db);
  const last = await db.changes.bulkAdd(papers.map(({ id }) => ({ id })));
  await db.logEnd.put({ key: LOG_END, seq: last });
  return last;
}

/** The subset of `ids` that are in the library. */
export async function savedIds(db: LibraryDb, ids: string[]): Promise<string[]> {
  const found = await db.papers.bulkGet(ids);
  return ids.filter((_, i) => found[i] !== undefined);
}

export function recentPapers(db: LibraryDb, limit: number): Promise<StoredPaper[]> {
  return db.papers.orderBy('savedAt').reverse().limit(limit).toArray();
}

function dedupeById(papers: Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of papers) {
    const known = byId.get(paper.id);
    byId.set(paper.id, known ? mergePaper(known, paper) : paper);
  }
  return [...byId.values()];
}

/**
 * Runs one write transaction. A write that fails (a connection closed while the service worker slept, a
 * transient disk error) is tried once more on a reopened connection; a second failure is reported as a
 * LibraryError the reader can act on. Either way the transaction is whole or not at all.
 */
async function write<T>(db: LibraryDb, tables: Table[], body: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction('rw', tables, body);
  } catch {
    try {
      if (!db.isOpen()) await db.open();
      return await db.transaction('rw', tables, body);
    } catch (error) {
      throw asLibraryError(error);
    }
  }
}

function asLibraryError(error: unknown): Error {
  const name = (error as { name?: string; inner?: { name?: string } })?.name;
  const inner = (error as { inner?: { name?: string } })?.inner?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return new LibraryError(
      'The disk is full: nothing was saved and the library is unchanged. Free some space.',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Restores a backup (lib/backup.ts) in one transaction: into an empty library, every record exactly as it was
 * backed up; into a non-empty one, merged by id. Papers removed in the backup are remembered as removed
 * unless the library holds them.
 */
export async function restoreBackup(
  db: LibraryDb,
  backup: Backup,
  now = Date.now(),
): Promise<{ added: number; merged: number }> {
  return write(db, [db.papers, db.removed, db.changes, db.logEnd], async () => {
    const stored = await db.papers.bulkGet(backup.papers.map((paper) => paper.id));
    const records = backup.papers.map((paper, i) => {
      const known = stored[i];
      return known
        ? stampEdit(known, mergeBackedUp(known, paper, now), now)
        : { ...paper, clocks: clocksOf(paper) };
    });
    await db.papers.bulkPut(records);
    const held = new Set((await db.papers.toCollection().primaryKeys()) as string[]);
    await db.removed.bulkPut(
      backup.removed
        .filter((entry) => !held.has(entry.id))
        .map((entry) => ({ ...entry, paper: { ...entry.paper, clocks: removedClocks(entry) } })),
    );
    await logChanges(db, records);
    const merged = stored.filter(Boolean).length;
    return { added: records.length - merged, merged };
  });
}

/** A removed paper's clocks: removed when it says, after it was last kept. */
function removedClocks(entry: RemovedPaper) {
  const clocks = clocksOf(entry.paper);
  return { ...clocks, kept: Math.min(clocks.kept, entry.removedAt - 1), removed: entry.removedAt };
}

/** A paper as the library holds it, for sync to merge into: in the library, or removed (clocked as removed then). */
function heldRecord(present: StoredPaper | undefined, removed: RemovedPaper | undefined) {
  if (present) return present;
  if (!removed) return undefined;
  const clocks = clocksOf(removed.paper);
  return clocks.removed >= removed.removedAt
    ? removed.paper
    : { ...removed.paper, clocks: { ...clocks, removed: removed.removedAt } };
}

/**
 * The papers `ids` as the library holds them (undefined: never held), and the log's end read before them: what
 * sync merges arriving records into, and from when applySynced looks for writes made meanwhile.
 */
export async function heldRecords(
  db: LibraryDb,
  ids: string[],
): Promise<{ records: (StoredPaper | undefined)[]; readAt: number }> {
  const readAt = await lastChange(db);
  return { records: await readHeld(db, ids), readAt };
}

async function readHeld(db: LibraryDb, ids: string[]): Promise<(StoredPaper | undefined)[]> {
  const [present, removed] = await Promise.all([db.papers.bulkGet(ids), db.removed.bulkGet(ids)]);
  return ids.map((_, i) => heldRecord(present[i], removed[i]));
}

/** A paper as a write left it (`undefined`: no longer in the library), with the log row that wrote it. */
export interface LoggedWrite {
  id: string;
  paper: StoredPaper | undefined;
  seq: number;
}

/**
 * Writes records merged by sync (lib/sync), each where its clocks say: in the library, or among the removed
 * papers (remembered, so a visit does not clip it again, and restorable). One transaction, logged like every
 * write, so the index follows; resolves to what it wrote, for the index (LibraryIndex.written).
 * - `echoCursor`: the log cursor of the reader these records came from (sync), moved past them when it had read
 *   the whole log before: rows it wrote itself need not come back to it;
 * - `readAt`: the log's end when the records they were merged into were read (heldRecords). Anything written
 *   here since (the reader removed or edited one meanwhile) is merged in again, never written over.
 */
export async function applySynced(
  db: LibraryDb,
  merged: StoredPaper[],
  { echoCursor, readAt }: { echoCursor?: string; readAt?: number } = {},
): Promise<LoggedWrite[]> {
  if (merged.length === 0) return [];
  return write(db, [db.papers, db.removed, db.changes, db.cursors, db.logEnd], async () => {
    // The log's end before this write: its rows are added last (logChanges).
    const lastBefore = await lastChange(db);
    let records = merged;
    if (readAt !== undefined && lastBefore > readAt) {
      const now = await readHeld(
        db,
        merged.map((record) => record.id),
      );
      records = merged.map((record, i) => {
        const held = now[i];
        return held ? mergeRecords(held, record) : record;
      });
    }
    const present = records.filter((record) => isPresent(clocksOf(record)));
    const removed = records.filter((record) => !isPresent(clocksOf(record)));
    await db.papers.bulkPut(present);
    // Looked up before deleting: a delete writes even when there is nothing to delete, a read does not.
    const presentIds = present.map((record) => record.id);
    const wereRemoved = await db.removed.bulkGet(presentIds);
    await db.removed.bulkDelete(presentIds.filter((_, i) => wereRemoved[i]));
    await db.removed.bulkPut(
      removed.map((paper) => ({ id: paper.id, removedAt: clocksOf(paper).removed, paper })),
    );
    await db.papers.bulkDelete(removed.map((record) => record.id));
    const twins = await foldDoiTwins(db, present);
    const cursor = echoCursor === undefined ? undefined : await db.cursors.get(echoCursor);
    const logged: { id: string; paper: StoredPaper | undefined }[] = [
      ...[...present, ...twins.folded].map((paper) => ({ id: paper.id, paper })),
      ...[...removed.map((paper) => paper.id), ...twins.gone].map((id) => ({ id, paper: undefined })),
    ];
    const last = await logChanges(db, logged);
    // A fold is this device's own change, to be sent like any other: the cursor stays.
    const echoesOnly = twins.gone.length === 0;
    if (echoCursor !== undefined && echoesOnly && cursor && cursor.seq >= lastBefore)
      await db.cursors.put({ key: echoCursor, seq: last });
    return logged.map((write, i) => ({ ...write, seq: last - logged.length + 1 + i }));
  });
}

/**
 * One paper, one record, also for what sync brings: where the library now holds both a `doi:` record and the
 * arXiv record carrying that DOI (the two arrived from devices that each clipped one, or the arXiv record was
 * folded on another device), the `doi:` record is merged into the arXiv one, as a clip would have (savePapers),
 * by sync's own merge so that every device folds them alike.
 */
async function foldDoiTwins(
  db: LibraryDb,
  written: StoredPaper[],
): Promise<{ folded: StoredPaper[]; gone: string[] }> {
  // Arriving arXiv records carrying a DOI, looked up by the doi: id (one read each); arriving doi: records,
  // by the DOI index (rare: a paper clipped from its publisher's page).
  const carriers = written.filter((record) => record.arxivId && record.doi);
  const named = written.flatMap((record) => doiOfId(record.id) ?? []);
  const [twins, carriersOfNamed] = await Promise.all([
    db.papers.bulkGet(carriers.map((record) => fallbackId(record.doi, ''))),
    named.length > 0 ? db.papers.where('doi').anyOfIgnoreCase(named).toArray() : [],
  ]);
  const pairs = new Map<string, [carrier: StoredPaper, twin: StoredPaper]>();
  for (const [i, carrier] of carriers.entries()) {
    const twin = twins[i];
    if (twin) pairs.set(twin.id, [carrier, twin]);
  }
  const namedTwins = new Map(written.map((record) => [record.id, record]));
  for (const carrier of carriersOfNamed) {
    const twin = carrier.arxivId && namedTwins.get(fallbackId(carrier.doi, ''));
    if (twin && !pairs.has(twin.id)) pairs.set(twin.id, [carrier, twin]);
  }
  const folded = [...pairs.values()].map(([carrier, twin]) => ({
    ...mergeRecords(carrier, { ...twin, id: carrier.id }),
    id: carrier.id,
  }));
  const gone = [...pairs.keys()];
  await db.papers.bulkPut(folded);
  await db.papers.bulkDelete(gone);
  return { folded, gone };
}
