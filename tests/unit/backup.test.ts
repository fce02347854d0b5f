/**
 * Backups (lib/backup.ts, restoreBackup in lib/library.ts, the import job in lib/imports.ts): a round trip into
 * an empty library gives back exactly the same library; into a non-empty one papers merge by id; a truncated,
 * wrong or 50 MB garbage file is refused with a clear message and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, createBackup, parseBackup } from '../../lib/backup';
import { LibraryDb } from '../../lib/db';
import { extractPapers } from '../../lib/extract/index';
import { createImporter } from '../../lib/imports';
import { editPapers, removePapers, restoreBackup, savePapers } from '../../lib/library';
import { IndexStoreDb, LibraryIndex } from '../../lib/library-index';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';

const abs = (file: string, url: string): Paper =>
  extractPapers(parseHtml(readFileSync(`tests/fixtures/arxiv-abs/${file}`, 'utf8')), url)[0] as Paper;
const attention = abs('1706.03762v7-2026-08-newheader.html', 'https://arxiv.org/abs/1706.03762v7');
const sentencepiece = abs('1808.06226v1-2026-github-in-abstract.html', 'https://arxiv.org/abs/1808.06226v1');
const dolma = abs('2402.00159v2-2026-comments-dataset-code.html', 'https://arxiv.org/abs/2402.00159v2');

const dbs: { delete(): Promise<void> }[] = [];
const newDb = () => {
  const db = new LibraryDb(`backup-${Math.random()}`);
  dbs.push(db);
  return db;
};
let source: LibraryDb;
beforeEach(async () => {
  source = newDb();
  await savePapers(source, [attention, sentencepiece, dolma], 1000);
  await editPapers(
    source,
    [attention.id],
    { addTags: ['transformers', 'classics'], note: 'Section 3.2', readState: 'read', starred: true },
    2000,
  );
  await editPapers(source, [sentencepiece.id], { readState: 'reading' }, 3000);
  await removePapers(source, [dolma.id], 4000);
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function backupOf(db: LibraryDb): Promise<string> {
  return JSON.stringify(
    createBackup(await db.papers.toArray(), await db.removed.toArray(), {
      autoClip: false,
      showMarks: false,
    }),
  );
}

describe('backup and restore', () => {
  it('into an empty library gives back exactly the same library', async () => {
    const backup = parseBackup(await backupOf(source));
    expect(backup.settings).toEqual({ autoClip: false, showMarks: false });
    const target = newDb();
    expect(await restoreBackup(target, backup, 9000)).toEqual({ added: 2, merged: 0 });
    expect(await target.papers.toArray()).toEqual(await source.papers.toArray());
    expect(await target.removed.toArray()).toEqual(await source.removed.toArray());
  });

  it('into a non-empty library merges by id: tags united, the further reading state, notes kept', async () => {
    const target = newDb();
    await savePapers(target, [attention], 500);
    await editPapers(
      target,
      [attention.id],
      { addTags: ['mine'], note: 'My own note', readState: 'reading' },
      600,
    );
    expect(await restoreBackup(target, parseBackup(await backupOf(source)), 9000)).toEqual({
      added: 1,
      merged: 1,
    });
    const merged = await target.papers.get(attention.id);
    expect(merged).toMatchObject({ readState: 'read', starred: true, savedAt: 500, title: attention.title });
    expect(merged?.tags.sort()).toEqual(['classics', 'mine', 'transformers']);
    expect(merged?.note).toBe('My own note\n\nSection 3.2');
    expect(await target.papers.count()).toBe(2);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length / 2), /not whole JSON/],
    ['of another kind of JSON', () => JSON.stringify({ papers: [] }), /not a Papershelf backup/],
    [
      'with a paper without its id',
      (text: string) => text.replace('"id":"arxiv:1706.03762"', '"idx":1'),
      /papers\.\d+\.id/,
    ],
    [
      'holding a paper twice',
      (text: string) =>
        text.replace('"papers":[', `"papers":[${JSON.stringify({ ...JSON.parse(text).papers[0] })},`),
      /twice/,
    ],
  ])('refuses a backup %s, saying what is wrong', async (_, spoil, message) => {
    const spoilt = spoil(await backupOf(source));
    expect(() => parseBackup(spoilt)).toThrow(BackupError);
    expect(() => parseBackup(spoilt)).toThrow(message);
  });

  it('a truncated backup, a wrong one and 50 MB of garbage are refused by the import and change nothing', async () => {
    const text = await backupOf(source);
    const target = newDb();
    const store = new IndexStoreDb(`backup-store-${Math.random()}`);
    dbs.push(store);
    await savePapers(target, [attention], 500);
    const index = new LibraryIndex(target, store, { saveDelayMs: 60_000 });
    await index.ready;
    const importer = createImporter(target, store, index, {
      readCitations: () => import('../../lib/citations/import'),
    });
    const garbage = new Uint8Array(50 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
    const files: [string, Blob, RegExp][] = [
      ['truncated', new Blob([text.slice(0, text.length - 100)]), /not whole JSON/],
      ['wrong', new Blob([text.replace('"version":1', '"version":7')]), /not a Papershelf backup/],
      ['garbage', new Blob([garbage]), /not text|not JSON|Line 1/],
    ];
    for (const [key, file, message] of files) {
      await store.imports.put({ key, name: `${key}.json`, file, state: 'queued', done: 0, total: 0 });
      importer.start(key);
      await expect
        .poll(async () => (await store.imports.get(key))?.state, { timeout: 10_000 })
        .toBe('failed');
      expect((await store.imports.get(key))?.message).toMatch(message);
    }
    expect(await target.papers.toArray()).toEqual([
      expect.objectContaining({ id: attention.id, savedAt: 500 }),
    ]);
    index.close();
  });

  it('a backup whose links are not web links (javascript:, data:) is refused, naming where', async () => {
    const backup = JSON.parse(await backupOf(source));
    const hostile = structuredClone(backup);
    hostile.papers[0].source.url = 'javascript:alert(document.domain)';
    expect(() => parseBackup(JSON.stringify(hostile))).toThrow(
      /papers\.0\.source\.url: is not an http\(s\) URL/,
    );
    const link = structuredClone(backup);
    link.removed[0].paper.links = [{ url: 'data:text/html,<script>', kind: 'code', host: 'x' }];
    expect(() => parseBackup(JSON.stringify(link))).toThrow(/removed\.0\.paper\.links\.0\.url/);
    expect(() => parseBackup(JSON.stringify(backup))).not.toThrow();
  });

  it('a good backup through the import: the job says what was added and carries the settings', async () => {
    const target = newDb();
    const store = new IndexStoreDb(`backup-store-${Math.random()}`);
    dbs.push(store);
    const index = new LibraryIndex(target, store, { saveDelayMs: 60_000 });
    await index.ready;
    const importer = createImporter(target, store, index, {
      readCitations: () => import('../../lib/citations/import'),
    });
    await store.imports.put({
      key: 'b',
      name: 'backup.json',
      file: new Blob([await backupOf(source)]),
      state: 'queued',
      done: 0,
      total: 0,
    });
    importer.start('b');
    await expect.poll(async () => (await store.imports.get('b'))?.state, { timeout: 10_000 }).toBe('done');
    expect(await store.imports.get('b')).toMatchObject({
      kind: 'backup',
      added: 2,
      merged: 0,
      settings: { autoClip: false },
    });
    expect((await index.find('attention', {}, 0, 5)).ids).toContain(attention.id);
    index.close();
  });
});
