/**
 * The background's message handling, free of browser APIs: the entrypoint hands in the database, the
 * settings store, the per-tab memory, the badge and the ways to read a tab, and routes every message here.
 *
 * A paper page's report carries its paper; a listing's carries only the ids it shows (a 2,000-entry arXiv
 * listing is 40 KB of ids, not 4 MB of records): the records are read from the page when they are needed,
 * to refresh saved papers or to clip them all. Clipping all runs here, in batches of one transaction each,
 * with its progress kept beside the tab, so a closed popup does not stop it and a stopped service worker
 * resumes it where it was.
 */
import type { LibraryDb } from './db';
import {
  editPapers,
  recentPapers,
  removedIds,
  removePapers,
  restorePapers,
  type SaveMode,
  savedIds,
  savePapers,
} from './library';
import type { IndexStatus, RelatedHit } from './library-index';
import { mergePaper } from './merge';
import type {
  BulkClip,
  IndexRequestType,
  ListingRelated,
  Message,
  Requests,
  RequestType,
  TabState,
} from './messages';
import { paperFromLink } from './onpage/link';
import { closeHits, isClose, LISTING_RELATED_MAX, PAGE_RELATED_K, relatedFields } from './onpage/related';
import { isListing, type Paper } from './paper';
import type { RelatedPaper } from './related';
import { onPageSettings, type Settings } from './settings';

/** What the background remembers about a tab: the papers its page holds, or the ids a listing shows. */
export interface TabPage {
  url: string;
  papers: Paper[];
  /** On a listing: the ids of every paper it shows, in order; `papers` is then empty. */
  listing?: string[];
  /** Saved papers closely related to the page's (lib/onpage/related.ts), once worked out: the badge's number. */
  related?: number;
}

export interface TabMemory {
  get(tabId: number): Promise<TabPage | undefined>;
  set(tabId: number, page: TabPage): Promise<void>;
}

/** Where running and finished bulk clips are kept (they outlive a stopped service worker). */
export interface BulkStore {
  get(tabId: number): Promise<BulkClip | undefined>;
  set(tabId: number, job: BulkClip): Promise<void>;
  all(): Promise<BulkClip[]>;
}

export interface ClipperDeps {
  db: LibraryDb;
  settings: { get(): Promise<Settings>; set(patch: Partial<Settings>): Promise<Settings> };
  tabs: TabMemory;
  bulk: BulkStore;
  /**
   * Shows on the toolbar how many of the tab's papers are in the library; when none is, how many saved papers
   * are closely related to the page (`related`, when known).
   */
  showSaved(tabId: number, saved: number, total: number, related?: number): Promise<void> | void;
  /**
   * The library index's related papers (`related` request), and the index's state: while it opens or builds,
   * no items. Without it, nothing is ever related.
   */
  related?(paper: RelatedPaper, k: number): Promise<{ items: RelatedHit[]; status: IndexStatus }>;
  /** Reads the page in the tab with the generic extractor (activeTab); resolves to what it found. */
  readPage(tabId: number): Promise<{ url: string; papers: Paper[] }>;
  /**
   * The full records of the papers the tab's page at `url` shows (only `ids` when given), read by its content
   * script; rejects when the tab no longer shows that page.
   */
  readPapers(tabId: number, url: string, ids?: string[]): Promise<Paper[]>;
  /** Counts the tab's navigations: a report made for an earlier document of the tab is not remembered. */
  navigation(tabId: number): number;
  /** Told after every write to the library (the index follows the change log; this wakes it). */
  libraryChanged?(): void;
}

/** What the background answers itself; the library index answers the rest. */
export type ClipperRequestType = Exclude<RequestType, IndexRequestType>;

type Handlers = {
  [K in ClipperRequestType]: (message: Message<K>, senderTabId?: number) => Promise<Requests[K]['response']>;
};

/** Papers per transaction in a bulk clip: quick, yet a smooth progress bar. */
const BULK_BATCH = 50;

export function createClipper(deps: ClipperDeps) {
  const { db, tabs } = deps;
  const running = new Map<number, Promise<void>>();

  async function tabState(tabId: number): Promise<TabState> {
    const [page, bulk] = await Promise.all([tabs.get(tabId), deps.bulk.get(tabId)]);
    if (!page) return { papers: [], savedIds: [], ...(bulk ? { bulk } : {}) };
    if (page.listing) {
      const saved = await savedIds(db, page.listing);
      await deps.showSaved(tabId, saved.length, page.listing.length, page.related);
      return {
        url: page.url,
        papers: [],
        savedIds: saved,
        listing: { count: page.listing.length },
        ...(bulk?.url === page.url ? { bulk } : {}),
      };
    }
    // A saved paper shows as the library holds it with this page folded in: a PDF tab shows its title.
    const stored = await db.papers.bulkGet(page.papers.map((p) => p.id));
    const papers = page.papers.map((paper, i) => {
      const known = stored[i];
      return known ? mergePaper(known, paper) : paper;
    });
    const ids = papers.filter((_, i) => stored[i]).map((p) => p.id);
    const removed = await removedIds(
      db,
      papers.filter((_, i) => !stored[i]).map((p) => p.id),
    );
    await deps.showSaved(tabId, ids.length, papers.length, page.related);
    return { url: page.url, papers, savedIds: ids, ...(removed.length > 0 ? { removedIds: removed } : {}) };
  }

  async function save(papers: Paper[], mode: SaveMode) {
    const written = await savePapers(db, papers, Date.now(), mode);
    if (written.length > 0) deps.libraryChanged?.();
    return written;
  }

  /** Tells the index after any change the reader makes. */
  function changed<T>(result: T[]): T[] {
    if (result.length > 0) deps.libraryChanged?.();
    return result;
  }

  /** A paper page: saves its papers when asked to (or on visit), refreshes them when already saved. */
  async function seePaperPage(
    tabId: number | undefined,
    navigation: number,
    url: string,
    papers: Paper[],
    mode: SaveMode,
  ) {
    await save(papers, mode);
    const ids = await savedIds(
      db,
      papers.map((p) => p.id),
    );
    // The tab moved on while this report was handled: what it said is saved, but not pinned on the new page.
    if (tabId === undefined || deps.navigation(tabId) !== navigation) return { savedIds: ids };
    await tabs.set(tabId, { url, papers });
    const state = await tabState(tabId);
    // Nothing saved: the badge tells how many saved papers are close to it, once the index has said.
    if (ids.length === 0 && papers.length > 0)
      void closeTo(papers[0] as Paper)
        .then(({ items, status }) => {
          if (!status) return noteRelated(tabId, navigation, url, items.length);
        })
        .catch(() => {});
    return state;
  }

  /** The saved papers closely related to `paper`, best first; `status` while the index is not ready. */
  async function closeTo(paper: Paper): Promise<{ items: RelatedHit[]; status?: IndexStatus }> {
    if (!deps.related) return { items: [] };
    const { items, status } = await deps.related(relatedFields(paper), PAGE_RELATED_K);
    return status.state === 'ready' ? { items: closeHits(items) } : { items: [], status };
  }

  /** Keeps the number of close papers beside the tab's page (still the same page) and shows it. */
  async function noteRelated(tabId: number, navigation: number, url: string, related: number) {
    const page = await tabs.get(tabId);
    if (deps.navigation(tabId) !== navigation || page?.url !== url || page.related === related) return;
    await tabs.set(tabId, { ...page, related });
    await tabState(tabId);
  }

  /** The tab's page as reported, if it still is the page at `url`. */
  async function shownPage(tabId: number | undefined, url: string): Promise<TabPage | undefined> {
    const page = tabId === undefined ? undefined : await tabs.get(tabId);
    return page?.url === url ? page : undefined;
  }

  /** Which of `ids` are saved, read from the primary key index alone; in the order of `ids`. */
  async function savedKeys(ids: string[]): Promise<string[]> {
    const found = new Set(await db.papers.where(':id').anyOf(ids).primaryKeys());
    return ids.filter((id) => found.has(id));
  }

  /**
   * Unsaved entries of a listing closely related to the library: the best match of each, one at a time.
   * Undefined while the index is not ready.
   */
  async function listingRelated(entries: RelatedPaper[]): Promise<ListingRelated[] | undefined> {
    const saved = new Set(
      await savedIds(
        db,
        entries.map((entry) => entry.id),
      ),
    );
    const related: ListingRelated[] = [];
    for (const entry of entries) {
      if (saved.has(entry.id) || !deps.related) continue;
      const { items, status } = await deps.related(relatedFields(entry), 1);
      if (status.state !== 'ready') return undefined;
      const [match] = items;
      if (match && isClose(match.reason)) related.push({ id: entry.id, match });
    }
    return related;
  }

  /** A listing: remembers its ids; its saved papers are refreshed from the page, never clipped on visit. */
  async function seeListing(tabId: number | undefined, navigation: number, url: string, ids: string[]) {
    const saved = await savedIds(db, ids);
    if (tabId === undefined) return { savedIds: saved };
    if (saved.length > 0) {
      // A newer version or new links on the listing update the saved records; a failure only skips that.
      deps
        .readPapers(tabId, url, saved)
        .then((papers) => save(papers, 'refresh'))
        .catch(() => {});
    }
    if (deps.navigation(tabId) !== navigation) return { savedIds: saved };
    await tabs.set(tabId, { url, papers: [], listing: ids });
    return tabState(tabId);
  }

  /** Clips every paper of the listing in the tab, resuming a job stopped half-way. */
  function runBulk(tabId: number): Promise<void> {
    const known = running.get(tabId);
    if (known) return known;
    const run = (async () => {
      const job = await deps.bulk.get(tabId);
      if (job?.state !== 'running') return;
      try {
        const papers = await deps.readPapers(tabId, job.url);
        job.total = papers.length;
        for (let at = job.done; at < papers.length; at += BULK_BATCH) {
          // Papers the reader removed stay removed: clipping a whole listing is not asking for each of them.
          await save(papers.slice(at, at + BULK_BATCH), 'visit');
          job.done = Math.min(at + BULK_BATCH, papers.length);
          await deps.bulk.set(tabId, job);
        }
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        job.error =
          `${(error as Error)?.message ?? String(error)} ` +
          `${job.done} of ${job.total} papers were clipped; open the listing again to clip the rest.`;
      }
      await deps.bulk.set(tabId, job);
      await tabState(tabId).catch(() => {});
    })().finally(() => running.delete(tabId));
    running.set(tabId, run);
    return run;
  }

  const handlers: Handlers = {
    'page-papers': async ({ url, papers = [], listing }, tabId) => {
      // The tab's navigation when the report arrived: by the time it is handled, the tab may have moved on.
      const navigation = tabId === undefined ? 0 : deps.navigation(tabId);
      const settings = await deps.settings.get();
      const onPage = onPageSettings(settings);
      if (listing) return { ...(await seeListing(tabId, navigation, url, listing)), onPage };
      const mode = settings.autoClip ? 'visit' : 'refresh';
      return { ...(await seePaperPage(tabId, navigation, url, papers, mode)), onPage };
    },
    'page-saved': async ({ ids }) => ({
      // Keys only: a listing's marks need no records (2,000 saved abstracts would take a while to read).
      savedIds: await savedKeys(ids),
      onPage: onPageSettings(await deps.settings.get()),
    }),
    // The content script's own clips: only what its tab reported, and only while the tab still shows it.
    'clip-entry': async ({ url, paper }, tabId) => {
      const page = await shownPage(tabId, url);
      if (!page?.listing?.includes(paper.id) || !isListing([paper]))
        throw new Error(
          'This entry is not one the listing in this tab showed: reload the page and try again.',
        );
      await save([paper], 'request');
      await tabState(tabId as number);
      return { savedIds: [paper.id] };
    },
    'clip-shown': async ({ url }, tabId) => {
      if (!(await shownPage(tabId, url)))
        throw new Error('This tab shows another page now: reload the page and try again.');
      return handlers.clip({ type: 'clip', tabId: tabId as number });
    },
    'page-related': async ({ url }, tabId) => {
      const page = await shownPage(tabId, url);
      const paper = page?.listing ? undefined : page?.papers[0];
      if (!paper) return { saved: false, items: [], links: [] };
      const stored = await db.papers.get(paper.id);
      const shown = stored ? mergePaper(stored, paper) : paper;
      const { items, status } = await closeTo(shown);
      return { saved: stored !== undefined, items, links: shown.links ?? [], ...(status ? { status } : {}) };
    },
    'listing-related': async ({ url, papers }, tabId) => {
      const navigation = tabId === undefined ? 0 : deps.navigation(tabId);
      const page = await shownPage(tabId, url);
      const listed = new Set(page?.listing ?? []);
      const related = await listingRelated(
        papers.filter((paper) => listed.has(paper.id)).slice(0, LISTING_RELATED_MAX),
      );
      if (related && tabId !== undefined) await noteRelated(tabId, navigation, url, related.length);
      return { related: related ?? [] };
    },
    'clip-link': async ({ url }) => {
      const paper = paperFromLink(url);
      if (!paper) throw new Error('This link is not to an arXiv or Hugging Face paper.');
      await save([paper], 'request');
      return { savedIds: [paper.id] };
    },
    'clip-page': async ({ tabId }) => {
      const navigation = deps.navigation(tabId);
      const { url, papers } = await deps.readPage(tabId);
      return (await seePaperPage(tabId, navigation, url, papers, 'request')) as TabState;
    },
    'tab-state': ({ tabId }) => tabState(tabId),
    // What the page said, as the tab's memory holds it: never a record merged with the library.
    clip: async ({ tabId, ids }) => {
      const page = await tabs.get(tabId);
      const papers = (page?.papers ?? []).filter((paper) => !ids || ids.includes(paper.id));
      if (papers.length === 0)
        throw new Error('This tab shows no paper to clip: reload the page and try again.');
      await save(papers, 'request');
      await tabState(tabId);
      return { savedIds: papers.map((p) => p.id) };
    },
    'clip-all': async ({ tabId }) => {
      const page = await tabs.get(tabId);
      if (!page?.listing)
        throw new Error('This tab shows no listing to clip: reload the page and try again.');
      const current = await deps.bulk.get(tabId);
      if (current?.state === 'running' && current.url === page.url) return current;
      const job: BulkClip = { url: page.url, tabId, state: 'running', done: 0, total: page.listing.length };
      await deps.bulk.set(tabId, job);
      void runBulk(tabId);
      return job;
    },
    unclip: async ({ id, tabId }) => {
      const removed = changed(await removePapers(db, [id])).length > 0;
      if (tabId !== undefined) await tabState(tabId);
      return { removed };
    },
    remove: async ({ ids }) => ({ removed: changed(await removePapers(db, ids)) }),
    'undo-remove': async ({ ids, tabId }) => {
      const restored = changed(await restorePapers(db, ids));
      if (tabId !== undefined) await tabState(tabId);
      return { restored };
    },
    'edit-papers': async ({ ids, edit }) => ({
      changed: changed(await editPapers(db, ids, edit)).map((paper) => paper.id),
    }),
    recent: ({ limit }) => recentPapers(db, limit),
    'get-settings': () => deps.settings.get(),
    'set-settings': ({ type: _type, ...patch }) => deps.settings.set(patch),
  };

  return {
    /** Routes one message; rejects with a readable error for an unknown type. */
    handle<K extends ClipperRequestType>(
      message: Message<K>,
      senderTabId?: number,
    ): Promise<Requests[K]['response']> {
      // Own keys only: `constructor` or `hasOwnProperty` is an unknown type, not an inherited function.
      const handler = (Object.hasOwn(handlers, message?.type) ? handlers[message.type] : undefined) as
        | Handlers[K]
        | undefined;
      if (!handler) return Promise.reject(new Error(`Unknown message type: ${String(message?.type)}`));
      return handler(message, senderTabId);
    },
    /**
     * "Clip the current paper" (the keyboard shortcut): the paper the tab's page reported, else whatever paper
     * the page holds, read on request (the shortcut grants activeTab). A listing is not one paper.
     */
    async clipTab(tabId: number): Promise<{ savedIds: string[] }> {
      const page = await tabs.get(tabId);
      if (page?.listing)
        throw new Error(
          'This tab shows a listing: clip its entries beside them, or all of them from the popup.',
        );
      if (page && page.papers.length > 0) return handlers.clip({ type: 'clip', tabId });
      const { savedIds } = await handlers['clip-page']({ type: 'clip-page', tabId });
      return { savedIds };
    },
    /** Resumes the bulk clips a stopped service worker left running (called when it starts). */
    async resumeBulk(): Promise<void> {
      const jobs = await deps.bulk.all();
      await Promise.all(jobs.filter((job) => job.state === 'running').map((job) => runBulk(job.tabId)));
    },
    /** Settles when the tab's bulk clip, if any, is over (tests). */
    bulkSettled: (tabId: number): Promise<void> => running.get(tabId) ?? Promise.resolve(),
  };
}
