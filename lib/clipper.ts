/**
 * The background's message handling, free of browser APIs: the entrypoint hands in the database, the
 * settings store, the per-tab memory and the badge, and routes every message here.
 */
import type { LibraryDb } from './db';
import { recentPapers, refreshSaved, removePaper, savedIds, savePapers } from './library';
import { mergePaper } from './merge';
import type { IndexRequestType, Message, Requests, RequestType, TabState } from './messages';
import { isListing, type Paper } from './paper';
import type { Settings } from './settings';

/** What the background remembers about each tab: the papers its page holds. */
export interface TabMemory {
  get(tabId: number): Promise<{ url: string; papers: Paper[] } | undefined>;
  set(tabId: number, page: { url: string; papers: Paper[] }): Promise<void>;
}

export interface ClipperDeps {
  db: LibraryDb;
  settings: { get(): Promise<Settings>; set(patch: Partial<Settings>): Promise<Settings> };
  tabs: TabMemory;
  /** Shows on the toolbar how many of the tab's papers are in the library. */
  showSaved(tabId: number, saved: number, total: number): Promise<void> | void;
  /** Reads the page in the tab with the generic extractor (activeTab); resolves to what it found. */
  readPage(tabId: number): Promise<{ url: string; papers: Paper[] }>;
  /** Told after every write to the library (the index follows the change log; this wakes it). */
  libraryChanged?(): void;
}

/** What the background answers itself; the library index answers the rest. */
export type ClipperRequestType = Exclude<RequestType, IndexRequestType>;

type Handlers = {
  [K in ClipperRequestType]: (message: Message<K>, senderTabId?: number) => Promise<Requests[K]['response']>;
};

export function createClipper(deps: ClipperDeps) {
  const { db, tabs } = deps;

  async function tabState(tabId: number): Promise<TabState> {
    const page = await tabs.get(tabId);
    if (!page) return { papers: [], savedIds: [] };
    // A saved paper shows as the library holds it with this page folded in: a PDF tab shows its title.
    const stored = await db.papers.bulkGet(page.papers.map((p) => p.id));
    const papers = page.papers.map((paper, i) => {
      const known = stored[i];
      return known ? mergePaper(known, paper) : paper;
    });
    const ids = papers.filter((_, i) => stored[i]).map((p) => p.id);
    await deps.showSaved(tabId, ids.length, papers.length);
    return { url: page.url, papers, savedIds: ids };
  }

  /** Remembers the tab's papers, saves them when asked to (or on visit), refreshes them when already saved. */
  async function seePage(tabId: number | undefined, url: string, papers: Paper[], save: boolean) {
    const written = save ? await savePapers(db, papers) : await refreshSaved(db, papers);
    if (written.length > 0) deps.libraryChanged?.();
    if (tabId === undefined)
      return {
        savedIds: await savedIds(
          db,
          papers.map((p) => p.id),
        ),
      };
    await tabs.set(tabId, { url, papers });
    return tabState(tabId);
  }

  const handlers: Handlers = {
    'page-papers': async ({ url, papers }, tabId) => {
      const { autoClip } = await deps.settings.get();
      return seePage(tabId, url, papers, autoClip && papers.length > 0 && !isListing(papers));
    },
    'clip-page': async ({ tabId }) => {
      const { url, papers } = await deps.readPage(tabId);
      return (await seePage(tabId, url, papers, true)) as TabState;
    },
    'tab-state': ({ tabId }) => tabState(tabId),
    clip: async ({ papers, tabId }) => {
      await savePapers(db, papers);
      deps.libraryChanged?.();
      if (tabId !== undefined) await tabState(tabId);
      return { savedIds: papers.map((p) => p.id) };
    },
    unclip: async ({ id, tabId }) => {
      const removed = await removePaper(db, id);
      if (removed) deps.libraryChanged?.();
      if (tabId !== undefined) await tabState(tabId);
      return { removed };
    },
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
  };
}
