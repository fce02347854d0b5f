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
export async function savePapers(db: LibraryDb, papers: Paper[], now = Date.now()): Promise<StoredPaper[]> {
  const unique = dedupeById(papers);
  try {
    return await db.transaction('rw', db.papers, async () => {
      const stored = await db.papers.bulkGet(unique.map((p) => p.id));
      const records = unique.map((paper, i) => {
        const known = stored[i];
        if (known) return { ...mergePaper(known, paper), changedAt: now };
        return { ...paper, savedAt: now, changedAt: now, tags: [] };
      });
      await db.papers.bulkPut(records);
      return records;
    });
  } catch (error) {
    throw asLibraryError(error);
  }
}

/** Refreshes papers that are already in the library, leaving unsaved ones unsaved. */
export async function refreshSaved(db: LibraryDb, papers: Paper[], now = Date.now()): Promise<StoredPaper[]> {
  const saved = new Set(
    await savedIds(
      db,
      papers.map((p) => p.id),
    ),
  );
  const known = papers.filter((p) => saved.has(p.id));
  return known.length > 0 ? savePapers(db, known, now) : [];
}

export async function removePaper(db: LibraryDb, id: string): Promise<boolean> {
  const existed = (await db.papers.get(id)) !== undefined;
  await db.papers.delete(id);
  return existed;
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
