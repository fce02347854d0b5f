/**
 * The library index (lib/library-index.ts) kept in step with the library by every write path, saved and read
 * back, caught up after a stopped worker or a crash, and rebuilt only when its saved copy cannot be trusted.
 * Papers: the 101 real abstracts of a Hugging Face listing.
 */
import type { Table } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackup } from '../../lib/backup';
import { LibraryDb } from '../../lib/db';
import { librarySize } from '../../lib/first-answers';
import {
  applySynced,
  editPapers,
  newRecord,
  refreshSaved,
  removePaper,
  restoreBackup,
  restorePapers,
  savePapers,
} from '../../lib/library';
import { type IndexStatus, IndexStoreDb, LibraryIndex, type SearchSnapshot } from '../../lib/library-index';
import type { Paper } from '../../lib/paper';
import type { SnapshotFile } from '../../lib/snapshot-file';
import { readPapers } from '../../scripts/jsonl';

const seed: Paper[] = (await readPapers('tests/fixtures/datasets/hf-listing-seed.jsonl')).map((paper) => ({
  ...paper,
  source: { site: 'huggingface', kind: 'hf-list', url: `https://huggingface.co/papers/${paper.id}` },
}));
const byId = new Map(seed.map((paper) => [paper.id, paper]));
const seedPaper = (id: string): Paper => {
  const found = byId.get(id);
  if (!found) throw new Error(`no ${id} in the seed`);
  return found;
};

let db: LibraryDb;
let store: IndexStoreDb;
const opened: LibraryIndex[] = [];

/** An index as the worker opens one; `statuses` records what it reports. */
function openIndex(statuses: IndexStatus[] = [], relatedFile?: SnapshotFile) {
  const index = new LibraryIndex(db, store, {
    saveDelayMs: 60_000,
    checkDelayMs: 0,
    relatedFile,
    onStatus: (s) => statuses.push(s),
  });
  opened.push(index);
  return index;
}

/** An index opened again (on `relatedFile`), once checked: it read its saved copy back, nothing was rebuilt. */
async function reopenedNotRebuilt(relatedFile?: SnapshotFile) {
  const statuses: IndexStatus[] = [];
  const reopened = openIndex(statuses, relatedFile);
  await reopened.checked;
  expect(statuses.map((s) => s.state)).not.toContain('building');
  return reopened;
}

/** `table`'s reads by key (its next one only, `once`) answer only once the test calls the release returned. */
function holdBulkGet<T>(table: Table<T, string>, { once = false } = {}): () => void {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The table's own method, not a spy already on it (which this one would then call, round and round).
  const own = Object.getPrototypeOf(table).bulkGet as typeof table.bulkGet;
  const bulkGet = ((keys: string[]) => own.call(table, keys)) as typeof table.bulkGet;
  const held = ((keys: string[]) => released.then(() => bulkGet(keys))) as typeof table.bulkGet;
  const spy = vi.spyOn(table, 'bulkGet');
  if (once) spy.mockImplementationOnce(held);
  else spy.mockImplementation(held);
  return release;
}

/** The search index as saved. */
async function savedSearch(): Promise<SearchSnapshot> {
  const saved = await store.snapshots.get('search');
  if (saved?.key !== 'search') throw new Error('no search index saved');
  return saved;
}

const allIds = async (index: LibraryIndex) => (await index.find('', {}, 0, 1000)).ids.sort();
const libraryIds = async () => (await db.papers.toCollection().primaryKeys()).sort();

beforeEach(() => {
  const name = `index-test-${Math.random()}`;
  db = new LibraryDb(name);
  store = new IndexStoreDb(`${name}-index`);
});
afterEach(async () => {
  for (const index of opened.splice(0)) index.close();
  await db.delete();
  await store.delete();
});

describe('opening the index', () => {
  it('builds it once from a library it has never seen, with progress, then reads its saved copy back', async () => {
    await savePapers(db, seed);
    const first: IndexStatus[] = [];
    const index = openIndex(first);
    await index.ready;
    expect(first.some((s) => s.state === 'building')).toBe(true);
    expect(first.at(-1)).toMatchObject({ state: 'ready', done: 101, total: 101 });
    expect(await allIds(index)).toEqual(await libraryIds());

    const reopened = await reopenedNotRebuilt();
    expect((await reopened.find('quantization', {}, 0, 10)).ids).toEqual(
      (await index.find('quantization', {}, 0, 10)).ids,
    );
    const query = seedPaper('seed-047');
    expect((await reopened.relatedTo(query, 5)).map((hit) => hit.id)).toEqual(
      (await index.relatedTo(query, 5)).map((hit) => hit.id),
    );
  });

  it('rebuilds a saved copy that does not match the library (the log behind it was lost)', async () => {
    await savePapers(db, seed);
    await openIndex().ready;
    // The library changes behind the index's back: rows removed without their log entries.
    await db.papers.bulkDelete(['seed-001', 'seed-002']);
    const statuses: IndexStatus[] = [];
    const index = openIndex(statuses);
    // Read back, it answers at once; the check that follows finds the loss and rebuilds.
    await index.ready;
    expect(statuses.map((s) => s.state)).not.toContain('building');
    await index.checked;
    expect(statuses.map((s) => s.state)).toContain('building');
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it("saves the search index's largest arrays in rows of their own, and still reads a copy saved whole", async () => {
    await savePapers(db, seed);
    const first = openIndex();
    await first.ready;
    const main = await savedSearch();
    expect(main.inParts).toBe(true);
    expect('docs' in main.search).toBe(false);
    const docs = await store.snapshots.get('search:docs');
    expect(docs?.seq).toBe(main.seq);
    const fromParts = await reopenedNotRebuilt();
    expect((await fromParts.find('mobile app review', {}, 0, 10)).ids).toEqual(
      (await first.find('mobile app review', {}, 0, 10)).ids,
    );

    // A copy saved before the parts: one row holding every array.
    const whole = { ...main.search } as Record<string, unknown>;
    for (const name of ['docs', 'freqs', 'fieldIds', 'fieldStarts', 'termStarts']) {
      const part = await store.snapshots.get(`search:${name}`);
      whole[name] = (part as { array: unknown }).array;
      await store.snapshots.delete(`search:${name}`);
    }
    const { inParts: _inParts, ...older } = main;
    await store.snapshots.put({ ...older, search: whole as unknown as SearchSnapshot['search'] });
    const fromWhole = await reopenedNotRebuilt();
    expect(await allIds(fromWhole)).toEqual(await libraryIds());
    expect((await fromWhole.find('mobile app review', {}, 0, 10)).ids).toContain('seed-063');
  });

  it('rebuilds a copy missing a part of the search index, or holding one from another save', async () => {
    await savePapers(db, seed.slice(0, 60));
    const first = openIndex();
    await first.ready;
    const freqs = await store.snapshots.get('search:freqs');
    await store.snapshots.delete('search:freqs');
    const missing: IndexStatus[] = [];
    const afterMissing = openIndex(missing);
    await afterMissing.ready;
    expect(missing.map((s) => s.state)).toContain('building');
    // The part put back as it was before 41 more papers were saved: from another save.
    await savePapers(db, seed.slice(60));
    await afterMissing.catchUp();
    await afterMissing.save();
    await store.snapshots.put(freqs as NonNullable<typeof freqs>);
    const stale: IndexStatus[] = [];
    const afterStale = openIndex(stale);
    await afterStale.ready;
    expect(stale.map((s) => s.state)).toContain('building');
    expect(await allIds(afterStale)).toEqual(await libraryIds());
  });

  it('rebuilds a damaged saved copy', async () => {
    await savePapers(db, seed);
    await openIndex().ready;
    const snapshot = await savedSearch();
    await store.snapshots.put({ ...snapshot, search: { ...snapshot.search, json: '{not json' } });
    const statuses: IndexStatus[] = [];
    const index = openIndex(statuses);
    await index.ready;
    expect(statuses.map((s) => s.state)).toContain('building');
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it('rebuilds a copy saved by the version before, whose summaries had no sites', async () => {
    await savePapers(db, seed);
    await openIndex().ready;
    const snapshot = await savedSearch();
    const { summaries, ...state } = JSON.parse(snapshot.search.json);
    const { sites: _sites, ...older } = summaries;
    const search = { ...snapshot.search, version: snapshot.search.version - 1 };
    await store.snapshots.put({
      ...snapshot,
      search: { ...search, json: JSON.stringify({ ...state, summaries: older }) },
    });
    const statuses: IndexStatus[] = [];
    const index = openIndex(statuses);
    await index.ready;
    expect(statuses.map((s) => s.state)).toContain('building');
    // The seed's 101 papers were all read off a Hugging Face listing.
    expect((await index.facets()).sites).toEqual([
      ['arxiv', 0],
      ['huggingface', 101],
      ['web', 0],
    ]);
  });
});

describe('reading a saved copy back in two parts', () => {
  it('answers related papers once the related index is read back, before the search index is; a write made meanwhile is in both', async () => {
    await savePapers(
      db,
      seed.filter((paper) => paper.id !== 'seed-063'),
    );
    const first = openIndex();
    await first.ready;
    await first.save();
    first.close();
    // The search index takes as long as the test says to be read back.
    const release = holdBulkGet(store.snapshots);
    const statuses: IndexStatus[] = [];
    const index = openIndex(statuses);
    await index.opened('related');
    expect(index.answers('search')).toBe(false);
    expect(index.status.state).toBe('opening');
    expect(index.statusOf('related').state).toBe('ready');
    // seed-063, "Leveraging LLMs for Mobile App Review Feature Extraction", clipped while the search index is
    // read back: the related index has it at once.
    await savePapers(db, [seedPaper('seed-063')]);
    expect((await index.relatedTo(seedPaper('seed-044'), 3)).map((hit) => hit.id)).toContain('seed-063');
    expect(index.answers('search')).toBe(false);
    // The library's size, with that clip, is there for a page opening now (lib/first-answers.ts).
    await expect.poll(() => librarySize(db, store)).toBe(101);
    release();
    await index.checked;
    expect(statuses.map((s) => s.state)).not.toContain('building');
    expect((await index.find('mobile app review', {}, 0, 10)).ids).toContain('seed-063');
    expect(await allIds(index)).toEqual(await libraryIds());
  });
});

describe('a large search index read back once it is wanted', () => {
  /** The index saved with the whole seed, opened again waiting `searchDelayMs`; its reads of saved rows spied. */
  async function reopenWaiting(searchDelayMs: number) {
    await savePapers(db, seed);
    const first = openIndex();
    await first.ready;
    await first.save();
    first.close();
    const searchRead = vi.spyOn(store.snapshots, 'bulkGet');
    const index = new LibraryIndex(db, store, { saveDelayMs: 60_000, checkDelayMs: 0, searchDelayMs });
    opened.push(index);
    await index.opened('related');
    return { index, searchRead };
  }

  it('is not read while only related papers are asked, and is read at once when a page searches', async () => {
    const { index, searchRead } = await reopenWaiting(60_000);
    expect((await index.relatedTo(seedPaper('seed-044'), 3)).map((hit) => hit.id)).toContain('seed-063');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(searchRead).not.toHaveBeenCalled();
    expect(index.answers('search')).toBe(false);
    // seed-063: "Leveraging LLMs for Mobile App Review Feature Extraction".
    expect((await index.find('mobile app review', {}, 0, 10)).ids).toContain('seed-063');
    expect(searchRead).toHaveBeenCalledTimes(1);
  });

  it('meanwhile answers a search from the words of titles and abstracts, and starts reading it', async () => {
    const { index, searchRead } = await reopenWaiting(60_000);
    // Only a search in relevance order and without filters; asking them reads nothing.
    expect(await index.findWhileOpening('mobile app review', { year: 2023 }, 0, 10)).toBeUndefined();
    expect(await index.findWhileOpening('mobile app review', {}, 0, 10, 'clipped')).toBeUndefined();
    expect(searchRead).not.toHaveBeenCalled();
    // The search index's rows arrive when the test says; removed meanwhile, T-FREX is not found.
    const release = holdBulkGet(store.snapshots);
    await removePaper(db, 'seed-044');
    const early = await index.findWhileOpening('Mobile app review', {}, 0, 10);
    expect(early).toEqual({ total: 1, ids: ['seed-063'] });
    expect(searchRead).toHaveBeenCalledTimes(1);
    // A word no title or abstract has: the search index may still find it (a prefix, a typo, an author).
    expect(await index.findWhileOpening('mobile app revi', {}, 0, 10)).toBeUndefined();
    release();
    await index.ready;
    expect(await index.findWhileOpening('mobile app review', {}, 0, 10)).toBeUndefined();
  });

  it('waits for a related question being answered, then is read on its own once none came for a while', async () => {
    const { index, searchRead } = await reopenWaiting(10);
    // The question's hits are read as long as the test says.
    const release = holdBulkGet(db.papers, { once: true });
    const answer = index.relatedTo(seedPaper('seed-044'), 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(searchRead).not.toHaveBeenCalled();
    release();
    expect((await answer).map((hit) => hit.id)).toContain('seed-063');
    await index.ready;
    expect(searchRead).toHaveBeenCalledTimes(1);
    expect(index.answers('search')).toBe(true);
  });
});

describe('the related index saved as a file', () => {
  /** A file held in memory, as the origin private file system holds one; `failing` makes writes throw. */
  const memoryFile = () => {
    const file = {
      data: undefined as ArrayBuffer | undefined,
      failing: false,
      // As the origin private file system's file does: a copy, in a buffer with the room asked for after it.
      read: async (room?: (size: number) => number) => {
        if (!file.data) return undefined;
        const size = file.data.byteLength;
        const bytes = new Uint8Array(new ArrayBuffer(size + (room?.(size) ?? 0)), 0, size);
        bytes.set(new Uint8Array(file.data));
        return bytes;
      },
      write: async (data: ArrayBuffer) => {
        if (file.failing) throw new Error('the disk is full');
        file.data = data;
      },
      remove: async () => {
        file.data = undefined;
      },
    };
    return file;
  };
  const query = seedPaper('seed-047');
  const relatedIds = async (index: LibraryIndex) => (await index.relatedTo(query, 5)).map((hit) => hit.id);

  /** `papers` saved, an index built and saved with `file`. */
  async function savedWithFile(papers: typeof seed) {
    await savePapers(db, papers);
    const file = memoryFile();
    const first = openIndex([], file);
    await first.ready;
    await first.save();
    return { file, first };
  }

  it("is read from its file, and the search index's rows only once it answers", async () => {
    const { file, first } = await savedWithFile(seed);
    first.close();
    // The file is read as long as the test says.
    const read = file.read;
    let release = () => {};
    const fileRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    file.read = async (room) => {
      await fileRead;
      return read(room);
    };
    const searchRead = vi.spyOn(store.snapshots, 'bulkGet');
    const index = new LibraryIndex(db, store, {
      saveDelayMs: 60_000,
      checkDelayMs: 0,
      relatedFile: file,
      searchDelayMs: 0,
    });
    opened.push(index);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(searchRead).not.toHaveBeenCalled();
    release();
    await index.ready;
    expect(searchRead).toHaveBeenCalledTimes(1);
    expect(await relatedIds(index)).toEqual(await relatedIds(first));
  });

  it('is read back from the file, not a row, and answers as the index it was saved from', async () => {
    const { file, first } = await savedWithFile(seed);
    expect(file.data?.byteLength).toBeGreaterThan(0);
    expect(await store.snapshots.get('related')).toBeUndefined();
    const reopened = await reopenedNotRebuilt(file);
    expect(await relatedIds(reopened)).toEqual(await relatedIds(first));
    expect(await allIds(reopened)).toEqual(await libraryIds());
  });

  it('is saved as a row when the file cannot be written, and read back from the row', async () => {
    const { file, first } = await savedWithFile(seed);
    file.failing = true;
    await savePapers(db, [{ ...seedPaper('seed-001'), title: 'A title changed after the file was written' }]);
    await first.catchUp();
    await first.save();
    expect(file.data).toBeUndefined();
    expect(await store.snapshots.get('related')).toBeDefined();
    const reopened = await reopenedNotRebuilt(file);
    expect(await relatedIds(reopened)).toEqual(await relatedIds(first));
  });

  it('rebuilds from a damaged file, and from a file older than the search index saved after it', async () => {
    const { file } = await savedWithFile(seed.slice(0, 60));
    const older = file.data;
    // Cut short, as a disk that filled up would leave a file written in place.
    file.data = older?.slice(0, (older?.byteLength ?? 0) - 100);
    const damaged: IndexStatus[] = [];
    const afterDamage = openIndex(damaged, file);
    await afterDamage.ready;
    expect(damaged.map((s) => s.state)).toContain('building');
    expect(await allIds(afterDamage)).toEqual(await libraryIds());

    // The file kept from before 41 more papers were saved, beside a search index that has them.
    await savePapers(db, seed.slice(60));
    await afterDamage.catchUp();
    await afterDamage.save();
    file.data = older;
    const stale: IndexStatus[] = [];
    const afterStale = openIndex(stale, file);
    await afterStale.checked;
    expect(stale.map((s) => s.state)).toContain('building');
    expect(await allIds(afterStale)).toEqual(await libraryIds());
    expect(await relatedIds(afterStale)).toEqual(await relatedIds(afterDamage));
  });
});

describe('the first answers', () => {
  it("give a page the library's size without counting it, only while no write came after them", async () => {
    await savePapers(db, seed.slice(0, 40));
    const index = openIndex();
    await index.ready;
    await index.save();
    expect(await librarySize(db, store)).toBe(40);
    // A clip the index follows: noted at once.
    await savePapers(db, seed.slice(40, 45));
    await index.catchUp();
    await expect.poll(() => librarySize(db, store)).toBe(45);
    index.close();
    // Written while no index runs: the row is older than the log, and says nothing.
    await savePapers(db, seed.slice(45, 50));
    expect(await librarySize(db, store)).toBeUndefined();
    await openIndex().ready;
    await expect.poll(() => librarySize(db, store)).toBe(50);
  });
});

describe('every write path updates the index', () => {
  it('a clip is found at once, by search and as a related paper', async () => {
    await savePapers(
      db,
      seed.filter((paper) => paper.id !== 'seed-063'),
    );
    const index = openIndex();
    await index.ready;
    expect((await index.find('T-FREX', {}, 0, 10)).ids).toEqual(['seed-044']);
    await savePapers(db, [seedPaper('seed-063')]);
    // seed-063: "Leveraging LLMs for Mobile App Review Feature Extraction", the closest paper to T-FREX.
    expect((await index.relatedTo(seedPaper('seed-044'), 3)).map((hit) => hit.id)).toContain('seed-063');
    expect((await index.find('mobile app review', {}, 0, 10)).ids).toContain('seed-063');
  });

  it('a merge that changes a record is searched as it is now', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    const changed = {
      ...seedPaper('seed-010'),
      title: 'Zyzzyvaceous tokenizers',
      source: seedPaper('seed-010').source,
    };
    await refreshSaved(db, [{ ...changed, source: { ...changed.source, kind: 'arxiv-abs' } }]);
    expect((await index.find('zyzzyvaceous', {}, 0, 10)).ids).toEqual(['seed-010']);
  });

  it('a removed paper is neither found nor related', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    await removePaper(db, 'seed-063');
    expect((await index.find('T-FREX', {}, 0, 10)).ids).toEqual(['seed-044']);
    expect((await index.find('mobile app review feature extraction', {}, 0, 10)).ids).not.toContain(
      'seed-063',
    );
    expect((await index.relatedTo(seedPaper('seed-044'), 10)).map((hit) => hit.id)).not.toContain('seed-063');
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it("the reader's edits are filtered on at once: tags, reading state, star; a note keeps the paper found", async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    await editPapers(db, ['seed-063', 'seed-044'], {
      addTags: ['app reviews'],
      readState: 'reading',
      starred: true,
    });
    expect((await index.find('', { tag: 'app reviews' }, 0, 10)).ids.sort()).toEqual([
      'seed-044',
      'seed-063',
    ]);
    expect((await index.find('', { readState: 'reading' }, 0, 10)).ids.sort()).toEqual([
      'seed-044',
      'seed-063',
    ]);
    expect((await index.find('', { starred: true }, 0, 10)).ids.sort()).toEqual(['seed-044', 'seed-063']);
    await editPapers(db, ['seed-044'], { removeTags: ['app reviews'], starred: false, note: 'Read §3' });
    expect((await index.find('', { tag: 'app reviews' }, 0, 10)).ids).toEqual(['seed-063']);
    expect((await index.find('', { starred: true }, 0, 10)).ids).toEqual(['seed-063']);
    expect((await index.find('T-FREX', {}, 0, 10)).ids).toEqual(['seed-044']);
  });

  it('an undone removal and a restored backup are found at once', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    const backup = createBackup(
      await db.papers.bulkGet(['seed-044']).then((p) => p.filter((x) => !!x)),
      [],
      {},
    );
    await removePaper(db, 'seed-063');
    await removePaper(db, 'seed-044');
    expect((await index.find('T-FREX', {}, 0, 10)).ids).not.toContain('seed-044');
    await restorePapers(db, ['seed-063']);
    expect((await index.find('mobile app review feature extraction', {}, 0, 10)).ids).toContain('seed-063');
    await restoreBackup(db, backup);
    expect((await index.find('T-FREX', {}, 0, 10)).ids).toEqual(['seed-044']);
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it('never returns the paper itself as related, saved or not', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    const hits = await index.relatedTo(seedPaper('seed-044'), 10);
    expect(hits.map((hit) => hit.id)).not.toContain('seed-044');
    const unsaved = { ...seedPaper('seed-044'), id: 'arxiv:9999.99999' };
    expect((await index.relatedTo(unsaved, 3)).map((hit) => hit.id)).toContain('seed-044');
  });
});

describe('what sync writes, handed to the index as written (LibraryIndex.written)', () => {
  const renamed = (id: string, title: string) => newRecord({ ...seedPaper(id), title }, 5000, true);

  it('is taken without reading the library back, and found at once', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    index.written(await applySynced(db, [renamed('seed-010', 'Zyzzyvaceous tokenizers')]));
    const reads = vi.spyOn(db.papers, 'bulkGet');
    await index.catchUp();
    expect(reads.mock.calls.flatMap(([ids]) => ids)).not.toContain('seed-010');
    expect((await index.find('zyzzyvaceous', {}, 0, 10)).ids).toEqual(['seed-010']);
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it('keeps nothing handed over once a catch-up has read the library past it (handed over meanwhile)', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    const written = await applySynced(db, [renamed('seed-010', 'Zyzzyvaceous tokenizers')]);
    // Handed over while the catch-up that covers its rows reads the library: it must not stay behind.
    const read = db.papers.bulkGet.bind(db.papers);
    vi.spyOn(db.papers, 'bulkGet').mockImplementationOnce(
      (keys: string[]) =>
        read(keys).then((papers) => {
          index.written(written);
          return papers;
        }) as ReturnType<typeof read>,
    );
    await index.catchUp();
    expect((index as unknown as { fresh: Map<string, unknown> }).fresh.size).toBe(0);
    expect((await index.find('zyzzyvaceous', {}, 0, 10)).ids).toEqual(['seed-010']);
  });

  it('a later write by another context wins over what was handed over', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    const written = await applySynced(db, [renamed('seed-010', 'Zyzzyvaceous tokenizers')]);
    // Another context (a tab's clip through the background) writes the same paper before the catch-up.
    await applySynced(db, [renamed('seed-010', 'Quokka tokenizers')]);
    index.written(written);
    await index.catchUp();
    expect((await index.find('zyzzyvaceous', {}, 0, 10)).ids).toEqual([]);
    expect((await index.find('quokka', {}, 0, 10)).ids).toEqual(['seed-010']);
  });
});

describe('consistency across restarts, crashes and concurrent writers', () => {
  it('a stopped worker: writes made while no index ran are caught up from the log', async () => {
    await savePapers(db, seed.slice(0, 50));
    const index = openIndex();
    await index.ready;
    await index.save();
    index.close();
    // The worker is gone; the background keeps writing.
    await savePapers(db, seed.slice(50));
    await removePaper(db, 'seed-003');
    const restarted = await reopenedNotRebuilt();
    expect(await allIds(restarted)).toEqual(await libraryIds());
    expect(await libraryIds()).toHaveLength(100);
  });

  it('a crash in the middle of a write leaves library, log and index as they were', async () => {
    await savePapers(db, seed.slice(0, 50));
    const index = openIndex();
    await index.ready;
    // The log write fails after the papers were written, and again when tried once more: rolled back.
    const failing = vi.spyOn(db.changes, 'bulkAdd').mockRejectedValue(new Error('crash'));
    await expect(savePapers(db, seed.slice(50))).rejects.toThrow('crash');
    failing.mockRestore();
    expect(await libraryIds()).toHaveLength(50);
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it('a crash while the index saves itself: the older copy and the log still give the library', async () => {
    await savePapers(db, seed.slice(0, 30));
    const index = openIndex();
    await index.ready;
    await savePapers(db, seed.slice(30, 60));
    await index.catchUp();
    vi.spyOn(store.snapshots, 'put').mockRejectedValueOnce(new Error('crash while saving'));
    await expect(index.save()).rejects.toThrow('crash while saving');
    const restarted = openIndex();
    await restarted.ready;
    expect(await allIds(restarted)).toEqual(await libraryIds());
    expect(await libraryIds()).toHaveLength(60);
  });

  it('two tabs writing at once: the index holds exactly what the library holds', async () => {
    const index = openIndex();
    await index.ready;
    const otherTab = new LibraryDb(db.name);
    await Promise.all([
      savePapers(db, seed.slice(0, 60)),
      savePapers(otherTab, seed.slice(40, 101)),
      savePapers(otherTab, [seedPaper('seed-005')]).then(() => removePaper(db, 'seed-005')),
    ]);
    otherTab.close();
    expect(await allIds(index)).toEqual(await libraryIds());
    expect(await libraryIds()).toHaveLength(100);
  });

  it('saving trims the log it includes', async () => {
    await savePapers(db, seed);
    const index = openIndex();
    await index.ready;
    await savePapers(db, [seedPaper('seed-001')]);
    await index.catchUp();
    expect(await db.changes.count()).toBeGreaterThan(0);
    await index.save();
    expect(await db.changes.count()).toBe(0);
  });

  it('saving keeps the rows sync has not pushed yet (its cursor), and trims them once it has', async () => {
    await savePapers(db, seed.slice(0, 10));
    const index = openIndex();
    await index.ready;
    await savePapers(db, [seedPaper('seed-019')]);
    const pushed = (await db.changes.orderBy('seq').last())?.seq ?? 0;
    await db.cursors.put({ key: 'sync', seq: pushed });
    await savePapers(db, [seedPaper('seed-020'), seedPaper('seed-021')]);
    await index.catchUp();
    await index.save();
    expect((await db.changes.toArray()).map((row) => row.id)).toEqual(['seed-020', 'seed-021']);
    await db.cursors.put({ key: 'sync', seq: pushed + 2 });
    await index.save();
    expect(await db.changes.count()).toBe(0);
  });
});

describe("the log's end, read by key before the log", () => {
  // Chromium walks the trimmed rows of the log a range read passes (lib/db.ts, LogEnd): the catch-up reads
  // the log's range only for many new rows.
  it('a catch-up reads no range of the log when nothing is new, and a few new rows by key', async () => {
    await savePapers(db, seed.slice(0, 10));
    const index = openIndex();
    await index.ready;
    const ranges = vi.spyOn(db.changes, 'where');
    expect(await index.catchUp()).toBe(0);
    await savePapers(db, [seedPaper('seed-030')]);
    await removePaper(db, 'seed-001');
    expect(await index.catchUp()).toBe(2);
    expect(ranges).not.toHaveBeenCalled();
    expect((await index.find('', {}, 0, 100)).ids).toContain('seed-030');
    expect((await index.find('', {}, 0, 100)).ids).not.toContain('seed-001');
    await savePapers(db, seed.slice(40, 90));
    await savePapers(db, seed.slice(90));
    await savePapers(db, seed.slice(10, 40));
    await savePapers(db, seed.slice(40, 90));
    // 141 rows: read by their range.
    await index.catchUp();
    expect(ranges).toHaveBeenCalled();
    expect(await allIds(index)).toEqual(await libraryIds());
  });

  it('a key the log skipped (a write rolled back after taking it) is passed over', async () => {
    await savePapers(db, seed.slice(0, 10));
    const index = openIndex();
    await index.ready;
    await savePapers(db, [seedPaper('seed-030')]);
    await savePapers(db, [seedPaper('seed-031')]);
    await savePapers(db, [seedPaper('seed-032')]);
    const rows = await db.changes.orderBy('seq').toArray();
    await db.changes.delete(rows.find((row) => row.id === 'seed-031')?.seq ?? -1);
    await index.catchUp();
    const found = (await index.find('', {}, 0, 100)).ids;
    expect(found).toContain('seed-030');
    expect(found).toContain('seed-032');
  });

  it('a library from before the row was kept is caught up from the log itself until its next write', async () => {
    await savePapers(db, seed.slice(0, 10));
    const index = openIndex();
    await index.ready;
    await db.logEnd.clear();
    // Written as the version before wrote: the log row only.
    await db.transaction('rw', db.papers, db.changes, async () => {
      await db.papers.put(newRecord(seedPaper('seed-050'), Date.now(), true));
      await db.changes.add({ id: 'seed-050' });
    });
    await index.catchUp();
    expect((await index.find('', {}, 0, 100)).ids).toContain('seed-050');
    expect(await librarySize(db, store)).toBeUndefined();
  });
});
