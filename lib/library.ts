/** Library operations over the Dexie schema: the only code that writes papers. */
import type { LibraryDb, StoredPaper } from './db';
import { mergePaper } from './merge';
import type { Paper } from './paper';

/** Thrown with a message a reader can act on; the transaction is rolled back, the library is unchanged. */
export class LibraryError extends Error {}

/**
 * Saves papers, folding each into the stored record with the same canonical id. All in one transaction:
 * a failure (a full disk) leaves the library as it was.
 */
export function savePapers(db: LibraryDb, papers: Paper[], now = Date.now()): Promise<StoredPaper[]> {
  return writePapers(db, papers, now, false);
}

/**
 * Refreshes papers that are already in the library, leaving unsaved ones unsaved. The check and the write
 * are one transaction: a paper removed in between is not brought back.
 */
export function refreshSaved(db: LibraryDb, papers: Paper[], now = Date.now()): Promise<StoredPaper[]> {
  return writePapers(db, papers, now, true);
}

async function writePapers(
  db: LibraryDb,
  papers: Paper[],
  now: number,
  onlyKnown: boolean,
): Promise<StoredPaper[]> {
  const unique = dedupeById(papers);
  if (unique.length === 0) return [];
  try {
    return await db.transaction('rw', db.papers, db.changes, async () => {
      const stored = await db.papers.bulkGet(unique.map((p) => p.id));
      const records: StoredPaper[] = [];
      unique.forEach((paper, i) => {
        const known = stored[i];
        if (known) records.push({ ...mergePaper(known, paper), changedAt: now });
        else if (!onlyKnown) records.push({ ...paper, savedAt: now, changedAt: now, tags: [] });
      });
      if (records.length === 0) return records;
      await db.papers.bulkPut(records);
      await logChanges(db, records);
      return records;
    });
  } catch (error) {
    throw asLibraryError(error);
  }
}

export function removePaper(db: LibraryDb, id: string): Promise<boolean> {
  return db.transaction('rw', db.papers, db.changes, async () => {
    const existed = (await db.papers.get(id)) !== undefined;
    if (!existed) return false;
    await db.papers.delete(id);
    await logChanges(db, [{ id }]);
    return true;
  });
}

/** Appends the written or removed ids to the change log; call inside the write's transaction. */
function logChanges(db: LibraryDb, papers: { id: string }[]): Promise<unknown> {
  return db.changes.bulkAdd(papers.map(({ id }) => ({ id })));
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
