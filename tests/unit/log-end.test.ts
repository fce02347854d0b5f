/**
 * The change log's end (lib/db.ts, LogEnd) moved by every write path in the same transaction as its rows: the
 * library index trusts it to say whether the log holds anything new (lib/library-index.ts, changesAfter).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackup } from '../../lib/backup';
import { LibraryDb, LOG_END, lastChange } from '../../lib/db';
import {
  applySynced,
  editPapers,
  removePapers,
  restoreBackup,
  restorePapers,
  savePapers,
} from '../../lib/library';
import type { Paper } from '../../lib/paper';

const paper = (n: number): Paper => ({
  id: `arxiv:2401.0${1000 + n}`,
  arxivId: `2401.0${1000 + n}`,
  title: `Paper ${n}`,
  authors: ['A. Reader'],
  source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/2401.0${1000 + n}` },
});

let db: LibraryDb;
beforeEach(() => {
  db = new LibraryDb(`log-end-${Math.random()}`);
});
afterEach(() => db.delete());

/** The log's last row, found the slow way. */
const lastRow = async () => (await db.changes.orderBy('seq').last())?.seq;

it('every write path moves the log’s end to its last row', async () => {
  const ends: (number | undefined)[] = [];
  const check = async () => {
    const end = (await db.logEnd.get(LOG_END))?.seq;
    expect(end).toBe(await lastRow());
    ends.push(end);
  };
  await savePapers(db, [paper(1), paper(2), paper(3)]);
  await check();
  await editPapers(db, [paper(1).id], { addTags: ['x'] });
  await check();
  await removePapers(db, [paper(2).id]);
  await check();
  await restorePapers(db, [paper(2).id]);
  await check();
  const backup = createBackup(await db.papers.toArray(), await db.removed.toArray(), {});
  await removePapers(db, [paper(1).id, paper(2).id, paper(3).id]);
  await check();
  await restoreBackup(db, backup);
  await check();
  const [record] = await db.papers.bulkGet([paper(3).id]);
  if (!record) throw new Error('no record');
  await applySynced(db, [{ ...record, title: 'Synced', changedAt: record.changedAt + 1 }]);
  await check();
  // Each write moved it on.
  expect(ends.every((end, i) => i === 0 || (end ?? 0) > (ends[i - 1] ?? 0))).toBe(true);
});

it('a write that changes nothing leaves the log and its end as they were', async () => {
  await savePapers(db, [paper(1)]);
  const before = await lastChange(db);
  expect(await removePapers(db, ['arxiv:2401.09999'])).toEqual([]);
  expect(await lastChange(db)).toBe(before);
  expect(await lastRow()).toBe(before);
});

it('the end stays where the log was trimmed, and an empty library reads 0', async () => {
  expect(await lastChange(db)).toBe(0);
  await savePapers(db, [paper(1), paper(2)]);
  const end = await lastChange(db);
  await db.changes.clear();
  expect(await lastChange(db)).toBe(end);
});
