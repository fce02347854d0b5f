/**
 * Sync: the library on every browser the reader uses, through CouchDB's replication protocol (docs/architecture.md,
 * "Sync"). It runs in the one long-lived context that owns the library index (its worker), never in Chrome's
 * service worker, which is stopped when idle.
 *
 * Three copies meet here: the library (Dexie, written only through lib/library.ts), a PouchDB database beside it
 * (the documents as the server holds them: plain or sealed), and the server. PouchDB replicates its database with
 * the server, live, resuming from its checkpoints. This file moves records between the library and that database:
 *
 * - join: a device connecting to a library reads the server's changes straight into the library first; PouchDB
 *   fills the local database after, and the pull finds those documents already held;
 * - pull: every document the local database receives (`changes` from a saved position) is opened, checked like an
 *   import, merged with the library's record (lib/sync/merge.ts) and written through lib/library.ts in one
 *   transaction per batch, logged, so the index follows; conflicting revisions are merged and the losers deleted;
 * - push: every paper the library's change log names after the sync cursor is merged with its document and
 *   written to the local database; the cursor moves on, and the index trims the log only behind it;
 * - echoes: what each paper held when it last went through is remembered (a hash), so a record sync wrote itself is
 *   neither pushed back nor applied again.
 */
import Dexie, { type Table } from 'dexie';
import { type LibraryDb, lastChange, type StoredPaper } from '../db';
import { applySynced, heldRecords, type LoggedWrite } from '../library';
import { type Codec, KEY_CHECK_ID, type PaperDoc, plainCodec, RefusedDocument, sealedCodec } from './codec';
import type { SyncKeys } from './crypto';
import { mergeRecords, recordHash } from './merge';
import {
  AUTH_REFUSED,
  databaseUrl,
  probeDatabase,
  readKeyCheck,
  type ServerAccount,
  SyncProblem,
  unlock,
  writeKeyCheck,
} from './server';
import type { SyncStatus } from './status';

/** What sync keeps on this device, in the extension's IndexedDB (never in `storage.sync`: see the README). */
export interface SyncAccount extends ServerAccount {
  encrypted: boolean;
  /** The local PouchDB database replicating with the server. */
  database: string;
}

/** How far a device joining a library has read the server's changes (`done` once through). */
type JoinPosition = { since: number | string; done: number } | 'done';

/** How far the first upload of the library is: the table and the last id sent. */
interface SeedPosition {
  table: 'papers' | 'removed' | 'done';
  after: string;
  done: number;
}

interface StateRow {
  key: string;
  value: unknown;
}

export class SyncStoreDb extends Dexie {
  /** `account`, `keys` (non-extractable CryptoKeys), `pulled` (the local database's changes read), `seed`. */
  state!: Table<StateRow, string>;
  /** Per paper: the hash of what it held when it last went through sync. */
  known!: Table<{ id: string; hash: string }, string>;
  refused!: Table<{ docId: string; reason: string; at: number }, string>;

  constructor(name = 'papershelf-sync') {
    super(name);
    this.version(1).stores({ state: 'key', known: 'id', refused: 'docId, at' });
  }
}

type Doc = PaperDoc & { _conflicts?: string[]; _deleted?: boolean };

type Change = { id: string; deleted?: boolean; doc?: Doc };
/** A live changes feed (PouchDB's, long-polling the server). */
export interface LiveChanges {
  on(event: 'change', listener: (change: Change) => void): LiveChanges;
  on(event: 'error', listener: (error: unknown) => void): LiveChanges;
  cancel(): void;
}

/** The part of PouchDB sync uses (pouchdb-core with the idb, http and replication plugins). */
export interface Pouch {
  changes(options: { live: true }): LiveChanges;
  changes(options: object): Promise<{ results: Change[]; last_seq: number | string }>;
  get(id: string, options: object): Promise<unknown>;
  allDocs(options: object): Promise<{
    rows: { key: string; doc?: Doc | null; value?: { rev: string; deleted?: boolean }; error?: string }[];
  }>;
  bulkDocs(docs: object[]): Promise<{ id?: string; error?: boolean | string; name?: string }[]>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
  compact(): Promise<unknown>;
}
export interface Replication {
  on(event: string, listener: (info: never) => void): Replication;
  cancel(): void;
}
export interface SyncReplication extends Replication {
  push: Replication;
  pull: Replication;
}
export interface PouchStatic {
  new (name: string, options?: object): Pouch;
  sync(local: Pouch, remote: Pouch, options: object): SyncReplication;
}

export interface SyncOptions {
  /** PouchDB, asked for when sync first needs it (the worker loads it then: lib/worker-parts.ts). */
  PouchDB(): PouchStatic;
  /** The fetch the server is reached with (tests put faults in it). */
  fetch?: typeof fetch;
  /** Told after sync wrote to the library, what it wrote (the index catches up). */
  libraryChanged?(written: LoggedWrite[]): void;
  /** The longest wait between two tries while the server cannot be reached. */
  maxBackOffMs?: number;
  /** How often the change log is looked at for writes no one told sync of. */
  pollMs?: number;
  /** The local database's adapter: `idb` in the extension. */
  adapter?: string;
  /** Papers per batch (tests make it small). */
  batch?: number;
}

/** Papers per batch (one library transaction, one bulk write to the local database). */
const BATCH = 500;

/** Refused documents kept to be shown. */
const REFUSED_KEPT = 50;
const CURSOR = 'sync';

export function createSyncEngine(db: LibraryDb, store: SyncStoreDb, options: SyncOptions) {
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const maxBackOff = options.maxBackOffMs ?? 5000;
  const batchSize = options.batch ?? BATCH;
  let account: SyncAccount | undefined;
  let codec: Codec = plainCodec();
  let local: Pouch | undefined;
  let replication: Replication | undefined;
  let pumping: Promise<void> | undefined;
  /** Whether the local database has caught up with the server once since sync started here. */
  let pulledOnce = false;
  /** A device joining: the server's documents read into the library before replication starts. */
  let joining: Promise<void> | undefined;
  /** After a join, the server's changes read straight into the library until the local database catches up. */
  let following: LiveChanges | undefined;
  let pumpAgain = false;
  /** Set while stopping: the pump ends after the batch it is in. */
  let halted = false;
  let poller: ReturnType<typeof setInterval> | undefined;
  type Direction = 'active' | 'paused' | 'offline';
  let directions: { push: Direction; pull: Direction } = { push: 'active', pull: 'active' };
  /** Both directions idle: paused; either failing: offline. */
  const replicating = (): Direction =>
    directions.push === 'offline' || directions.pull === 'offline'
      ? 'offline'
      : directions.push === 'paused' && directions.pull === 'paused'
        ? 'paused'
        : 'active';
  let problem: string | undefined;
  let failed: string | undefined;
  let connecting = false;
  /** A first sync or an upload: documents done of a total. */
  let progress: { done: number; total: number } | undefined;
  /** The first pull from a server that holds papers: documents taken, of those it held. */
  let pulling: { done: number; total: number } | undefined;
  /** Documents written here that the server has not confirmed yet. */
  let unsent = 0;
  let syncedAt: number | undefined;
  let papers = 0;

  const getState = async <T>(key: string) => (await store.state.get(key))?.value as T | undefined;
  const setState = (key: string, value: unknown) => store.state.put({ key, value });

  async function noteRefused(error: RefusedDocument) {
    await store.refused.put({ docId: error.docId, reason: error.message, at: Date.now() });
    const old = await store.refused.orderBy('at').reverse().offset(REFUSED_KEPT).primaryKeys();
    await store.refused.bulkDelete(old);
  }

  /** Writes documents to the local database; resolves to the ids that met a newer revision there. */
  async function writeDocs(docs: object[]): Promise<Set<string>> {
    if (docs.length === 0 || !local) return new Set();
    const results = await local.bulkDocs(docs);
    unsent += results.filter((r) => !r.error).length;
    return new Set(results.filter((r) => r.error && r.name === 'conflict').map((r) => r.id as string));
  }

  /**
   * The revisions of a document in conflict, merged into one: written on top of the winner (unless the merge is
   * the winner), the others deleted. Two devices resolving at once write the same merge (PouchDB's revisions are
   * content hashes; sealed documents differ by their IV, and the next round finds the merge equal and only
   * deletes). Resolves to the merged record, or undefined when no revision could be read.
   */
  async function resolveConflict(doc: Doc): Promise<StoredPaper | undefined> {
    if (!local) return undefined;
    const leaves = (await local.get(doc._id, { open_revs: doc._conflicts })) as { ok?: Doc }[];
    const revisions = [doc, ...leaves.flatMap((leaf) => (leaf.ok && !leaf.ok._deleted ? [leaf.ok] : []))];
    const records: StoredPaper[] = [];
    let winner: StoredPaper | undefined;
    for (const revision of revisions) {
      try {
        const record = await codec.decode(revision);
        records.push(record);
        if (revision === doc) winner = record;
      } catch (error) {
        if (error instanceof RefusedDocument) await noteRefused(error);
        else throw error;
      }
    }
    const merged = records.reduce<StoredPaper | undefined>(
      (all, record) => (all ? mergeRecords(all, record) : record),
      undefined,
    );
    const losers = (doc._conflicts ?? []).map((rev) => ({ _id: doc._id, _rev: rev, _deleted: true }));
    const writes: object[] = [...losers];
    if (merged && !(winner && recordHash(winner) === recordHash(merged)))
      writes.push({ ...(await codec.encode(merged)), _rev: doc._rev });
    await writeDocs(writes);
    return merged;
  }

  /**
   * Documents the local database received, into the library; or, while a device joins (`fromServer`), documents
   * read straight from the server, which the local database does not hold yet: what this library adds to them is
   * written there when the local database receives them.
   */
  async function pullBatch(changes: Change[], fromServer = false): Promise<number> {
    const docs = changes.flatMap(({ id, deleted, doc }) =>
      id === KEY_CHECK_ID || deleted || !doc || doc._deleted ? [] : [doc],
    );
    // Opened all at once: WebCrypto decrypts off this thread.
    const opened = await Promise.all(
      docs.map((doc) =>
        (doc._conflicts?.length ? resolveConflict(doc) : codec.decode(doc)).catch((error: unknown) => {
          if (error instanceof RefusedDocument) return error;
          throw error;
        }),
      ),
    );
    const incoming: { doc: Doc; record: StoredPaper }[] = [];
    for (const [i, record] of opened.entries()) {
      if (record instanceof RefusedDocument) await noteRefused(record);
      else if (record) incoming.push({ doc: docs[i] as Doc, record });
    }
    // One document per paper: the last revision of a batch is the one that counts.
    const byId = new Map(incoming.map((entry) => [entry.record.id, entry]));
    const ids = [...byId.keys()];
    const [known, held] = await Promise.all([store.known.bulkGet(ids), heldRecords(db, ids)]);
    const apply: StoredPaper[] = [];
    const writes: object[] = [];
    const remembered: { id: string; hash: string }[] = [];
    for (const [i, id] of ids.entries()) {
      const { doc, record } = byId.get(id) as { doc: Doc; record: StoredPaper };
      const hash = recordHash(record);
      if (known[i]?.hash === hash) continue;
      const mine = held.records[i];
      const mineHash = mine && recordHash(mine);
      // The library holds this very record (a join read it from the server before the local database had it).
      if (mineHash === hash) continue;
      const merged = mine ? mergeRecords(mine, record) : record;
      const mergedHash = mine ? recordHash(merged) : hash;
      if (mineHash !== mergedHash) apply.push(merged);
      // Remembered to know this document again when it comes back (sync wrote it), or to keep what was
      // remembered true; a document taken as it is needs no row (a join of 50,000 writes none).
      if (mergedHash === hash) {
        if (known[i]) remembered.push({ id, hash });
      } else if (!doc._conflicts?.length && !fromServer) {
        writes.push({ ...(await codec.encode(merged)), _rev: doc._rev });
        remembered.push({ id, hash: mergedHash });
      }
      // A resolved conflict comes back as a new revision: what this library adds is written then.
    }
    const written = await applySynced(db, apply, { echoCursor: CURSOR, readAt: held.readAt });
    await writeDocs(writes);
    await store.known.bulkPut(remembered);
    if (written.length > 0) options.libraryChanged?.(written);
    return apply.length;
  }

  /** Papers of the library, into the local database (merged with what it holds of them). */
  async function pushIds(ids: string[]): Promise<void> {
    let pending = [...new Set(ids)];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5 || !local)
        throw new Error('The sync database kept changing under Papershelf; it will try again.');
      const [known, held] = await Promise.all([store.known.bulkGet(pending), heldRecords(db, pending)]);
      const todo = pending.flatMap((id, i) => {
        const record = held.records[i];
        if (!record) return []; // folded into another record (a doi: paper found on arXiv)
        const hash = recordHash(record);
        return known[i]?.hash === hash ? [] : [{ id, record, hash }];
      });
      const docIds = await Promise.all(todo.map(({ id }) => codec.docId(id)));
      const { rows } = await local.allDocs({ keys: docIds, include_docs: true });
      const apply: StoredPaper[] = [];
      const writes: object[] = [];
      const remembered: { id: string; hash: string }[] = [];
      // Opened and sealed all at once: WebCrypto works off this thread.
      const theirs = await Promise.all(
        todo.map((_, i) => {
          const doc = rows[i]?.doc;
          return doc && !doc._deleted ? codec.decode(doc).catch(() => undefined) : undefined;
        }),
      );
      const sealing: Promise<object>[] = [];
      for (const [i, { id, record, hash }] of todo.entries()) {
        const their = theirs[i];
        const merged = their ? mergeRecords(their, record) : record;
        const mergedHash = their ? recordHash(merged) : hash;
        if (mergedHash !== hash) apply.push(merged);
        if (!their || recordHash(their) !== mergedHash) {
          const rev = rows[i]?.value?.rev;
          sealing.push(codec.encode(merged).then((doc) => ({ ...doc, ...(rev ? { _rev: rev } : {}) })));
        }
        remembered.push({ id, hash: mergedHash });
      }
      writes.push(...(await Promise.all(sealing)));
      const conflicted = await writeDocs(writes);
      const kept = new Set(todo.filter((_, i) => !conflicted.has(docIds[i] as string)).map(({ id }) => id));
      const written = await applySynced(
        db,
        apply.filter((record) => kept.has(record.id)),
        { readAt: held.readAt },
      );
      await store.known.bulkPut(remembered.filter(({ id }) => kept.has(id)));
      if (written.length > 0) options.libraryChanged?.(written);
      // A document that changed under us (the server's copy arrived meanwhile): merged again.
      pending = todo.filter((_, i) => conflicted.has(docIds[i] as string)).map(({ id }) => id);
    }
  }

  /**
   * A library that had papers before sync was turned on: all of them, in chunks, resumable (the table and the
   * last id done are kept). Changes made meanwhile are in the log after the cursor, set before seeding began.
   */
  async function seed(): Promise<void> {
    let at = await getState<SeedPosition>('seed');
    if (!at || at.table === 'done') return;
    const tables = { papers: db.papers, removed: db.removed } as const;
    const total = (await db.papers.count()) + (await db.removed.count());
    let done = at.done;
    if (total > 0) progress = { done: Math.min(done, total), total };
    while (at.table !== 'done') {
      if (halted) return;
      const table: Table<{ id: string }, string> = tables[at.table];
      const from = at.after === '' ? table.orderBy(':id') : table.where(':id').above(at.after);
      const ids = (await from.limit(batchSize).primaryKeys()) as string[];
      const last = ids.at(-1);
      if (last === undefined) {
        at =
          at.table === 'papers' ? { table: 'removed', after: '', done } : { table: 'done', after: '', done };
      } else {
        await pushIds(ids);
        done += ids.length;
        if (total > 0) progress = { done: Math.min(done, total), total };
        at = { ...at, after: last, done };
      }
      await setState('seed', at);
    }
    progress = undefined;
  }

  /**
   * A device joining a library reads the server's changes straight into the library, before PouchDB fills the
   * local database: one request and one library transaction per batch, the next batch fetched while this one is
   * applied, the position saved after each (a restart goes on from it). Replicating first and taking the
   * documents from the local database after, as every later change is, doubles the IndexedDB writes a join waits
   * for: 50,000 papers took 149 s that way (docs/architecture.md, "Sync"). The replication that follows brings
   * the same documents into the local database, and the pull finds them already in the library.
   */
  async function joinFromServer(remote: Pouch, from: JoinPosition): Promise<number | string | undefined> {
    let at = from;
    let since: number | string | undefined;
    const fetchAfter = (since: number | string) =>
      remote.changes({ since, limit: batchSize, batch_size: batchSize, include_docs: true });
    let next = at !== 'done' ? fetchAfter(at.since) : undefined;
    while (next && at !== 'done') {
      if (halted) return;
      const batch = await next;
      next = batch.results.length > 0 ? fetchAfter(batch.last_seq) : undefined;
      if (next) next.catch(() => {}); // awaited on the next turn; a stop leaves it unread
      await pullBatch(batch.results, true);
      const done = at.done + batch.results.length;
      since = batch.last_seq;
      at = batch.results.length > 0 ? { since, done } : 'done';
      await setState('join', at);
      if (pulling) pulling = at === 'done' ? undefined : { ...pulling, done: Math.min(pulling.total, done) };
    }
    return at === 'done' ? since : undefined;
  }

  /**
   * After a join, until the local database has caught up with the server (its fill takes about as long as the
   * join did), what other devices change is read straight from the server too: a clip made meanwhile arrives in
   * seconds rather than at the end of the fill, which then finds it held.
   */
  function followServer(remote: Pouch, since: number | string): void {
    let applying: Promise<unknown> = Promise.resolve();
    following = remote
      .changes({ since, live: true, include_docs: true } as { live: true })
      .on('change', (change) => {
        applying = applying.then(() => pullBatch([change], true)).catch(() => {});
      })
      // The replication brings whatever this feed misses.
      .on('error', () => {});
  }

  async function pumpOnce(): Promise<void> {
    if (!local) return;
    for (;;) {
      if (halted) return;
      const since = (await getState<number | string>('pulled')) ?? 0;
      const batch = await local.changes({ since, limit: batchSize, include_docs: true, conflicts: true });
      if (batch.results.length === 0) break;
      await pullBatch(batch.results);
      await setState('pulled', batch.last_seq);
      if (pulling)
        pulling = { ...pulling, done: Math.min(pulling.total, pulling.done + batch.results.length) };
    }
    // The first upload waits for the server's documents to be here: a paper both hold is then merged with its
    // document rather than written beside it (a conflict for every paper a join brought).
    if (pulledOnce) await seed();
    for (;;) {
      if (halted) return;
      const cursor = (await db.cursors.get(CURSOR))?.seq ?? 0;
      const rows = await db.changes.where('seq').above(cursor).limit(batchSize).toArray();
      const last = rows.at(-1)?.seq;
      if (last === undefined) break;
      await pushIds(rows.map((row) => row.id));
      await db.cursors.put({ key: CURSOR, seq: last });
    }
  }

  /** Runs the pull and push once more; asked while running, it runs again right after. */
  function pump(): Promise<void> {
    // A join writes alone: what waits to be sent goes once the library holds the server's papers.
    if (joining) return joining.then(pump);
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        await pumpOnce();
      } while (pumpAgain);
      if (replicating() !== 'offline') problem = undefined;
    })()
      .catch((error: unknown) => {
        problem = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        pumping = undefined;
      });
    return pumping;
  }

  function remoteDb(): Pouch {
    const { url, user, password } = account as SyncAccount;
    return new (options.PouchDB())(url, {
      skip_setup: true,
      auth: { username: user, password },
      fetch: (input: RequestInfo, init?: RequestInit) => fetcher(input, init),
    });
  }

  /** Starts replicating with the saved account (the worker starting, a connect). */
  async function run(): Promise<void> {
    account = await getState<SyncAccount>('account');
    if (!account) return;
    const keys = await getState<SyncKeys>('keys');
    codec = account.encrypted && keys ? sealedCodec(keys) : plainCodec();
    local = new (options.PouchDB())(account.database, {
      ...(options.adapter ? { adapter: options.adapter } : {}),
      auto_compaction: true,
      revs_limit: 100,
    });
    failed = undefined;
    const remote = remoteDb();
    const joined = (await getState<JoinPosition>('join')) ?? 'done';
    if (joined !== 'done' || (await getState<SeedPosition>('seed'))?.table !== 'done') {
      const info = await remote.info().catch(() => undefined);
      const held = Math.max(0, (info?.doc_count ?? 1) - 1);
      if (held > 0) pulling = { done: joined === 'done' ? 0 : Math.min(held, joined.done), total: held };
    }
    directions = { push: 'active', pull: 'active' };
    pulledOnce = false;
    // "Up to date" waits for this start's first idle moment, and the papers counted then.
    syncedAt = undefined;
    joining = joinFromServer(remote, joined)
      // Unreachable or refusing half-way: the replication retries, and brings the rest through the local copy.
      .catch((error: unknown) => {
        problem = messageOf(error);
        return undefined;
      })
      .then((joinedAt) => {
        joining = undefined;
        if (halted) return;
        if (joinedAt !== undefined) followServer(remote, joinedAt);
        replicate(local as Pouch, remote);
      });
  }

  /** Replicates the local database with the server, live, and pumps what arrives and what the library logs. */
  function replicate(local: Pouch, remote: Pouch): void {
    const sync = options.PouchDB().sync(local, remote, {
      live: true,
      retry: true,
      // 500 a request rather than PouchDB's 100: 20,000 documents pulled into Chrome's worker in 7.9 s
      // rather than 10.6 s (../shared/docs/sync-facts.md).
      batch_size: 500,
      back_off_function: (delay: number) => (delay ? Math.min(delay * 2, maxBackOff) : 500),
    });
    replication = sync;
    sync
      .on('change', (info: { direction: string; change: { docs_written: number } }) => {
        if (info.direction === 'pull') void pump();
        else unsent = Math.max(0, unsent - info.change.docs_written);
      })
      .on('error', (error: { status?: number; name?: string }) => {
        const refused =
          error?.status === 401 || error?.status === 403 || /unauthorized|forbidden/i.test(error?.name ?? '');
        failed = refused ? AUTH_REFUSED : `Sync stopped: ${messageOf(error)}`;
      });
    // Each direction says for itself whether it is working, idle, or failing and retrying (the whole sync's
    // `paused` event does not carry the error).
    for (const direction of ['push', 'pull'] as const) {
      sync[direction]
        .on('active', () => {
          if (directions[direction] !== 'offline') directions[direction] = 'active';
        })
        .on('change', () => {
          directions[direction] = 'active';
        })
        .on('paused', (error: unknown) => {
          if (error) {
            directions[direction] = 'offline';
            problem = messageOf(error);
            return;
          }
          directions[direction] = 'paused';
          if (direction === 'push') unsent = 0;
          if (direction === 'pull' && !pulledOnce) {
            pulledOnce = true;
            following?.cancel();
            following = undefined;
            // The upload may start now; when both directions are idle, the pump below runs anyway.
            if (replicating() !== 'paused') void pump();
          }
          if (replicating() !== 'paused') return;
          problem = undefined;
          void pump().then(async () => {
            if (replicating() !== 'paused' || pumping) return;
            const seeded = (await getState<SeedPosition>('seed'))?.table === 'done';
            // Counted before it says "up to date": meanwhile, the status would give the count of before.
            const counted = await db.papers.count();
            if (seeded) progress = undefined;
            pulling = undefined;
            syncedAt = Date.now();
            papers = counted;
          });
        });
    }
    clearInterval(poller);
    // Writes made where no one told sync (an import in this worker): the log is looked at now and then.
    poller = setInterval(async () => {
      const last = await lastChange(db);
      if (last > ((await db.cursors.get(CURSOR))?.seq ?? 0)) void pump();
    }, options.pollMs ?? 2000);
    void pump();
  }

  async function stop(): Promise<void> {
    halted = true;
    await joining;
    following?.cancel();
    following = undefined;
    clearInterval(poller);
    replication?.cancel();
    replication = undefined;
    await pumping;
    await local?.close().catch(() => {});
    local = undefined;
    halted = false;
  }

  const started = run().catch((error: unknown) => {
    failed = messageOf(error);
  });

  return {
    /** Settles once the saved account, if any, is replicating. */
    started,

    async status(): Promise<SyncStatus> {
      await started;
      if (connecting) return { state: 'connecting' };
      if (!account) return failed ? { state: 'failed', error: failed } : { state: 'off' };
      const base: SyncStatus = {
        state: 'syncing',
        url: account.url,
        user: account.user,
        encrypted: account.encrypted,
      };
      const refusedCount = await store.refused.count();
      if (refusedCount > 0) {
        base.refusedCount = refusedCount;
        base.refused = (await store.refused.orderBy('at').reverse().limit(5).toArray()).map(
          ({ docId, reason }) => ({ docId, reason }),
        );
      }
      if (syncedAt) base.syncedAt = syncedAt;
      if (failed) return { ...base, state: 'failed', error: failed };
      if (replicating() === 'offline') {
        const cursor = (await db.cursors.get(CURSOR))?.seq ?? 0;
        const logged = await db.changes.where('seq').above(cursor).count();
        return {
          ...base,
          state: 'offline',
          waiting: unsent + logged,
          ...(problem ? { error: problem } : {}),
        };
      }
      if (problem) base.error = problem;
      if (replicating() === 'active' || pumping || joining || progress || pulling || syncedAt === undefined)
        return { ...base, state: 'syncing', ...(progress ?? pulling ?? {}) };
      return { ...base, state: 'up-to-date', papers };
    },

    /**
     * Connects to a server: checks the address, the user, the library there and the passphrase before anything
     * is sent; then replicates. A problem rejects with its reason, and changes nothing here.
     */
    async connect(given: { url: string; user: string; password: string; passphrase: string }): Promise<void> {
      await started;
      const parsed = databaseUrl(given.url);
      const server: ServerAccount = {
        url: parsed.url,
        user: given.user || parsed.user || '',
        password: given.password || parsed.password || '',
      };
      connecting = true;
      try {
        const documents = await probeDatabase(server, fetcher);
        let check = await readKeyCheck(server, fetcher);
        let unlocked = await unlock(check, documents, given.passphrase);
        if (unlocked.created && !(await writeKeyCheck(server, unlocked.created, fetcher))) {
          // Another device set the library up at the same moment: join it as it is.
          check = await readKeyCheck(server, fetcher);
          unlocked = await unlock(check, 0, given.passphrase);
        }
        await disconnect();
        const last = await lastChange(db);
        // The cursor first: the index keeps every change from here on; the seeding sends what came before.
        await db.cursors.put({ key: CURSOR, seq: last });
        // A library with nothing yet (a new device joining) has nothing to upload.
        const empty =
          (await db.papers.limit(1).primaryKeys()).length === 0 &&
          (await db.removed.limit(1).primaryKeys()).length === 0;
        await setState('seed', {
          table: empty ? 'done' : 'papers',
          after: '',
          done: 0,
        } satisfies SeedPosition);
        await setState('join', { since: 0, done: 0 } satisfies JoinPosition);
        await setState('pulled', 0);
        if (unlocked.keys) await setState('keys', unlocked.keys);
        const database = `${store.name}-${recordHashOf(`${server.url}\n${server.user}`)}`;
        await setState('account', {
          ...server,
          encrypted: Boolean(unlocked.keys),
          database,
        } satisfies SyncAccount);
      } finally {
        connecting = false;
      }
      await run();
    },

    /** Pulls and pushes now, and retries the server at once if it was unreachable. */
    async syncNow(): Promise<void> {
      await started;
      if (!account) return;
      if (replicating() === 'offline' || failed) {
        await stop();
        await run();
      }
      await pump();
    },

    /** Stops syncing; the library stays as it is. The local copy of the server's documents is deleted. */
    disconnect,

    /** The library changed: pushes it soon. */
    poke(): void {
      if (local) void pump();
    },

    /** Settles once what is pending has gone through the local database (tests). */
    settled: () => pump(),

    close: stop,
  };

  async function disconnect(): Promise<void> {
    await stop();
    if (account) {
      const database = new (options.PouchDB())(
        account.database,
        options.adapter ? { adapter: options.adapter } : {},
      );
      await database.destroy().catch(() => {});
    }
    account = undefined;
    failed = undefined;
    progress = undefined;
    pulling = undefined;
    await Promise.all([
      store.state.clear(),
      store.known.clear(),
      store.refused.clear(),
      db.cursors.delete(CURSOR),
    ]);
  }
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

const recordHashOf = (text: string) => recordHash({ id: text } as StoredPaper);

function messageOf(error: unknown): string {
  if (error instanceof SyncProblem) return error.message;
  const { message, reason, status } = (error ?? {}) as { message?: string; reason?: string; status?: number };
  return reason || message || (status ? `the server answered ${status}` : String(error));
}
