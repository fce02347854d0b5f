/**
 * The library's one search index and one related-papers index, for every page of the extension. They live in
 * a worker that outlives pages (see docs/architecture.md), follow the papers table through its change log
 * (lib/db.ts), and are saved to a database of their own, so that opening them never indexes the library
 * again: a saved copy is read back and caught up with the log. Only a missing or inconsistent copy is
 * rebuilt, once, in chunks, with progress.
 *
 * Every answer first catches up with the log, so a page always sees the library as it is now, whoever wrote
 * it (the background, an import, another tab) and whatever happened in between (a crash, a stopped worker).
 *
 * A saved copy is read back in two parts, so that the first answers do not wait for the whole of it: the
 * related index (what the popup and the marks ask first), then the search index; each answers as soon as it
 * is read back and caught up.
 */
import Dexie, { type Table } from 'dexie';
import { type LibraryChange, type LibraryDb, LOG_END, lastChange, type StoredPaper } from './db';
import { FIRST_ANSWERS_KEY, type FirstAnswers } from './first-answers';
import type { LoggedWrite } from './library';
import {
  addToRelatedIndex,
  createRelatedIndex,
  explainRelated,
  papersWithEveryWord,
  type RelatedIndex,
  type RelatedPaper,
  type RelatedReason,
  relatedTo,
  removeFromRelatedIndex,
  restoreRelatedIndex,
  type SavedRelatedIndex,
  saveRelatedIndex,
} from './related';
import {
  addToIndex,
  createSearchIndex,
  type Facets,
  facetCounts,
  findIds,
  hasFilters,
  type PaperSummary,
  paperYear,
  removeFromIndex,
  restoreSearchIndexInSteps,
  type SavedIndex,
  type SearchFilters,
  type SearchIndex,
  saveSearchIndex,
  searchPapers,
} from './search';
import type { Settings } from './settings';
import { packSnapshot, type SnapshotFile, unpackSnapshot } from './snapshot-file';

/**
 * One index as saved, with the last change of the log it includes. Both are written at one save (the related
 * index to its file first, if it has one, then the rest in one transaction), and read back one after the other
 * (the related index first: see LibraryIndex.open); parts saved at different points of the log are rebuilt.
 */
interface SavedPart {
  key: string;
  /** The change log's `seq` this copy has seen; the rows after it are applied when it is read back. */
  seq: number;
  /** Papers it holds: a library of another size after catching up means the copy is not to be trusted. */
  count: number;
}

export interface RelatedSnapshot extends SavedPart {
  key: typeof RELATED_KEY;
  related: SavedRelatedIndex;
}

/**
 * The search index's largest arrays (36 MB of its 42 at 50k papers), each saved in a row of its own and read
 * back with the rest in one request: each row is deserialized in a task of its own, between which the worker
 * answers. As one row, its deserializing held the worker for one long task just when, after a restart, the
 * paper page's related question ran.
 */
const SEARCH_PARTS = ['docs', 'freqs', 'fieldIds', 'fieldStarts', 'termStarts'] as const;
type SearchPartName = (typeof SEARCH_PARTS)[number];

export interface SearchSnapshot extends SavedPart {
  key: typeof SEARCH_KEY;
  /** Without SEARCH_PARTS when `inParts` (saved since they are rows of their own); whole in older copies. */
  search: SavedIndex | Omit<SavedIndex, SearchPartName>;
  inParts?: true;
}

export interface SearchPartRow {
  key: `${typeof SEARCH_KEY}:${SearchPartName}`;
  seq: number;
  array: SavedIndex[SearchPartName];
}

const partKey = (name: SearchPartName): SearchPartRow['key'] => `${SEARCH_KEY}:${name}`;

/** A row of the index store's `snapshots`: a saved index, or part of one, or the first answers. */
export type IndexStoreRow = RelatedSnapshot | SearchSnapshot | SearchPartRow | FirstAnswers;
type SearchRows = (IndexStoreRow | undefined)[];

/** The search index saved as its main row and its parts' rows. */
function searchRows(seq: number, count: number, saved: SavedIndex): [SearchSnapshot, ...SearchPartRow[]] {
  const rest: Partial<SavedIndex> = { ...saved };
  for (const name of SEARCH_PARTS) delete rest[name];
  return [
    { key: SEARCH_KEY, seq, count, search: rest as Omit<SavedIndex, SearchPartName>, inParts: true },
    ...SEARCH_PARTS.map((name) => ({ key: partKey(name), seq, array: saved[name] })),
  ];
}

/** The saved search index put together from its rows; undefined when a part is missing or of another save. */
function joinSearch(main: SearchSnapshot, parts: (IndexStoreRow | undefined)[]): SavedIndex | undefined {
  if (!main.inParts) return main.search as SavedIndex;
  const whole: Partial<SavedIndex> = { ...main.search };
  for (const [i, name] of SEARCH_PARTS.entries()) {
    const part = parts[i];
    if (part?.key !== partKey(name) || part.seq !== main.seq) return undefined;
    (whole as Record<SearchPartName, unknown>)[name] = part.array;
  }
  return whole as SavedIndex;
}

/** A reading list being imported: the file the library page handed over, and how far its import is. */
export interface ImportJob {
  key: string;
  name: string;
  file?: Blob;
  state: 'queued' | 'checking' | 'importing' | 'done' | 'failed' | 'cancelled';
  /** Lines checked, then papers imported, of `total` (known once checked). */
  done: number;
  total: number;
  added?: number;
  merged?: number;
  /** What the file was, once known. */
  kind?: 'reading-list' | 'backup' | 'citations';
  /** Entries left out, and why (a citation without an arXiv id or DOI). */
  skipped?: { entry: string; reason: string }[];
  /** A backup's settings, for the page to apply (the worker cannot reach extension storage). */
  settings?: Partial<Settings>;
  /** What went wrong, for the reader ("Line 12: ..."). */
  message?: string;
}

/**
 * Derived from the library and never part of it (losing it costs one rebuild), plus the reading lists being
 * imported: pages hand files to the index's worker here, since messages carry no files.
 */
export class IndexStoreDb extends Dexie {
  snapshots!: Table<IndexStoreRow, string>;
  imports!: Table<ImportJob, string>;

  constructor(name = 'papershelf-index') {
    super(name);
    this.version(1).stores({ snapshots: 'key', imports: 'key' });
  }
}

const RELATED_KEY = 'related';
const SEARCH_KEY = 'search';
/** Where both indexes were saved as one row, before they were read back in parts: deleted at the next save. */
const OLD_SNAPSHOT_KEY = 'library';
/** A library quiet for this long has its indexes saved (see LibraryIndexOptions.saveDelayMs). */
const SAVE_DELAY_MS = 30_000;
/** How long after a copy was read back it is checked against the library (LibraryIndex.checked). */
const CHECK_DELAY_MS = 30_000;
/** See LibraryIndexOptions.searchDelayMs. */
const SEARCH_DELAY_MS = 500;
/** The first answers are written at most this often (LibraryIndex.noteFirstAnswers). */
const NOTE_DELAY_MS = 250;
/** New rows of the log up to this many are read by key (LibraryIndex.changesAfter), more by its range. */
const CHANGES_BY_KEY_MAX = 100;
/** Records written here kept for the next catch-up (LibraryIndex.written): beyond this, they are read back. */
const FRESH_KEPT = 5000;
/** Papers read and indexed between two breaths of a rebuild or a long catch-up. */
const CHUNK = 1000;

export interface IndexStatus {
  state: 'opening' | 'building' | 'ready' | 'failed';
  /** While building: papers indexed so far, of `total`. */
  done: number;
  total: number;
  error?: string;
}

/** A paper as a related-papers row shows it. */
export interface PaperHit {
  id: string;
  title: string;
  firstAuthor?: string;
  year?: number;
  /** Where a click goes: the arXiv abstract page, else the page it was clipped from. */
  url: string;
}

export interface RelatedHit extends PaperHit {
  reason: RelatedReason;
}

export interface LibraryIndexOptions {
  /**
   * How long the indexes wait after the last change before saving themselves. A save writes ~60 MB at 50k papers,
   * which holds up the library's own writes meanwhile; the change log keeps every change until then, so waiting
   * costs nothing but a longer catch-up after a crash.
   */
  saveDelayMs?: number;
  /** How long after reading a saved copy back it is checked against the library (LibraryIndex.checked). */
  checkDelayMs?: number;
  /**
   * After a restart, how long the search index waits to be read back once the related index answers and no
   * question is being answered, unless a page asks for it sooner (LibraryIndex.searchWanted).
   */
  searchDelayMs?: number;
  /**
   * Where the related index is saved, when the worker has files (the origin's private file system): read back
   * first after a restart, as a file it takes a copy instead of an IndexedDB read. Without one, or when writing
   * it fails, it is a row of the index store, as the search index is.
   */
  relatedFile?: SnapshotFile;
  onStatus?(status: IndexStatus): void;
}

/** The two parts of the index, read back one after the other: each answers once it is. */
export type IndexPart = 'related' | 'search';

export class LibraryIndex {
  private search: SearchIndex | undefined = createSearchIndex([]);
  private related: RelatedIndex = createRelatedIndex([]);
  /** While the search index is read back: the ids the log changed meanwhile, applied to it once it is in. */
  private searchBehind: Set<string> | undefined;
  /** The search index read back, to be caught up and put in place by the next catch-up. */
  private searchRead: SearchIndex | undefined;
  /** The parts answering now (read back and caught up, or built). */
  private readonly answeringParts = new Set<IndexPart>();
  /** The last change of the log the indexes hold. */
  private seq = 0;
  private unsaved = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private catchingUp: Promise<number> | undefined;
  private statusNow: IndexStatus = { state: 'opening', done: 0, total: 0 };
  private waiting: { part: IndexPart; resolve: () => void }[] = [];
  /** Questions being answered: reading the search index back waits for them between its steps. */
  private questions = 0;
  private whenQuiet: (() => void)[] = [];
  private rebuilding: Promise<void> | undefined;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** While the search index waits to be read back (searchWanted): starts reading it at once. */
  private readSearchNow: (() => void) | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles once both parts answer, read back or built. */
  readonly ready: Promise<void>;
  /**
   * Settles once a copy read back was checked against the library (a log lost behind it), and rebuilt if it
   * did not match. Counting the papers walks all of them, and Chromium runs every other read of the library
   * behind that: the check waits until the library has been quiet a while (checkDelayMs), not to hold up the
   * pages opened as the browser starts.
   */
  readonly checked: Promise<void>;

  constructor(
    private readonly db: LibraryDb,
    private readonly store: IndexStoreDb,
    private readonly options: LibraryIndexOptions = {},
  ) {
    const opening = this.open();
    this.ready = opening.then(
      () => {},
      (error: unknown) => {
        this.fail(error);
        throw error;
      },
    );
    this.checked = opening.then((readBack) => (readBack ? this.checkLater() : undefined));
    this.ready.catch(() => {});
    this.checked.catch(() => {});
  }

  /** The whole index's state: `ready` once both parts answer. */
  get status(): IndexStatus {
    return this.statusNow;
  }

  /** A part's state: ready as soon as it answers, else the whole index's. */
  statusOf(part: IndexPart): IndexStatus {
    return this.answers(part) ? { state: 'ready', done: this.size, total: this.size } : this.statusNow;
  }

  /** Whether `part` answers now. */
  answers(part: IndexPart): boolean {
    return this.answeringParts.has(part);
  }

  /**
   * Settles once `part` answers, or the index is rebuilding or failed (a rebuild can take a while: callers then
   * show its progress rather than wait). Reading a saved copy back takes about a second at most.
   */
  opened(part: IndexPart = 'search'): Promise<void> {
    if (this.answers(part) || this.statusNow.state === 'building' || this.statusNow.state === 'failed')
      return Promise.resolve();
    if (part === 'search') this.readSearchNow?.();
    return new Promise((resolve) => this.waiting.push({ part, resolve }));
  }

  /** Papers the indexes hold. */
  get size(): number {
    return this.related.size;
  }

  /** The ids of the papers matching `query` and `filters`, best first, from `offset`; and how many match. */
  async find(
    query: string,
    filters: SearchFilters,
    offset: number,
    limit: number,
    sort: SortOrder = 'relevance',
  ): Promise<{ total: number; ids: string[] }> {
    await this.upToDate('search');
    return this.findNow(query, filters, offset, limit, sort);
  }

  /**
   * After a restart, while the search index is still read back: a search without filters, in relevance order,
   * answered from the related index, with the papers having every word of `query` in their title or abstract.
   * Undefined once the search index answers (or when it will not soon: the index is rebuilding), for another
   * search, and when no paper has every word (the search index may find them by prefix, typo or author).
   */
  async findWhileOpening(
    query: string,
    filters: SearchFilters,
    offset: number,
    limit: number,
    sort: SortOrder = 'relevance',
  ): Promise<{ total: number; ids: string[] } | undefined> {
    if (this.answers('search') || hasFilters(filters) || sort !== 'relevance') return undefined;
    // Asked for, the search index is read back meanwhile.
    void this.opened('search');
    await this.opened('related');
    if (!this.answers('related') || this.answers('search')) return undefined;
    await this.catchUp();
    const ids = papersWithEveryWord(this.related, query);
    return ids.length > 0 ? { total: ids.length, ids: ids.slice(offset, offset + limit) } : undefined;
  }

  /** `find` on the indexes as they are, for a caller that has just brought them up to date. */
  findNow(
    query: string,
    filters: SearchFilters,
    offset: number,
    limit: number,
    sort: SortOrder = 'relevance',
  ): { total: number; ids: string[] } {
    const index = this.searchIndex();
    if (sort === 'relevance') {
      // Best first: the page's rows are ranked, the papers after them only counted.
      const { total, ids } = findIds(index, query, filters, offset + limit);
      return { total, ids: ids.slice(offset) };
    }
    const ids = sortPapers(searchPapers(index, query, filters), sort).map((paper) => paper.id);
    return { total: ids.length, ids: ids.slice(offset, offset + limit) };
  }

  /** Each facet's values (categories, tags, reading states, years...) with their numbers of papers. */
  async facets(): Promise<Facets> {
    await this.upToDate('search');
    return facetCounts(this.searchIndex().papers.values());
  }

  /** The `k` saved papers most related to `paper` (saved or not), never itself, each with its reason. */
  async relatedTo(paper: RelatedPaper, k: number): Promise<RelatedHit[]> {
    this.questions++;
    try {
      await this.upToDate('related');
      const matches = relatedTo(this.related, paper, k);
      const records = await this.db.papers.bulkGet(matches.map((match) => match.id));
      return records
        .filter((record): record is StoredPaper => record !== undefined)
        .map((record) => ({ ...hitOf(record), reason: explainRelated(this.related, paper, record) }));
    } finally {
      this.questions--;
      if (this.questions === 0) for (const resolve of this.whenQuiet.splice(0)) resolve();
    }
  }

  /** Display rows of papers by id, in order; ids no longer in the library are left out. */
  async hits(ids: string[]): Promise<PaperHit[]> {
    return (await this.papers(ids)).map(hitOf);
  }

  /** The records of `ids` still in the library, in their order. */
  async papers(ids: string[]): Promise<StoredPaper[]> {
    const records = await this.db.papers.bulkGet(ids);
    return records.filter((record): record is StoredPaper => record !== undefined);
  }

  /** Applies the change log's new rows; resolves to how many papers changed. One catch-up runs at a time. */
  catchUp(): Promise<number> {
    this.catchingUp ??= this.applyChanges().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  /**
   * Saves the indexes now (both parts in one transaction) and trims the log they include. The first answers
   * are written before the log is trimmed: an empty log then means they are current (lib/first-answers.ts).
   */
  async save(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const seq = this.seq;
    const unsaved = this.unsaved;
    const count = this.size;
    const search = saveSearchIndex(this.searchIndex());
    const related: RelatedSnapshot = {
      key: RELATED_KEY,
      seq,
      count,
      related: saveRelatedIndex(this.related),
    };
    // The file first: a save cut short after it leaves the two parts at different points of the log, and a
    // copy whose parts differ is rebuilt (open).
    const inFile = await this.writeRelatedFile(related);
    await this.store.transaction('rw', this.store.snapshots, async () => {
      if (inFile) await this.store.snapshots.delete(RELATED_KEY);
      else await this.store.snapshots.put(related);
      await this.store.snapshots.bulkPut(searchRows(seq, count, search));
      await this.store.snapshots.put({ key: FIRST_ANSWERS_KEY, seq, size: count });
      await this.store.snapshots.delete(OLD_SNAPSHOT_KEY);
    });
    this.unsaved -= unsaved;
    // Only what every reader of the log has read: sync keeps its own cursor (lib/db.ts, LogCursor).
    const cursors = await this.db.cursors.toArray();
    const trimTo = Math.min(seq, ...cursors.map((cursor) => cursor.seq));
    await this.db.changes.where('seq').belowOrEqual(trimTo).delete();
  }

  /** Stops the pending save and check (tests, and a worker being shut down). */
  close(): void {
    clearTimeout(this.saveTimer);
    clearTimeout(this.checkTimer);
    clearTimeout(this.noteTimer);
    clearTimeout(this.searchTimer);
  }

  /**
   * Settles once `part` holds the library as it is now (read back or built, and the change log applied); while
   * the index is rebuilt, once it is ready.
   */
  private async upToDate(part: IndexPart): Promise<void> {
    await this.opened(part);
    if (!this.answers(part)) await (this.rebuilding ?? this.ready);
    await this.catchUp();
  }

  /** Between two steps of reading the search index back: what came in is answered first. */
  private async breathe(): Promise<void> {
    await nextTask();
    if (this.questions > 0) await new Promise<void>((resolve) => this.whenQuiet.push(resolve));
  }

  private searchIndex(): SearchIndex {
    if (!this.search) throw new Error('The search index is still being read back.');
    return this.search;
  }

  /**
   * Reads the saved copy back, the related index first, then the search index; each answers once caught up
   * with the log. A copy missing or damaged is rebuilt. Resolves to whether it was read back.
   */
  private async open(): Promise<boolean> {
    // Read meanwhile, for the first question: after a browser restart, a first read of the papers costs
    // 100-150 ms at 50,000 papers.
    void this.db.papers
      .limit(1)
      .primaryKeys()
      .catch(() => {});
    const saved = await this.readRelated();
    // What was read back serves nothing else: the index takes its arrays as they are.
    const related =
      saved?.key === RELATED_KEY ? restoreRelatedIndex(saved.related, { adopt: true }) : undefined;
    if (saved?.key === RELATED_KEY && related && related.size === saved.count) {
      this.related = related;
      this.search = undefined;
      this.searchBehind = new Set();
      this.seq = saved.seq;
      await this.catchUp();
      this.answering('related');
      // The library's size is known from here on: a page opening now need not wait for the search index.
      if (this.unsaved > 0) this.noteFirstAnswers();
      // Until a page asks for it, searches are answered from the related index (findWhileOpening).
      await this.searchWanted();
      if (await this.readSearch(saved.seq, this.readSearchRows())) {
        // Changes caught up while opening are saved in a while, like any other.
        if (this.unsaved > 0) this.changed(0);
        else this.noteFirstAnswers();
        return true;
      }
    }
    await this.rebuild();
    return false;
  }

  /**
   * Settles when the search index is to be read back: once a page asks for it, or once the related index
   * has answered nothing for searchDelayMs. IndexedDB runs the library's other reads behind it (42 MB at 50,000
   * papers): the popup's related papers, asked as the browser starts, come first.
   */
  private searchWanted(): Promise<void> {
    return new Promise<void>((resolve) => {
      const start = () => {
        clearTimeout(this.searchTimer);
        this.readSearchNow = undefined;
        resolve();
      };
      const wait = () => {
        this.searchTimer = setTimeout(() => {
          if (this.questions > 0) this.whenQuiet.push(wait);
          else start();
        }, this.options.searchDelayMs ?? SEARCH_DELAY_MS);
      };
      this.readSearchNow = start;
      if (this.waiting.some((waiter) => waiter.part === 'search')) start();
      else wait();
    });
  }

  /** After checkDelayMs: caught up, the indexes hold exactly the library; if not, the log behind them was lost. */
  private checkLater(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.checkTimer = setTimeout(resolve, this.options.checkDelayMs ?? CHECK_DELAY_MS);
    }).then(async () => {
      const { db } = this;
      // The count and the log's end read together, so that a write made meanwhile is not taken for a loss.
      const [count, last] = await db.transaction('r', db.papers, db.changes, db.logEnd, () =>
        Promise.all([db.papers.count(), lastChange(db)]),
      );
      await this.catchUp();
      if (this.statusNow.state !== 'ready') return;
      if (last !== this.seq) return this.checkLater();
      if (this.size === count && this.searchIndex().papers.size === this.size) return;
      await this.rebuild().catch((error: unknown) => this.fail(error));
    });
  }

  /** The related index as saved: its file when there is one (a damaged file is no copy), else its row. */
  private async readRelated(): Promise<IndexStoreRow | undefined> {
    // With room for the first papers added to grow into (lib/related.ts, withRoomAfter).
    const data = await this.options.relatedFile?.read((size) => size / 2).catch(() => undefined);
    if (data) return unpackSnapshot(data) as IndexStoreRow | undefined;
    return this.store.snapshots.get(RELATED_KEY).catch(() => undefined);
  }

  /** Writes the related index's file; false when there is no file to write, or writing it failed. */
  private async writeRelatedFile(related: RelatedSnapshot): Promise<boolean> {
    const file = this.options.relatedFile;
    if (!file) return false;
    try {
      await file.write(packSnapshot(related));
      return true;
    } catch {
      // Saved as a row instead. A file that could not be removed either is older than the search index: the
      // copy is then rebuilt when read back (open), never taken for the library as it is.
      await file.remove().catch(() => {});
      return false;
    }
  }

  /** The search index's rows as saved: the whole row, then its parts (none when they cannot be read). */
  private readSearchRows(): Promise<SearchRows> {
    return this.store.snapshots.bulkGet([SEARCH_KEY, ...SEARCH_PARTS.map(partKey)]).catch(() => []);
  }

  /** Puts the search index (saved at `seq`, with the related index) in place from its `rows`, caught up. */
  private async readSearch(seq: number, rows: Promise<SearchRows>): Promise<boolean> {
    const [saved, ...parts] = await rows;
    if (saved?.key !== SEARCH_KEY || saved.seq !== seq) return false;
    const whole = joinSearch(saved, parts);
    if (!whole) return false;
    const search = await restoreSearchIndexInSteps(whole, () => this.breathe());
    if (!search || search.papers.size !== saved.count) return false;
    this.searchRead = search;
    while (this.searchRead) await this.catchUp();
    this.answering('search');
    this.setStatus({ state: 'ready', done: this.size, total: this.size });
    return true;
  }

  /** Indexes the whole library again, in chunks of the papers table, then saves. */
  private rebuild(): Promise<void> {
    this.rebuilding ??= this.build().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async build(): Promise<void> {
    // A catch-up in progress works on the indexes being replaced: it finishes first.
    await this.catchingUp;
    clearTimeout(this.saveTimer);
    this.answeringParts.clear();
    this.search = createSearchIndex([]);
    this.related = createRelatedIndex([]);
    this.searchBehind = undefined;
    this.searchRead = undefined;
    // Writes from now on are in the log after `seq`, and applied again once the papers are read.
    this.seq = await lastChange(this.db);
    const total = await this.db.papers.count();
    this.setStatus({ state: 'building', done: 0, total });
    let last: string | undefined;
    for (;;) {
      const from =
        last === undefined ? this.db.papers.orderBy(':id') : this.db.papers.where(':id').above(last);
      const papers = await from.limit(CHUNK).toArray();
      if (papers.length === 0) break;
      this.add(papers);
      last = papers[papers.length - 1]?.id;
      this.setStatus({ state: 'building', done: this.size, total: Math.max(total, this.size) });
    }
    await this.catchUp();
    await this.save();
    this.answering('related');
    this.answering('search');
    this.setStatus({ state: 'ready', done: this.size, total: this.size });
  }

  private async applyChanges(): Promise<number> {
    let changed = 0;
    if (this.searchRead) await this.putSearchInPlace(this.searchRead);
    for (;;) {
      const rows = await this.changesAfter(this.seq);
      const lastRow = rows[rows.length - 1];
      if (!lastRow?.seq) break;
      const lastSeqOf = new Map(rows.map((row) => [row.id, row.seq as number]));
      const ids = [...lastSeqOf.keys()];
      const papers = await this.papersAt(ids, lastSeqOf);
      const gone = ids.filter((_, i) => papers[i] === undefined);
      if (this.search) removeFromIndex(this.search, gone);
      for (const id of gone) removeFromRelatedIndex(this.related, id);
      this.add(papers.filter((paper): paper is StoredPaper => paper !== undefined));
      for (const id of ids) this.searchBehind?.add(id);
      this.seq = lastRow.seq;
      changed += ids.length;
      // A short chunk was the log's end: asking again would cost one more read (40-100 ms after a restart).
      if (rows.length < CHUNK) break;
    }
    // Handed over while this catch-up read the library past their rows: taken from there, not kept.
    for (const [id, { seq }] of this.fresh) if (seq <= this.seq) this.fresh.delete(id);
    if (changed > 0) this.changed(changed);
    return changed;
  }

  /**
   * Up to CHUNK rows of the log after `seq`. The log's end (LogEnd) says first whether there are any, and a few
   * are read by key: a read of the log's range walks every row trimmed and not yet compacted away (lib/db.ts).
   */
  private async changesAfter(seq: number): Promise<LibraryChange[]> {
    const end = (await this.db.logEnd.get(LOG_END))?.seq;
    if (end !== undefined && end <= seq) return [];
    if (end !== undefined && end - seq <= CHANGES_BY_KEY_MAX) {
      const keys = Array.from({ length: end - seq }, (_, i) => seq + 1 + i);
      // A key the log never used (a write rolled back after taking it) is just not there.
      return (await this.db.changes.bulkGet(keys)).filter((row): row is LibraryChange => row !== undefined);
    }
    return this.db.changes.where('seq').above(seq).limit(CHUNK).toArray();
  }

  /**
   * Records written in this context, with their log rows (`written`): taken as they are by the catch-up
   * that reaches those rows, rather than read back from the library (a first sync writes 50,000).
   */
  private readonly fresh = new Map<string, { seq: number; paper: StoredPaper | undefined }>();

  /** Papers this context just wrote (lib/library.ts, applySynced): the next catch-up takes them as they are. */
  written(writes: LoggedWrite[]): void {
    if (this.fresh.size + writes.length > FRESH_KEPT) this.fresh.clear();
    for (const { id, paper, seq } of writes) {
      // A catch-up that already read the library past these rows took them from there.
      if (seq > this.seq) this.fresh.set(id, { seq, paper });
    }
  }

  /** The papers as the library held them at each one's last row of the log read (`lastSeqOf`). */
  private async papersAt(
    ids: string[],
    lastSeqOf: Map<string, number>,
  ): Promise<(StoredPaper | undefined)[]> {
    const papers: (StoredPaper | undefined)[] = [];
    const unknown: number[] = [];
    for (const [i, id] of ids.entries()) {
      const fresh = this.fresh.get(id);
      if (fresh && fresh.seq === lastSeqOf.get(id)) papers[i] = fresh.paper;
      else unknown.push(i);
      this.fresh.delete(id);
    }
    const read = await this.db.papers.bulkGet(unknown.map((i) => ids[i] as string));
    for (const [k, i] of unknown.entries()) papers[i] = read[k];
    return papers;
  }

  /** The search index read back takes in the changes the related index was given meanwhile. */
  private async putSearchInPlace(search: SearchIndex): Promise<void> {
    const ids = [...(this.searchBehind ?? [])];
    const papers = await this.db.papers.bulkGet(ids);
    removeFromIndex(
      search,
      ids.filter((_, i) => papers[i] === undefined),
    );
    addToIndex(
      search,
      papers.filter((paper): paper is StoredPaper => paper !== undefined),
    );
    this.search = search;
    this.searchRead = undefined;
    this.searchBehind = undefined;
  }

  private add(papers: StoredPaper[]): void {
    if (this.search) addToIndex(this.search, papers);
    for (const paper of papers) addToRelatedIndex(this.related, paper);
  }

  /** Counts unsaved changes and saves once the library has been quiet for a while. */
  private changed(count: number): void {
    this.unsaved += count;
    // The size is known once the related index is caught up, before the search index is read back.
    if (this.answers('related')) this.noteFirstAnswers();
    if (this.statusNow.state !== 'ready') return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.save().catch(() => {
        // Not saved: the log still holds every change, so nothing is lost; the next change tries again.
      });
    }, this.options.saveDelayMs ?? SAVE_DELAY_MS);
  }

  /**
   * Keeps the library's size where a page opening reads it before the index answers: at most once in
   * NOTE_DELAY_MS, not after each of the 40 batches of a "Clip all".
   */
  private noteFirstAnswers(): void {
    if (this.noteTimer !== undefined) return;
    this.noteTimer = setTimeout(() => {
      this.noteTimer = undefined;
      const row: FirstAnswers = { key: FIRST_ANSWERS_KEY, seq: this.seq, size: this.size };
      this.store.snapshots.put(row).catch(() => {
        // Not written: a page asks the index instead.
      });
    }, NOTE_DELAY_MS);
  }

  private fail(error: unknown): void {
    this.answeringParts.clear();
    this.setStatus({ state: 'failed', done: 0, total: 0, error: messageOf(error) });
  }

  private answering(part: IndexPart): void {
    this.answeringParts.add(part);
    this.wake();
  }

  private setStatus(status: IndexStatus): void {
    this.statusNow = status;
    this.options.onStatus?.(status);
    this.wake();
  }

  private wake(): void {
    const open = this.statusNow.state === 'building' || this.statusNow.state === 'failed';
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) {
      if (open || this.answers(waiter.part)) waiter.resolve();
      else this.waiting.push(waiter);
    }
  }
}

/**
 * The order of a list: `relevance` is the search's own (the newest clip first for an empty query), `clipped`
 * the newest clip first, `submitted` the newest paper (v1 date) first.
 */
export type SortOrder = 'relevance' | 'clipped' | 'submitted';

function sortPapers(papers: PaperSummary[], sort: SortOrder): PaperSummary[] {
  if (sort === 'clipped') return papers.sort((a, b) => (b.savedAt ?? 0) - (a.savedAt ?? 0));
  if (sort === 'submitted')
    return papers.sort((a, b) => (b.submitted ?? '').localeCompare(a.submitted ?? ''));
  return papers;
}

export function hitOf(paper: StoredPaper): PaperHit {
  const hit: PaperHit = {
    id: paper.id,
    title: paper.title ?? paper.arxivId ?? paper.id,
    url: paperUrl(paper),
  };
  const firstAuthor = paper.authors?.[0];
  if (firstAuthor) hit.firstAuthor = firstAuthor;
  const year = paperYear(paper);
  if (year) hit.year = year;
  return hit;
}

/** Where a paper opens: its arXiv abstract page, else the page it was clipped from. */
export function paperUrl(paper: StoredPaper): string {
  return paper.absUrl ?? (paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.source.url);
}

/**
 * Resolves once the worker has taken the tasks waiting (a message that came in). A message to itself rather
 * than a timer: timers nested this deep wait 4 ms each.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
