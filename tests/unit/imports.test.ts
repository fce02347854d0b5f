/**
 * The import job (lib/imports.ts) on a BibTeX and a RIS file exported by Zotero and JabRef: arXiv and DOI records
 * added, entries with neither skipped with the reason, the index following; and a summary of what happened.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ID } from '../../lib/citations/import';
import { LibraryDb } from '../../lib/db';
import { createImporter } from '../../lib/imports';
import { IndexStoreDb, LibraryIndex } from '../../lib/library-index';

let db: LibraryDb;
let store: IndexStoreDb;
let index: LibraryIndex;
beforeEach(async () => {
  db = new LibraryDb(`imports-${Math.random()}`);
  store = new IndexStoreDb(`imports-store-${Math.random()}`);
  index = new LibraryIndex(db, store, { saveDelayMs: 60_000 });
  await index.ready;
});
afterEach(async () => {
  index.close();
  await db.delete();
  await store.delete();
});

async function importFile(name: string) {
  const importer = createImporter(db, store, index, {
    readCitations: () => import('../../lib/citations/import'),
  });
  const file = new Blob([readFileSync(`tests/fixtures/citations/${name}`)]);
  await store.imports.put({ key: name, name, file, state: 'queued', done: 0, total: 0 });
  importer.start(name);
  await expect
    .poll(async () => (await store.imports.get(name))?.state, { timeout: 20_000 })
    .toMatch(/done|failed/);
  return store.imports.get(name);
}

describe('importing a citation file', () => {
  // SOURCES.md: 14 records, 7 with an arXiv id, 5 with a DOI only, 2 with neither.
  it('a Zotero RIS file: arXiv and DOI records added, the two with neither skipped and said why', async () => {
    const job = await importFile('zotero-ris-graph-learning-2025.ris');
    expect(job).toMatchObject({ state: 'done', kind: 'citations', merged: 0 });
    expect(job?.skipped?.map((entry) => entry.reason)).toEqual([NO_ID, NO_ID]);
    const ids = (await db.papers.toCollection().primaryKeys()) as string[];
    expect(ids.filter((id) => id.startsWith('arxiv:')).length).toBeGreaterThanOrEqual(6);
    expect(ids.filter((id) => id.startsWith('doi:'))).toHaveLength(5);
    expect(job?.added).toBe(ids.length);
    // Searchable at once.
    expect((await index.find('heat diffusion graphs', {}, 0, 5)).total).toBeGreaterThan(0);
  });

  it('a JabRef BibTeX library: 28 arXiv records, 69 with a DOI only, 29 skipped', async () => {
    const job = await importFile('jabref-argument-mining-2020.bib');
    expect(job?.state).toBe('done');
    const ids = (await db.papers.toCollection().primaryKeys()) as string[];
    expect(ids.filter((id) => id.startsWith('arxiv:'))).toHaveLength(28);
    expect(ids.filter((id) => id.startsWith('doi:'))).toHaveLength(69);
    expect(job?.skipped?.length).toBe(29);
  });
});

describe('the job row the page watches', () => {
  it('never carries the file once the worker has it: each step of the progress rewrites a small row', async () => {
    const importer = createImporter(db, store, index, {
      readCitations: () => import('../../lib/citations/import'),
    });
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ id: `2501.${String(10000 + i)}`, title: `Paper ${i}`, abstract: 'Words.' }),
    );
    await store.imports.put({
      key: 'list',
      name: 'list.jsonl',
      file: new Blob([lines.join('\n')]),
      state: 'queued',
      done: 0,
      total: 0,
    });
    // Every version of the row the worker writes, as the page would see it.
    const seen: { state: string; file: boolean }[] = [];
    store.imports.hook('updating', (change, _key, row) => {
      const next = { ...row, ...change };
      seen.push({ state: next.state, file: next.file !== undefined });
    });
    importer.start('list');
    await expect.poll(async () => (await store.imports.get('list'))?.state, { timeout: 20_000 }).toBe('done');
    expect(seen.some((row) => row.state === 'checking')).toBe(true);
    expect(seen.filter((row) => row.state !== 'queued' && row.file)).toEqual([]);
    expect(await db.papers.count()).toBe(3000);
  });
});
