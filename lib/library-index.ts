/**
 * The library's one search index and one related-papers index, for every page of the extension. They live in
 * a worker that outlives pages (see docs/architecture.md), follow the papers table through its change log
 * (lib/db.ts), and are saved to a database of their own, so that opening them never indexes the library
 * again: a saved copy is read back and caught up with the log. Only a missing or inconsistent copy is
 * rebuilt, once, in chunks, with progress.
 *
 * Every answer first catches up with the log, so a page always sees the library as it is now, whoever wrote
 * it (the background, an import, another tab) and whatever happened in between (a crash, a stopped worker).
 */
import Dexie, { type Table } from 'dexie';
import type { LibraryDb, StoredPaper } from './db';
import {
  addToRelatedIndex,
  createRelatedIndex,
  explainRelated,
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
  type PaperSummary,
  paperYear,
  removeFromIndex,
  restoreSearchIndex,
  type SavedIndex,
  type SearchFilters,
  type SearchIndex,
  saveSearchIndex,
  searchPapers,
} from './search';
import type { Settings } from './settings';

/** The indexes as saved, with the last change of the log they include. */
export interface IndexSnapshot {
  key: string;
  /** The change log's `seq` this snapshot has seen; the rows after it are applied when it is read back. */
  seq: number;
  /** Papers it holds: a library of another size after catching up means the snapshot is not to be trusted. */
  count: number;
  search: SavedIndex;
  related: SavedRelatedIndex;
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
  snapshots!: Table<IndexSnapshot, string>;
  imports!: Table<ImportJob, string>;

  constructor(name = 'papershelf-index') {
    super(name);
    this.version(1).stores({ snapshots: 'key', imports: 'key' });
  }
}

const SNAPSHOT_KEY = 'library';
/** A library quiet for this long has its indexes saved (see LibraryIndexOptions.saveDelayMs). */
const SAVE_DELAY_MS = 30_000;
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
  onStatus?(status: IndexStatus): void;
}

export class LibraryIndex {
  private search: SearchIndex = createSearchIndex([]);
  private related: RelatedIndex = createRelatedIndex([]);
  /** The last change of the log the indexes hold. */
  private seq = 0;
  private unsaved = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private catchingUp: Promise<number> | undefined;
  private statusNow: IndexStatus = { state: 'opening', done: 0, total: 0 };
  private whenOpened: (() => void)[] = [];
  /** Settles once the indexes hold the whole library. */
  readonly ready: Promise<void>;

  constructor(
    private readonly db: LibraryDb,
    private readonly store: IndexStoreDb,
    private readonly options: LibraryIndexOptions = {},
  ) {
    this.ready = this.open().catch((error: unknown) => {
      this.setStatus({ state: 'failed', done: 0, total: 0, error: messageOf(error) });
      throw error;
    });
    this.ready.catch(() => {});
  }

  get status(): IndexStatus {
    return this.statusNow;
  }

  /**
   * Settles once the index is no longer opening: ready, failed, or rebuilding (which can take a while: callers
   * then show its progress rather than wait). Reading a saved copy back takes about a second at most.
   */
  opened(): Promise<void> {
    if (this.statusNow.state !== 'opening') return Promise.resolve();
    return new Promise((resolve) => this.whenOpened.push(resolve));
  }

  /** Papers the indexes hold. */
  get size(): number {
    return this.search.papers.size;
  }

  /** The ids of the papers matching `query` and `filters`, best first, from `offset`; and how many match. */
  async find(
    query: string,
    filters: SearchFilters,
    offset: number,
    limit: number,
    sort: SortOrder = 'relevance',
  ): Promise<{ total: number; ids: string[] }> {
    await this.upToDate();
    return this.findNow(query, filters, offset, limit, sort);
  }

  /** `find` on the indexes as they are, for a caller that has just brought them up to date. */
  findNow(
    query: string,
    filters: SearchFilters,
    offset: number,
    limit: number,
    sort: SortOrder = 'relevance',
  ): { total: number; ids: string[] } {
    const found = sortPapers(searchPapers(this.search, query, filters), sort);
    return { total: found.length, ids: found.slice(offset, offset + limit).map((paper) => paper.id) };
  }

  /** Each facet's values (categories, tags, reading states, years...) with their numbers of papers. */
  async facets(): Promise<Facets> {
    await this.upToDate();
    return facetCounts(this.search.papers.values());
  }

  /** The `k` saved papers most related to `paper` (saved or not), never itself, each with its reason. */
  async relatedTo(paper: RelatedPaper, k: number): Promise<RelatedHit[]> {
    await this.upToDate();
    const matches = relatedTo(this.related, paper, k);
    const records = await this.db.papers.bulkGet(matches.map((match) => match.id));
    return records
      .filter((record): record is StoredPaper => record !== undefined)
      .map((record) => ({ ...hitOf(record), reason: explainRelated(this.related, paper, record) }));
  }

  /** Display rows of papers by id, in order; ids no longer in the library are left out. */
  async hits(ids: string[]): Promise<PaperHit[]> {
    const records = await this.db.papers.bulkGet(ids);
    return records.filter((record): record is StoredPaper => record !== undefined).map(hitOf);
  }

  /** Applies the change log's new rows; resolves to how many papers changed. One catch-up runs at a time. */
  catchUp(): Promise<number> {
    this.catchingUp ??= this.applyChanges().finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  /** Saves the indexes now and trims the log they include. */
  async save(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const seq = this.seq;
    const unsaved = this.unsaved;
    await this.store.snapshots.put({
      key: SNAPSHOT_KEY,
      seq,
      count: this.size,
      search: saveSearchIndex(this.search),
      related: saveRelatedIndex(this.related),
    });
    this.unsaved -= unsaved;
    // Only what every reader of the log has read: sync keeps its own cursor (lib/db.ts, LogCursor).
    const cursors = await this.db.cursors.toArray();
    const trimTo = Math.min(seq, ...cursors.map((cursor) => cursor.seq));
    await this.db.changes.where('seq').belowOrEqual(trimTo).delete();
  }

  /** Stops the pending save (tests, and a worker being shut down). */
  close(): void {
    clearTimeout(this.saveTimer);
  }

  /** Settles once the indexes hold the library as it is now (opened, and the change log applied). */
  async upToDate(): Promise<void> {
    await this.ready;
    await this.catchUp();
  }

  private async open(): Promise<void> {
    const snapshot = await this.store.snapshots.get(SNAPSHOT_KEY).catch(() => undefined);
    const search = snapshot && restoreSearchIndex(snapshot.search);
    const related = snapshot && restoreRelatedIndex(snapshot.related);
    if (snapshot && search && related && search.papers.size === snapshot.count) {
      this.search = search;
      this.related = related;
      this.seq = snapshot.seq;
      this.setStatus({ state: 'opening', done: 0, total: 0 });
      await this.applyChanges();
      // Caught up, the indexes hold exactly the library; if not, the log behind the snapshot was lost.
      if (this.size === (await this.db.papers.count()) && this.related.size === this.size) {
        this.setStatus({ state: 'ready', done: this.size, total: this.size });
        return;
      }
    }
    await this.rebuild();
  }

  /** Indexes the whole library again, in chunks of the papers table, then saves. */
  private async rebuild(): Promise<void> {
    this.search = createSearchIndex([]);
    this.related = createRelatedIndex([]);
    // Writes from now on are in the log after `seq`, and applied again once the papers are read.
    this.seq = (await this.db.changes.orderBy('seq').last())?.seq ?? 0;
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
    await this.applyChanges();
    await this.save();
    this.setStatus({ state: 'ready', done: this.size, total: this.size });
  }

  private async applyChanges(): Promise<number> {
    let changed = 0;
    for (;;) {
      const rows = await this.db.changes.where('seq').above(this.seq).limit(CHUNK).toArray();
      const lastRow = rows[rows.length - 1];
      if (!lastRow?.seq) break;
      const ids = [...new Set(rows.map((row) => row.id))];
      const papers = await this.db.papers.bulkGet(ids);
      const gone = ids.filter((_, i) => papers[i] === undefined);
      removeFromIndex(this.search, gone);
      for (const id of gone) removeFromRelatedIndex(this.related, id);
      this.add(papers.filter((paper): paper is StoredPaper => paper !== undefined));
      this.seq = lastRow.seq;
      changed += ids.length;
    }
    if (changed > 0) this.changed(changed);
    return changed;
  }

  private add(papers: StoredPaper[]): void {
    addToIndex(this.search, papers);
    for (const paper of papers) addToRelatedIndex(this.related, paper);
  }

  /** Counts unsaved changes and saves once the library has been quiet for a while. */
  private changed(count: number): void {
    this.unsaved += count;
    if (this.statusNow.state !== 'ready') return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.save().catch(() => {
        // Not saved: the log still holds every change, so nothing is lost; the next change tries again.
      });
    }, this.options.saveDelayMs ?? SAVE_DELAY_MS);
  }

  private setStatus(status: IndexStatus): void {
    this.statusNow = status;
    this.options.onStatus?.(status);
    if (status.state !== 'opening') for (const resolve of this.whenOpened.splice(0)) resolve();
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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
