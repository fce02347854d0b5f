/**
 * What the reader adds and takes away: schema version 2 over a real version 1 database, remove with undo,
 * removed papers staying removed on visit, tags, notes, reading state, star, and the version they clipped.
 */
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDb, type StoredPaper } from '../../lib/db';
import { extractPapers } from '../../lib/extract/index';
import { fallbackId } from '../../lib/ids';
import { editPapers, removePapers, restorePapers, savePapers } from '../../lib/library';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';
import { defaultClocks, isPresent } from '../../lib/sync/clocks';

const page = (file: string, url: string): Paper => {
  const [paper] = extractPapers(parseHtml(readFileSync(`tests/fixtures/${file}`, 'utf8')), url);
  if (!paper) throw new Error(`no paper in ${file}`);
  return paper;
};
const attention = page('arxiv-abs/1706.03762v7-2026-08-newheader.html', 'https://arxiv.org/abs/1706.03762v7');
const attentionV1 = page(
  'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html',
  'https://arxiv.org/abs/1706.03762v1',
);
const sentencepiece = page(
  'arxiv-abs/1808.06226v1-2026-github-in-abstract.html',
  'https://arxiv.org/abs/1808.06226v1',
);
const dolmaPdf = page(
  'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html',
  'https://arxiv.org/pdf/2402.00159v2',
);

let db: LibraryDb;
beforeEach(() => {
  db = new LibraryDb(`trust-${Math.random()}`);
});
afterEach(() => db.delete());

describe('schema version 2', () => {
  it('upgrades a database written by version 1: every record and field kept, the new fields set', async () => {
    // Version 1 as it shipped: one table, records with savedAt, changedAt and tags.
    const v1 = new Dexie(db.name);
    v1.version(1).stores({ papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory' });
    const written = [
      { ...attention, savedAt: 1000, changedAt: 2000, tags: ['transformers'] },
      { ...sentencepiece, savedAt: 3000, changedAt: 3000, tags: [] },
      { ...dolmaPdf, savedAt: 4000, changedAt: 4000, tags: [] },
    ];
    await v1.table('papers').bulkPut(written);
    v1.close();

    await db.open();
    expect(db.verno).toBe(4);
    const upgraded = await db.papers.toArray();
    expect(upgraded).toHaveLength(3);
    for (const before of written) {
      const after = upgraded.find((paper) => paper.id === before.id);
      // Every field of version 1 as it was, plus exactly the new ones.
      expect(after).toEqual({
        ...before,
        readState: 'unread',
        starred: false,
        ...(before.version !== undefined ? { savedVersion: before.version } : {}),
        clocks: defaultClocks({ ...before, readState: 'unread', starred: false }),
      });
    }
    expect(await db.removed.count()).toBe(0);
    expect(await db.changes.count()).toBe(0);
  });
});

describe('schema version 3', () => {
  it('upgrades a database written by version 2: records kept, each field the reader set clocked at its last change, removed papers removed', async () => {
    // Version 2 as it shipped: papers with what the reader added, removed papers, the change log.
    const v2 = new Dexie(db.name);
    v2.version(1).stores({ papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory' });
    v2.version(2).stores({
      papers: 'id, arxivId, savedAt, changedAt, *tags, primaryCategory, readState, doi',
      removed: 'id, removedAt',
      changes: '++seq',
    });
    const reader = { readState: 'unread', starred: false, tags: [] as string[] } as const;
    const read = {
      ...attention,
      ...reader,
      savedAt: 1000,
      changedAt: 2000,
      tags: ['nlp'],
      readState: 'read',
      note: 'Section 3',
    };
    const plain = { ...sentencepiece, ...reader, savedAt: 3000, changedAt: 3000 };
    const gone = { ...dolmaPdf, ...reader, savedAt: 4000, changedAt: 4500, starred: true };
    await v2.table('papers').bulkPut([read, plain]);
    await v2.table('removed').put({ id: gone.id, removedAt: 5000, paper: gone });
    await v2.table('changes').bulkAdd([{ id: read.id }, { id: plain.id }, { id: gone.id }]);
    v2.close();

    await db.open();
    expect(db.verno).toBe(4);
    const [upgradedRead, upgradedPlain] = await db.papers.bulkGet([read.id, plain.id]);
    expect(upgradedRead).toEqual({
      ...read,
      clocks: {
        kept: 2000,
        removed: 0,
        readState: 2000,
        starred: 0,
        note: 2000,
        tags: [['nlp', 2000, 0]],
        noteSeen: [],
      },
    });
    expect(upgradedPlain?.clocks).toEqual({
      kept: 3000,
      removed: 0,
      readState: 0,
      starred: 0,
      note: 0,
      tags: [],
      noteSeen: [],
    });
    const removed = await db.removed.get(gone.id);
    expect(removed?.paper).toMatchObject({ ...gone, clocks: { kept: 4500, removed: 5000, starred: 4500 } });
    expect(isPresent(removed?.paper.clocks ?? defaultClocks(gone))).toBe(false);
    // The log is untouched: the index and sync read it on.
    expect((await db.changes.toArray()).map((row) => row.id)).toEqual([read.id, plain.id, gone.id]);
    expect(await db.cursors.count()).toBe(0);
  });
});

describe('remove with undo', () => {
  it('removes papers with what the reader added, and undo brings them back as they were', async () => {
    await savePapers(db, [attention, sentencepiece], 1000);
    await editPapers(
      db,
      [attention.id],
      { addTags: ['to read'], note: 'Read section 3', starred: true },
      1500,
    );
    const before = await db.papers.get(attention.id);
    expect(await removePapers(db, [attention.id, sentencepiece.id, 'arxiv:0000.00000'], 2000)).toEqual([
      attention.id,
      sentencepiece.id,
    ]);
    expect(await db.papers.count()).toBe(0);
    expect(await restorePapers(db, [attention.id], 3000)).toEqual([attention.id]);
    const { clocks, ...back } = (await db.papers.get(attention.id)) as StoredPaper;
    const { clocks: _, ...was } = before as StoredPaper;
    expect(back).toEqual({ ...was, changedAt: 3000 });
    // Kept after it was removed: a removal synced from elsewhere does not win over this undo.
    expect(clocks?.kept).toBeGreaterThan(clocks?.removed ?? Infinity);
    expect(await db.removed.count()).toBe(1);
  });
});

describe('a removed paper stays removed', () => {
  it('a visit (automatic clipping) or a refresh does not bring it back; clipping it by hand does, with its tags', async () => {
    await savePapers(db, [attention], 1000);
    await editPapers(db, [attention.id], { addTags: ['nlp'] }, 1100);
    await removePapers(db, [attention.id], 2000);
    expect(await savePapers(db, [attention], 3000, 'visit')).toEqual([]);
    expect(await savePapers(db, [attention], 3000, 'refresh')).toEqual([]);
    expect(await db.papers.count()).toBe(0);
    const [back] = await savePapers(db, [attention], 4000, 'request');
    expect(back).toMatchObject({ id: attention.id, tags: ['nlp'], savedAt: 1000 });
    expect(await db.removed.count()).toBe(0);
  });
});

describe('what the reader adds', () => {
  it('tags (cleaned, added to a selection, taken off), a note, a reading state and a star', async () => {
    await savePapers(db, [attention, sentencepiece], 1000);
    const ids = [attention.id, sentencepiece.id];
    await editPapers(db, ids, { addTags: ['  deep   learning ', 'nlp', 'nlp', ''] });
    await editPapers(db, [sentencepiece.id], {
      removeTags: ['nlp'],
      readState: 'reading',
      note: 'tokenizer',
    });
    await editPapers(db, [attention.id], { readState: 'read', starred: true });
    const [a, s] = (await db.papers.bulkGet(ids)) as StoredPaper[];
    expect(a).toMatchObject({ tags: ['deep learning', 'nlp'], readState: 'read', starred: true });
    expect(a?.note).toBeUndefined();
    expect(s).toMatchObject({
      tags: ['deep learning'],
      readState: 'reading',
      starred: false,
      note: 'tokenizer',
    });
    await editPapers(db, [sentencepiece.id], { note: '  ' });
    expect((await db.papers.get(sentencepiece.id))?.note).toBeUndefined();
  });

  it('remembers the version clipped when a later one updates the record', async () => {
    const [first] = await savePapers(db, [attentionV1], 1000, 'visit');
    expect(first).toMatchObject({ version: 1, savedVersion: 1 });
    const [updated] = await savePapers(db, [attention], 2000, 'visit');
    expect(updated).toMatchObject({ version: 7, savedVersion: 1, updated: '2023-08-02' });
  });
});

describe('one paper, one record', () => {
  const published: Paper = {
    id: 'doi:10.18653/v1/d18-2012',
    doi: '10.18653/v1/D18-2012',
    title: 'SentencePiece: A simple and language independent subword tokenizer',
    source: { site: 'web', kind: 'citation-meta', url: 'https://aclanthology.org/D18-2012/' },
  };
  const onArxiv: Paper = { ...sentencepiece, doi: '10.18653/v1/D18-2012' };

  it('a doi: record saved first is taken into the arXiv record that carries its DOI, with its tags', async () => {
    await savePapers(db, [published], 1000);
    await editPapers(db, [published.id], { addTags: ['tokenizers'] }, 1100);
    await savePapers(db, [onArxiv], 2000);
    const all = await db.papers.toArray();
    expect(all.map((paper) => paper.id)).toEqual([sentencepiece.id]);
    expect(all[0]).toMatchObject({ tags: ['tokenizers'], savedAt: 1000, arxivId: '1808.06226' });
    // The index is told of both: the doi: record is gone, the arXiv one written.
    expect((await db.changes.toArray()).map((change) => change.id)).toContain(published.id);
  });

  it('a page naming the paper by its DOI goes to the arXiv record carrying it', async () => {
    await savePapers(db, [onArxiv], 1000);
    await savePapers(db, [published], 2000, 'visit');
    expect((await db.papers.toArray()).map((paper) => paper.id)).toEqual([sentencepiece.id]);
  });

  it('a page reached with tracking parameters or a fragment is one record', async () => {
    const page = (url: string): Paper => ({
      id: fallbackId(undefined, url),
      title: 'A page',
      source: { site: 'web', kind: 'citation-meta', url },
    });
    await savePapers(db, [page('https://example.org/paper?id=3&utm_source=twitter#results')], 1000);
    await savePapers(db, [page('https://example.org/paper?ref=news&id=3&fbclid=abc')], 2000);
    expect((await db.papers.toArray()).map((paper) => paper.id)).toEqual([
      'url:https://example.org/paper?id=3',
    ]);
  });
});
