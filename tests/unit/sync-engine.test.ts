/**
 * Sync in Node, as the extension's worker runs it: two and three libraries (Dexie on fake-indexeddb), each with
 * its PouchDB copy (the IndexedDB adapter), replicating through a real CouchDB-protocol server (pouchdb-server,
 * scripts/sync-server.ts) on a loopback port. Papers: real cs papers of 2025.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackup } from '../../lib/backup';
import { LibraryDb, type StoredPaper } from '../../lib/db';
import {
  editPapers,
  newRecord,
  removePapers,
  restoreBackup,
  restorePapers,
  savePapers,
} from '../../lib/library';
import type { Paper } from '../../lib/paper';
import { paperFromLine } from '../../lib/reading-list';
import { stampEdit } from '../../lib/sync/clocks';
import { KEY_CHECK_ID } from '../../lib/sync/codec';
import { createSyncEngine, type SyncEngine, SyncStoreDb } from '../../lib/sync/engine';
import { SyncPouch } from '../../lib/sync/pouch';
import { AUTH_REFUSED, WRONG_PASSPHRASE } from '../../lib/sync/server';
import { type SyncServer, startSyncServer } from '../../scripts/sync-server';

// PouchDB's IndexedDB adapter reads navigator.userAgent, which Node 20 lacks (browsers and Node 21+ have it).
globalThis.navigator ??= { userAgent: 'node' } as Navigator;

/** Real cs papers of 2025, read as an import reads them (lib/reading-list.ts). */
const PAPERS: Paper[] = readFileSync(
  'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl',
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((line, i) => paperFromLine(line, i + 1));
const paper = (i: number) => PAPERS[i] as Paper;

let server: SyncServer;
beforeAll(async () => {
  server = await startSyncServer();
}, 30_000);
afterAll(() => server?.close());

/** A device's network: cut (`down`), or answering 500 to some of the server's writes. */
interface Network {
  down: boolean;
  /** Every Nth request that writes documents gets a 500 (0: none). */
  failWritesEvery: number;
  /** The requests made, in order. */
  requests: URL[];
  /** The papers the library held when replication first fetched documents from the server. */
  heldWhenReplicating?: number;
  /** Set: replication's fetches of documents wait for it (a slow copy into the local database). */
  copiesHeld?: Promise<void>;
}

interface Device {
  db: LibraryDb;
  store: SyncStoreDb;
  sync: SyncEngine;
  net: Network;
  /** The engine stopped, as a browser closing stops it; and a new one on the same library and sync store. */
  quit(): Promise<void>;
  restart(): Promise<void>;
}
const devices: Device[] = [];

function device(batch?: number): Device {
  const name = `device-${Math.random().toString(36).slice(2)}`;
  const db = new LibraryDb(`${name}-library`);
  const store = new SyncStoreDb(`${name}-sync`);
  const net: Network = { down: false, failWritesEvery: 0, requests: [] };
  let writes = 0;
  const fetcher: typeof fetch = async (input, init) => {
    if (net.down) throw new TypeError('Failed to fetch');
    const url = new URL(String(input instanceof Request ? input.url : input));
    net.requests.push(url);
    if (/_bulk_get$/.test(url.pathname) || url.searchParams.has('open_revs')) {
      net.heldWhenReplicating ??= await db.papers.count();
      await net.copiesHeld;
    }
    if (
      net.failWritesEvery &&
      /_bulk_docs|_revs_diff/.test(String(input)) &&
      ++writes % net.failWritesEvery === 0
    )
      return new Response('{"error":"unknown","reason":"the server failed half-way"}', { status: 500 });
    return fetch(input, init);
  };
  const engine = () =>
    createSyncEngine(db, store, {
      PouchDB: () => SyncPouch,
      fetch: fetcher,
      maxBackOffMs: 300,
      pollMs: 100,
      ...(batch ? { batch } : {}),
    });
  const made: Device = {
    db,
    store,
    net,
    sync: engine(),
    quit: () => made.sync.close(),
    async restart() {
      await made.sync.close();
      made.sync = engine();
      await made.sync.started;
    },
  };
  devices.push(made);
  return made;
}

afterEach(async () => {
  for (const { db, store, sync } of devices.splice(0)) {
    await sync.disconnect().catch(() => {});
    db.close();
    store.close();
  }
});

let databases = 0;
/** A new database on the server, with its member. */
async function newDatabase(): Promise<{ url: string; user: string; password: string; name: string }> {
  const name = `library-${++databases}`;
  const url = await server.database(name, 'reader', 'reader-password');
  return { url, user: 'reader', password: 'reader-password', name };
}

/** Waits for `check`; generous, as the machine running the tests may be busy. */
async function until<T>(check: () => Promise<T | undefined | false>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const upToDate = (d: Device) =>
  until(async () => {
    const status = await d.sync.status();
    return status.state === 'up-to-date' && status;
  });

/** The library as a backup holds it: what the reader would take to another browser. */
async function backupOf(d: Device) {
  const papers = (await d.db.papers.toArray()).sort((a, b) => a.id.localeCompare(b.id));
  const removed = (await d.db.removed.toArray()).sort((a, b) => a.id.localeCompare(b.id));
  const { exportedAt: _, ...backup } = createBackup(papers, removed, {});
  return backup;
}

const ids = async (d: Device) => (await d.db.papers.toCollection().primaryKeys()).sort();

/** A device with the first `count` papers, synced to a new database. */
async function syncedDevice(count: number) {
  const account = await newDatabase();
  const a = device();
  await savePapers(a.db, PAPERS.slice(0, count), 1000);
  await a.sync.connect({ ...account, passphrase: '' });
  await upToDate(a);
  return { account, a };
}

/** Two devices syncing through a new database: the first had the first `count` papers, the second has them now. */
async function twoDevices(count: number) {
  const account = await newDatabase();
  const a = device();
  const b = device();
  await savePapers(a.db, PAPERS.slice(0, count), 1000);
  await a.sync.connect({ ...account, passphrase: '' });
  await b.sync.connect({ ...account, passphrase: '' });
  await until(async () => (await ids(b)).length === count);
  return { account, a, b };
}

describe('two devices through one server', () => {
  it('says "up to date" with the papers it holds, never the count of before', async () => {
    const { account } = await syncedDevice(3);
    const b = device();
    // Counting the papers takes a while, as on a busy machine.
    const count = b.db.papers.count.bind(b.db.papers);
    vi.spyOn(b.db.papers, 'count').mockImplementation((async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return count();
    }) as typeof b.db.papers.count);
    await b.sync.connect({ ...account, passphrase: '' });
    expect((await upToDate(b)).papers).toBe(3);
  });

  it('a clip, tags, notes and a removal travel both ways; both libraries end the same', async () => {
    const { a, b } = await twoDevices(3);

    // Concurrent edits of the same paper on both devices.
    await editPapers(a.db, [paper(0).id], { addTags: ['nlp'], note: 'from A' }, 2000);
    await editPapers(
      b.db,
      [paper(0).id],
      { addTags: ['tokenizers'], note: 'from B', readState: 'read' },
      2500,
    );
    await savePapers(b.db, [paper(3)], 2600);
    await removePapers(a.db, [paper(1).id], 2700);
    a.sync.poke();
    b.sync.poke();

    await until(
      async () =>
        (await ids(a)).length === 3 && (await ids(b)).length === 3 && (await b.db.removed.count()) === 1,
    );
    await until(async () => {
      const [onA, onB] = await Promise.all([a.db.papers.get(paper(0).id), b.db.papers.get(paper(0).id)]);
      return onA?.tags.length === 2 && onB?.tags.length === 2 && onA.note === onB.note;
    });
    const merged = (await a.db.papers.get(paper(0).id)) as StoredPaper;
    expect(merged.tags.sort()).toEqual(['nlp', 'tokenizers']);
    expect(merged).toMatchObject({ note: 'from B', readState: 'read' });
    expect(merged.otherNotes).toEqual([{ text: 'from A', at: expect.any(Number) }]);
    expect(await ids(b)).toEqual([paper(0).id, paper(2).id, paper(3).id].sort());
    // The removal stays removed on B: a visit does not clip it again.
    expect(await savePapers(b.db, [paper(1)], 3000, 'visit')).toEqual([]);

    await upToDate(a);
    await upToDate(b);
    expect(await backupOf(a)).toEqual(await backupOf(b));
  }, 60_000);
  it("a removal made while sync takes in another device's edit of that paper stays removed, on both", async () => {
    const { a, b } = await twoDevices(2);
    const target = paper(0).id;
    // The reader removes the paper on A just after A's sync has read it to merge B's edit in.
    let removal: Promise<string[]> | undefined;
    const bulkGet = a.db.papers.bulkGet.bind(a.db.papers);
    vi.spyOn(a.db.papers, 'bulkGet').mockImplementation(((keys: string[]) => {
      if (removal || Dexie.currentTransaction || !keys.includes(target)) return bulkGet(keys);
      removal = bulkGet(keys).then(async (read) => {
        await removePapers(a.db, [target]);
        return read;
      }) as unknown as Promise<string[]>;
      return removal;
    }) as unknown as typeof a.db.papers.bulkGet);
    await editPapers(b.db, [target], { addTags: ['from-b'] });
    b.sync.poke();
    await until(() => Promise.resolve(removal !== undefined));
    for (const d of [a, b])
      await until(
        async () =>
          !(await ids(d)).includes(target) && (await d.db.removed.get(target))?.paper.tags.includes('from-b'),
      );
    await upToDate(a);
    await upToDate(b);
    expect(await ids(a)).toEqual([paper(1).id]);
    expect(await backupOf(a)).toEqual(await backupOf(b));
  }, 60_000);
});

describe('one paper, one record, on every device', () => {
  // The same paper named by its DOI (clipped from the publisher's page) and on arXiv carrying that DOI.
  const onArxiv = (): Paper => ({ ...paper(0), doi: '10.18653/v1/D18-2012' });
  const published: Paper = {
    id: 'doi:10.18653/v1/d18-2012',
    doi: '10.18653/v1/D18-2012',
    title: paper(0).title,
    source: { site: 'web', kind: 'citation-meta', url: 'https://aclanthology.org/D18-2012/' },
  };
  const theOneRecord = async (d: Device) => {
    const all = await d.db.papers.toArray();
    return all.length === 1 && all[0]?.id === paper(0).id && all[0].tags.includes('journal') && all[0];
  };

  it('a doi: record folded into the arXiv record on one device is folded on the others, and on a new one', async () => {
    const account = await newDatabase();
    const a = device();
    const b = device();
    await savePapers(a.db, [published], 1000);
    await editPapers(a.db, [published.id], { addTags: ['journal'] }, 1100);
    await a.sync.connect({ ...account, passphrase: '' });
    await b.sync.connect({ ...account, passphrase: '' });
    await until(async () => (await ids(b)).includes(published.id));

    // A clips the arXiv page: one record there, holding the doi: record's tag.
    await savePapers(a.db, [onArxiv()], 2000);
    expect(await theOneRecord(a)).toBeTruthy();
    a.sync.poke();
    await until(() => theOneRecord(b));
    const c = device();
    await c.sync.connect({ ...account, passphrase: '' });
    await until(() => theOneRecord(c));
    for (const d of [a, b, c]) await upToDate(d);
    expect(await backupOf(b)).toEqual(await backupOf(a));
    expect(await backupOf(c)).toEqual(await backupOf(a));
  }, 60_000);

  it('the DOI clipped on one device and the arXiv paper on another, at once: one record on both', async () => {
    const account = await newDatabase();
    const a = device();
    const b = device();
    await savePapers(a.db, [published], 1000);
    await editPapers(a.db, [published.id], { addTags: ['journal'] }, 1100);
    await savePapers(b.db, [onArxiv()], 1200);
    await a.sync.connect({ ...account, passphrase: '' });
    await b.sync.connect({ ...account, passphrase: '' });
    await until(async () => (await theOneRecord(a)) && theOneRecord(b));
    await upToDate(a);
    await upToDate(b);
    expect(await backupOf(b)).toEqual(await backupOf(a));
  }, 60_000);
});

describe('a device joining', () => {
  /** Revisions the server keeps of a paper's document, deleted ones included (a resolved conflict leaves one). */
  const leavesOnServer = async (url: string, id: string) =>
    (
      (await fetch(`${url}/${encodeURIComponent(id)}?open_revs=all`, {
        headers: { ...asReader, Accept: 'application/json' },
      }).then((r) => r.json())) as unknown[]
    ).length;

  it("reads the server's papers into the library before replication copies them, and goes on after a restart", async () => {
    const account = await newDatabase();
    const a = device();
    await savePapers(a.db, PAPERS.slice(0, 80), 1000);
    await editPapers(a.db, [paper(0).id], { addTags: ['from-a'], note: 'kept on A' }, 1100);
    await a.sync.connect({ ...account, passphrase: 'join me' });
    await upToDate(a);

    // Read 2 papers at a time: the restart comes after the first ones and before the last.
    const b = device(2);
    await b.sync.connect({ ...account, passphrase: 'join me' });
    await until(async () => (await ids(b)).length >= 10, 5000);
    await b.quit();
    const held = (await ids(b)).length;
    expect(held).toBeLessThan(80);
    b.net.requests.length = 0;
    await b.restart();
    const { done = 0 } = await until(async () => {
      const status = await b.sync.status();
      return status.total === 80 && status;
    });
    expect(done).toBeGreaterThanOrEqual(held);
    await until(async () => (await ids(b)).length === 80);
    // It went on from where it was rather than reading the server's changes from the start.
    const reads = b.net.requests.filter((url) => url.pathname.endsWith('/_changes'));
    expect(reads[0]?.searchParams.get('include_docs')).toBe('true');
    expect(reads[0]?.searchParams.get('since')).not.toBe('0');
    await upToDate(b);
    // Replication copied documents into the local database only once the library held them all.
    expect(b.net.heldWhenReplicating).toBe(80);
    expect(await backupOf(b)).toEqual(await backupOf(a));
    expect((await b.db.papers.get(paper(0).id))?.note).toBe('kept on A');
  }, 60_000);

  it('a clip made elsewhere while the local copy is still filling after a join arrives all the same', async () => {
    const { account, a } = await syncedDevice(20);
    const b = device();
    let release = () => {};
    b.net.copiesHeld = new Promise<void>((done) => {
      release = done;
    });
    await b.sync.connect({ ...account, passphrase: '' });
    await until(async () => (await ids(b)).length === 20);
    await until(async () => b.net.heldWhenReplicating !== undefined);

    // The local copy is held up; A clips a paper and tags another.
    await savePapers(a.db, [paper(40)], 2000);
    await editPapers(a.db, [paper(1).id], { addTags: ['while-filling'] }, 2100);
    a.sync.poke();
    await until(
      async () =>
        (await b.db.papers.get(paper(1).id))?.tags.includes('while-filling') &&
        (await ids(b)).includes(paper(40).id),
    );
    expect((await b.sync.status()).state).toBe('syncing');

    release();
    await upToDate(b);
    await upToDate(a);
    expect(await backupOf(b)).toEqual(await backupOf(a));
  }, 60_000);

  it("a device joining with papers of its own sends them merged with the server's, making no conflicts", async () => {
    const account = await newDatabase();
    const a = device();
    await savePapers(a.db, PAPERS.slice(0, 20), 1000);
    await editPapers(a.db, [paper(0).id], { addTags: ['from-a'] }, 1100);
    await a.sync.connect({ ...account, passphrase: '' });
    await upToDate(a);
    const b = device();
    await savePapers(b.db, [paper(0), paper(1), paper(30)], 1200);
    await editPapers(b.db, [paper(0).id], { addTags: ['from-b'], note: 'from B' }, 1300);
    await b.sync.connect({ ...account, passphrase: '' });
    await upToDate(b);
    await until(async () => (await a.db.papers.get(paper(0).id))?.note === 'from B');
    await upToDate(a);
    expect((await a.db.papers.get(paper(0).id))?.tags.sort()).toEqual(['from-a', 'from-b']);
    expect(await backupOf(b)).toEqual(await backupOf(a));
    for (const id of [paper(0).id, paper(1).id, paper(30).id])
      expect(await leavesOnServer(account.url, id)).toBe(1);
  }, 60_000);
});

describe('every write travels', () => {
  it('an undo, an imported reading list and a restored backup reach the other device like any write', async () => {
    const { a, b } = await twoDevices(2);
    await removePapers(a.db, [paper(0).id], 2000);
    await until(async () => (await b.db.removed.count()) === 1);
    await restorePapers(a.db, [paper(0).id], 3000);
    await savePapers(a.db, PAPERS.slice(10, 15), 3000); // an import's batch
    const backup = createBackup([newRecord(paper(20), 500, true)], [], {});
    await restoreBackup(a.db, backup, 4000);
    // Nobody tells sync of these writes (an import runs where sync does): it finds them in the change log.
    await until(async () => (await ids(b)).length === 8 && (await b.db.removed.count()) === 0);
    await upToDate(a);
    await upToDate(b);
    expect(await backupOf(b)).toEqual(await backupOf(a));
  }, 60_000);
});

describe('faults', () => {
  it('offline for a while: local work goes on, the status says what waits, and both devices catch up and merge', async () => {
    const { a, b } = await twoDevices(2);
    await upToDate(b);

    b.net.down = true;
    await editPapers(b.db, [paper(0).id], { addTags: ['offline'], starred: true }, 5000);
    await savePapers(b.db, [paper(5)], 5000);
    b.sync.poke();
    const offline = await until(async () => {
      const status = await b.sync.status();
      return status.state === 'offline' && status;
    });
    expect(offline.waiting).toBeGreaterThanOrEqual(2);
    // Meanwhile A edits the same paper.
    await editPapers(a.db, [paper(0).id], { addTags: ['online'], readState: 'read' }, 6000);
    a.sync.poke();
    await upToDate(a);
    expect(await ids(b)).toHaveLength(3);

    b.net.down = false;
    await b.sync.syncNow();
    await until(async () => (await ids(a)).length === 3);
    await until(
      async () =>
        (await a.db.papers.get(paper(0).id))?.tags.length === 2 &&
        (await b.db.papers.get(paper(0).id))?.tags.length === 2,
    );
    for (const d of [a, b])
      expect(await d.db.papers.get(paper(0).id)).toMatchObject({
        starred: true,
        readState: 'read',
        tags: ['offline', 'online'],
      });
    await upToDate(a);
    await upToDate(b);
    expect(await backupOf(a)).toEqual(await backupOf(b));
  }, 60_000);

  it('the server stopped in the middle of a first sync and started again: nothing lost, no duplicates, it resumes', async () => {
    const account = await newDatabase();
    const a = device();
    const many = PAPERS.slice(0, 80);
    await savePapers(a.db, many, 1000);
    await a.sync.connect({ ...account, passphrase: '' });
    // Connected, replicating: the server goes away before the first sync is through.
    expect((await a.sync.status()).state).toBe('syncing');
    await server.stop();
    await until(async () => (await a.sync.status()).state === 'offline');
    await editPapers(a.db, [paper(0).id], { note: 'written while the server was down' }, 2000);
    await server.start();
    await upToDate(a);
    const b = device();
    await b.sync.connect({ ...account, passphrase: '' });
    await until(async () => (await ids(b)).length === 80);
    await upToDate(b);
    expect(await backupOf(b)).toEqual(await backupOf(a));
    expect((await b.db.papers.get(paper(0).id))?.note).toBe('written while the server was down');
    const info = (await fetch(account.url, {
      headers: { Authorization: `Basic ${btoa('reader:reader-password')}` },
    }).then((r) => r.json())) as { doc_count: number };
    expect(info.doc_count).toBe(81); // the papers and the key check, each once
  }, 90_000);

  it('a server answering errors half-way through its batches: everything arrives, once', async () => {
    const account = await newDatabase();
    const a = device();
    a.net.failWritesEvery = 3;
    await savePapers(a.db, PAPERS.slice(0, 60), 1000);
    await a.sync.connect({ ...account, passphrase: '' });
    await upToDate(a);
    const b = device();
    b.net.failWritesEvery = 2;
    await b.sync.connect({ ...account, passphrase: '' });
    await until(async () => (await ids(b)).length === 60);
    await upToDate(b);
    expect(await backupOf(b)).toEqual(await backupOf(a));
  }, 90_000);

  it('a browser restarted in the middle of the first upload goes on where it was', async () => {
    const account = await newDatabase();
    // Sent 5 papers at a time: the restart comes after the first ones and before the last.
    const a = device(5);
    await savePapers(a.db, PAPERS.slice(0, 80), 1000);
    await removePapers(a.db, [paper(79).id], 1500);
    await a.sync.connect({ ...account, passphrase: 'restart me' });
    // Closed once the upload has begun: it stops after the batch it is in.
    await until(
      async () =>
        (((await a.store.state.get('seed'))?.value as { done?: number } | undefined)?.done ?? 0) > 0,
      5000,
    );
    await a.quit();
    const seed = (await a.store.state.get('seed'))?.value as { done: number };
    expect(seed.done).toBeGreaterThan(0);
    expect(seed.done).toBeLessThan(80);
    await a.restart();
    // It goes on from where it was, not from the start.
    const { done = 0 } = await until(async () => {
      const status = await a.sync.status();
      return status.total === 80 && status;
    });
    expect(done).toBeGreaterThanOrEqual(seed.done);
    await upToDate(a);
    const b = device();
    await b.sync.connect({ ...account, passphrase: 'restart me' });
    await until(async () => (await ids(b)).length === 79 && (await b.db.removed.count()) === 1);
    await upToDate(b);
    expect(await backupOf(b)).toEqual(await backupOf(a));
  }, 90_000);

  it('two devices removing and editing the same paper at once: the later action wins on both, no ping-pong', async () => {
    const { account, a, b } = await twoDevices(2);
    a.net.down = true;
    b.net.down = true;
    await removePapers(a.db, [paper(0).id], 3000);
    await editPapers(b.db, [paper(0).id], { note: 'still reading this' }, 4000); // later: the paper stays
    await editPapers(b.db, [paper(1).id], { starred: true }, 3000);
    await removePapers(a.db, [paper(1).id], 4000); // later: the paper goes
    a.sync.poke();
    b.sync.poke();
    await new Promise((r) => setTimeout(r, 300));
    a.net.down = false;
    b.net.down = false;
    await Promise.all([a.sync.syncNow(), b.sync.syncNow()]);
    for (const d of [a, b]) {
      // Waits for all four changes: the two papers' documents may arrive in different batches (under load, the
      // first could be checked before the second came).
      await until(
        async () =>
          (await ids(d)).join() === paper(0).id &&
          (await d.db.removed.count()) === 1 &&
          (await d.db.removed.get(paper(1).id))?.paper.starred === true,
      );
      expect((await d.db.papers.get(paper(0).id))?.note).toBe('still reading this');
      expect((await d.db.removed.get(paper(1).id))?.paper.starred).toBe(true);
    }
    await upToDate(a);
    await upToDate(b);
    // Settled: the documents stop changing (each device does not undo the other's resolution).
    const revs = async () =>
      await fetch(`${account.url}/_all_docs`, {
        headers: { Authorization: `Basic ${btoa('reader:reader-password')}` },
      }).then((r) => r.text());
    const before = await revs();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await revs()).toBe(before);
    expect(await backupOf(a)).toEqual(await backupOf(b));
  }, 60_000);
});

const asReader = {
  Authorization: `Basic ${btoa('reader:reader-password')}`,
  'Content-Type': 'application/json',
};

describe('what the server holds', () => {
  it('revisions in conflict are merged where replication runs: the library holds the merge, the server one revision', async () => {
    const account = await newDatabase();
    const start = newRecord(paper(0), 1000, true);
    const tagged = stampEdit(start, { ...start, tags: ['from-a'] }, 2000);
    const noted = stampEdit(start, { ...start, tags: ['from-b'], note: 'from b', readState: 'read' }, 3000);
    const starred = stampEdit(start, { ...start, starred: true }, 4000);
    const revision = (rev: string, record: StoredPaper) => ({
      _id: record.id,
      _rev: `2-${rev}`,
      _revisions: { start: 2, ids: [rev, 'a0'] },
      v: 1,
      record,
    });
    const written = await fetch(`${account.url}/_bulk_docs`, {
      method: 'POST',
      headers: asReader,
      body: JSON.stringify({
        new_edits: false,
        docs: [
          { _id: KEY_CHECK_ID, _rev: '1-k', v: 1, encrypted: false },
          revision('b1', tagged),
          revision('c2', noted),
          revision('d3', starred),
        ],
      }),
    });
    expect(written.ok).toBe(true);
    const onServer = async () =>
      (await fetch(`${account.url}/${encodeURIComponent(start.id)}?conflicts=true`, {
        headers: asReader,
      }).then((r) => r.json())) as { _conflicts?: string[]; record: StoredPaper };
    expect((await onServer())._conflicts).toHaveLength(2);

    const d = device();
    await d.sync.connect({ ...account, passphrase: '' });
    await upToDate(d);
    expect(await d.db.papers.get(start.id)).toMatchObject({
      tags: ['from-a', 'from-b'],
      note: 'from b',
      readState: 'read',
      starred: true,
    });
    await until(async () => (await onServer())._conflicts === undefined);
    expect((await onServer()).record).toMatchObject({ tags: ['from-a', 'from-b'], starred: true });
  }, 30_000);

  it('hostile or broken documents are refused with a report; the rest syncs; the library is unharmed', async () => {
    const account = await newDatabase();
    const a = device();
    await savePapers(a.db, [paper(0), paper(1)], 1000);
    await a.sync.connect({ ...account, passphrase: '' });
    await upToDate(a);
    const good = newRecord(paper(2), 1000, true);
    // Written as another program would; once more if the busy test server dropped the connection.
    const put = (doc: object) => {
      const write = () =>
        fetch(`${account.url}/_bulk_docs`, {
          method: 'POST',
          headers: asReader,
          body: JSON.stringify({ docs: [doc] }),
        });
      return write().catch(write);
    };
    const hostile = [
      // A link that would run script when clicked.
      {
        _id: good.id.replace(/\d$/, '9'),
        v: 1,
        record: {
          ...good,
          id: good.id.replace(/\d$/, '9'),
          links: [{ url: 'javascript:alert(1)', kind: 'code', host: 'x' }],
        },
      },
      // A 2 MB abstract (the codec's tests refuse 50 MB; here, that the server's copy is refused whole).
      {
        _id: 'arxiv:2501.00050',
        v: 1,
        record: { ...good, id: 'arxiv:2501.00050', abstract: 'a'.repeat(2_000_000) },
      },
      // The wrong shape.
      { _id: 'arxiv:2501.00051', v: 1, record: { ...good, id: 'arxiv:2501.00051', title: 42, tags: 'all' } },
      // A document that says it is one paper and holds another (it would overwrite the reader's).
      { _id: 'arxiv:2501.00052', v: 1, record: { ...good, id: paper(0).id, title: 'Overwritten' } },
      // Not a paper at all.
      { _id: 'settings', theme: 'dark' },
    ];
    for (const doc of hostile) expect((await put(doc)).ok).toBe(true);
    expect((await put({ _id: good.id, v: 1, record: good })).ok).toBe(true);

    const b = device();
    await b.sync.connect({ ...account, passphrase: '' });
    const status = await until(async () => {
      const now = await b.sync.status();
      return now.state === 'up-to-date' && (await ids(b)).length === 3 && now;
    });
    expect(await ids(b)).toEqual([paper(0).id, paper(1).id, paper(2).id].sort());
    expect((await b.db.papers.get(paper(0).id))?.title).toBe(paper(0).title);
    expect(status.refusedCount).toBe(5);
    const reasons = Object.fromEntries((await b.store.refused.toArray()).map((r) => [r.docId, r.reason]));
    expect(reasons).toMatchObject({
      [hostile[0]?._id as string]: 'links.0.url is not an http(s) URL',
      'arxiv:2501.00050': 'is larger than 1 MB',
      'arxiv:2501.00051': expect.stringMatching(/^title /),
      'arxiv:2501.00052': 'holds another paper than its id names',
      settings: expect.stringMatching(/id /),
    });
    // The device that holds the real papers is not harmed either.
    await a.sync.syncNow();
    await upToDate(a);
    expect((await a.db.papers.get(paper(0).id))?.title).toBe(paper(0).title);
  }, 60_000);
});

describe('private sync', () => {
  it('the server holds no title, author, abstract or paper id in clear; a second device with the passphrase gets everything', async () => {
    const account = await newDatabase();
    const a = device();
    await savePapers(a.db, PAPERS.slice(0, 20), 1000);
    await editPapers(a.db, [paper(0).id], { note: 'my private note about tokenizers' }, 1100);
    await a.sync.connect({ ...account, passphrase: 'correct horse battery staple' });
    await upToDate(a);

    // The database's own files, as the server keeps them (LevelDB), holding the 20 papers.
    const stored = readdirSync(join(server.dir, 'data', account.name), {
      recursive: true,
      withFileTypes: true,
    })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
      .join('\n');
    expect(stored.length).toBeGreaterThan(20 * 1000);
    const sample = paper(0);
    for (const secret of [
      sample.title,
      sample.authors?.[0],
      sample.abstract?.slice(0, 40),
      sample.arxivId,
      'my private note',
    ])
      expect(stored.includes(secret as string), `"${secret}" is on the server in clear`).toBe(false);
    // The same holds for what the server answers.
    const all = await fetch(`${account.url}/_all_docs?include_docs=true`, {
      headers: { Authorization: `Basic ${btoa(`${account.user}:${account.password}`)}` },
    }).then((r) => r.text());
    expect(all).not.toContain(sample.arxivId);
    expect(all).toContain(KEY_CHECK_ID);

    const b = device();
    await b.sync.connect({ ...account, passphrase: 'correct horse battery staple' });
    await until(async () => (await ids(b)).length === 20);
    expect((await b.db.papers.get(paper(0).id))?.note).toBe('my private note about tokenizers');
  }, 60_000);

  it('a wrong passphrase is told so before anything is imported', async () => {
    const account = await newDatabase();
    const a = device();
    await savePapers(a.db, PAPERS.slice(0, 3), 1000);
    await a.sync.connect({ ...account, passphrase: 'right' });
    await upToDate(a);
    const b = device();
    await savePapers(b.db, [paper(10)], 1000);
    await expect(b.sync.connect({ ...account, passphrase: 'wrong' })).rejects.toThrow(WRONG_PASSPHRASE);
    await expect(b.sync.connect({ ...account, passphrase: '' })).rejects.toThrow(
      /encrypted: enter its passphrase/,
    );
    expect(await ids(b)).toEqual([paper(10).id]);
    expect((await b.sync.status()).state).toBe('off');
  }, 60_000);
});

describe('a server that refuses or is not one', () => {
  it('a wrong password, a wrong address and no server at all: a clear message, nothing changes', async () => {
    const account = await newDatabase();
    const d = device();
    await savePapers(d.db, [paper(0)], 1000);
    await expect(d.sync.connect({ ...account, password: 'nope', passphrase: '' })).rejects.toThrow(
      AUTH_REFUSED,
    );
    await expect(
      d.sync.connect({ ...account, url: `${server.origin}/_utils`, passphrase: '' }),
    ).rejects.toThrow(/does not answer as a CouchDB database|no database/);
    await expect(
      d.sync.connect({ ...account, url: 'http://127.0.0.1:9/library', passphrase: '' }),
    ).rejects.toThrow(/cannot reach 127.0.0.1:9/);
    await expect(
      d.sync.connect({ ...account, url: 'http://couch.example.org/library', passphrase: '' }),
    ).rejects.toThrow(/Use an https/);
    expect((await d.sync.status()).state).toBe('off');
    expect(await ids(d)).toEqual([paper(0).id]);
  }, 30_000);
});
