import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { type ClipperRequestType, createClipper, type TabPage } from '@/lib/clipper';
import { LibraryDb, lastChange } from '@/lib/db';
import { papersFromUrl } from '@/lib/extract/arxiv-pdf';
import { INDEX_HOST, type IndexHostMessage, isIndexHostNotice, sentFrom } from '@/lib/index-host';
import type { IndexStatus, RelatedHit } from '@/lib/library-index';
import { checkMessage, papersSchema, roleOf } from '@/lib/message-rules';
import {
  type BulkClip,
  INDEX_REQUESTS,
  type IndexRequestType,
  type LibraryChangedNotice,
  type Message,
  type ReadPapersReply,
  type ReadPapersRequest,
  type Reply,
  type RequestType,
  SYNC_REQUESTS,
  type SyncRequestType,
} from '@/lib/messages';
import { paperLinkPatterns } from '@/lib/onpage/link';
import type { Paper } from '@/lib/paper';
import { pdfReading } from '@/lib/pdf-reading';
import { READER_FAILED, readPageError } from '@/lib/read-page-errors';
import { DEFAULT_SETTINGS, type Settings, settingsStore } from '@/lib/settings';
import { workerClient } from '@/lib/worker-client';

const settingsItem = storage.defineItem<Settings>('sync:settings', { fallback: DEFAULT_SETTINGS });
// Session storage outlives a sleeping service worker but not the browser session, like the tabs it describes.
const TAB_PREFIX = 'tab-';
const tabItem = (tabId: number) => storage.defineItem<TabPage>(`session:${TAB_PREFIX}${tabId}`);
const BULK_PREFIX = 'bulk-';
const bulkItem = (tabId: number) => storage.defineItem<BulkClip>(`session:${BULK_PREFIX}${tabId}`);

/** Every per-tab item of session storage under `prefix`, by tab id. */
async function sessionItemsOf<T>(prefix: string): Promise<[tabId: number, item: T][]> {
  return Object.entries(await browser.storage.session.get(null))
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, item]) => [Number(key.slice(prefix.length)), item as T]);
}

/** Writes closer together than this (the batches of a "Clip all") tell the pages once. */
const TELL_PAGES_MS = 150;

/**
 * Tells the content script of every tab showing a page Papershelf read that the library changed, so that
 * its marks and chip show what is saved now (a clip from the popup, a removal in the library page).
 */
function pagesFollowingLibrary(): () => void {
  let pending = false;
  const tell = async () => {
    pending = false;
    const notice: LibraryChangedNotice = { type: 'library-changed' };
    for (const [tabId] of await sessionItemsOf<TabPage>(TAB_PREFIX)) {
      void browser.tabs.sendMessage(tabId, notice).catch(() => {});
    }
  };
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => void tell().catch(() => {}), TELL_PAGES_MS);
  };
}

/** The badge's colours: saved papers, and (when none is saved) the number of closely related ones. */
const SAVED_COLOUR = '#2f7d32';
const RELATED_COLOUR = '#1a5fb4';

type AskIndex = (message: Message<IndexRequestType>) => Promise<Reply<IndexRequestType>>;

const offscreenUrl = () => browser.runtime.getURL('/offscreen.html');

/**
 * The library index runs in a worker. Firefox's background is a page, which starts it itself; Chrome's is a
 * service worker, which cannot, and stops when idle: an offscreen document, which Chrome keeps, starts it.
 * `libraryChanged`: the worker wrote to the library (an import); in Chrome its word comes through the offscreen
 * document (see the message listener).
 */
function connectIndex(libraryChanged: () => void): AskIndex {
  if (typeof Worker === 'function')
    return workerClient(new Worker(browser.runtime.getURL('/index-worker.js')), libraryChanged);
  let creating: Promise<void> | undefined;
  // The document answered the last request: a keystroke need not ask the browser for its contexts again.
  let answering = false;
  async function ensureOffscreen() {
    if (answering) return;
    // A document being created is listed before its script listens: wait for the creation, not the list.
    if (creating) return creating;
    const open = await browser.runtime.getContexts({
      contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
    });
    if (open.length > 0) return;
    creating ??= browser.offscreen
      .createDocument({
        url: offscreenUrl(),
        reasons: [browser.offscreen.Reason.WORKERS],
        justification: 'Runs the library search index in a worker that outlives the popup.',
      })
      .finally(() => {
        creating = undefined;
      });
    await creating;
  }
  return async (message) => {
    // A document that is starting (or closing) may not answer yet: asked again, twice at most.
    for (let attempt = 1; ; attempt++) {
      await ensureOffscreen();
      try {
        const reply = (await browser.runtime.sendMessage({
          target: INDEX_HOST,
          message,
        } satisfies IndexHostMessage)) as Reply<IndexRequestType> | undefined;
        answering = reply !== undefined;
        if (reply) return reply;
        if (attempt >= 3)
          return { ok: false, error: 'The library index is not answering; reload the extension.' };
      } catch (error) {
        answering = false;
        if (attempt >= 3) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  };
}

const isIndexRequest = (message: Message<RequestType>): message is Message<IndexRequestType> =>
  (INDEX_REQUESTS as readonly RequestType[]).includes(message.type);
const isSyncRequest = (message: Message<RequestType>): message is Message<SyncRequestType> =>
  (SYNC_REQUESTS as readonly RequestType[]).includes(message.type);

/** Whether the reader turned sync on: kept here, so that a reader who never did never starts its worker for it. */
const syncOnItem = storage.defineItem<boolean>('local:sync-on', { fallback: false });

/**
 * Sync runs in the library index's worker (lib/sync). When it is on, that worker is started with the browser
 * (Chrome: through the offscreen document), so that changes from other devices arrive with no page open and the
 * service worker asleep; when it is off, sync's status is answered here and nothing starts.
 */
function syncThroughWorker(askIndex: AskIndex) {
  const wake = async () => {
    if (await syncOnItem.getValue()) await askIndex({ type: 'sync-status' }).catch(() => {});
  };
  browser.runtime.onStartup.addListener(() => void wake());
  browser.runtime.onInstalled.addListener(() => void wake());
  return {
    async ask(message: Message<SyncRequestType>): Promise<Reply<SyncRequestType>> {
      const on = await syncOnItem.getValue();
      if (!on && message.type !== 'sync-connect') return { ok: true, value: { state: 'off' } };
      const reply = (await askIndex(message)) as Reply<SyncRequestType>;
      if (reply.ok) await syncOnItem.setValue(reply.value.state !== 'off');
      return reply;
    },
  };
}

/** Storage areas Papershelf can close to content scripts, where the browser lets it (Chrome; Firefox has no such call). */
interface ClosableArea {
  setAccessLevel?(details: { accessLevel: 'TRUSTED_CONTEXTS' }): Promise<void>;
}

export default defineBackground(() => {
  // The settings and the tabs' memory are the extension's own: no content script reads or writes them (a page
  // that compromised its renderer would find nothing to change there).
  for (const area of [browser.storage.sync, browser.storage.local] as ClosableArea[])
    void area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});
  const action = browser.action ?? browser.browserAction;
  const tellPages = pagesFollowingLibrary();
  const askIndex = connectIndex(tellPages);
  const syncing = syncThroughWorker(askIndex);
  // Navigations per tab: a report made for a document the tab has left is not pinned on the next one.
  const navigations = new Map<number, number>();
  const db = new LibraryDb();
  const clipper = createClipper({
    libraryChanged: () => {
      // Keeps the index warm: it would catch up at its next question anyway.
      void askIndex({ type: 'index-sync' }).catch(() => {});
      tellPages();
    },
    db,
    settings: settingsStore(settingsItem),
    tabs: {
      get: async (tabId) => (await tabItem(tabId).getValue()) ?? undefined,
      set: (tabId, page) => tabItem(tabId).setValue(page),
    },
    bulk: {
      get: async (tabId) => (await bulkItem(tabId).getValue()) ?? undefined,
      set: (tabId, job) => bulkItem(tabId).setValue(job),
      all: async () => (await sessionItemsOf<BulkClip>(BULK_PREFIX)).map(([, job]) => job),
    },
    navigation: (tabId) => navigations.get(tabId) ?? 0,
    // The top frame's content script only: the panel's frame and other frames hear nothing.
    tellTab: (tabId, notice) => void browser.tabs.sendMessage(tabId, notice, { frameId: 0 }).catch(() => {}),
    readPapers: async (tabId, url, ids) => {
      const request: ReadPapersRequest = { type: 'read-papers', url, ...(ids ? { ids } : {}) };
      const reply = (await browser.tabs.sendMessage(tabId, request).catch(() => undefined)) as
        | ReadPapersReply
        | undefined;
      if (!reply) throw new Error('The listing is no longer open in its tab.');
      if (!reply.ok) throw new Error(reply.error);
      const checked = v.safeParse(papersSchema, reply.value);
      if (!checked.success) throw new Error('The page sent papers Papershelf cannot read.');
      return checked.output as Paper[];
    },
    related: async (paper, k) => {
      const reply = await askIndex({ type: 'related', paper, k });
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as { items: RelatedHit[]; librarySize: number; status: IndexStatus };
    },
    showSaved: async (tabId, saved, total, related = 0) => {
      // Saved: green, ✓ (or how many of a listing); else how many saved papers are close to it, in blue.
      const showRelated = saved === 0 && related > 0;
      const text = showRelated ? String(related) : saved === 0 ? '' : total > 1 ? String(saved) : '✓';
      // Asked at once, not one after the other: the browser applies them in the order they were made.
      await Promise.all([
        action.setBadgeText({ tabId, text }).catch(() => {}),
        action
          .setBadgeBackgroundColor({ tabId, color: showRelated ? RELATED_COLOUR : SAVED_COLOUR })
          .catch(() => {}),
        action
          .setTitle({
            tabId,
            title:
              saved > 0
                ? `Papershelf: ${saved} of ${total} in your library`
                : showRelated
                  ? `Papershelf: ${related} closely related ${related === 1 ? 'paper' : 'papers'} in your library`
                  : 'Papershelf',
          })
          .catch(() => {}),
      ]);
    },
    readPage: async (tabId) => {
      const [result] = await browser.scripting
        .executeScript({ target: { tabId }, files: ['/clip-page.js'] })
        .catch((error: Error) => {
          throw new Error(readPageError(error?.message ?? String(error)));
        });
      const found = result?.result as { url?: unknown; papers?: unknown } | undefined;
      const papers = v.safeParse(papersSchema, found?.papers);
      // A reader that threw (or was stopped) gives nothing back: the tab keeps what it had.
      if (typeof found?.url !== 'string' || !papers.success) throw new Error(READER_FAILED);
      return { url: found.url, papers: papers.output as Paper[] };
    },
  });

  const extensionOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((raw, rawSender, sendResponse) => {
    if ((raw as Partial<IndexHostMessage>)?.target === INDEX_HOST) return; // for the offscreen document
    if (isIndexHostNotice(raw)) {
      // An import wrote to the library in the index's worker: the tabs are told as after a clip.
      if (sentFrom(rawSender, browser.runtime.id, offscreenUrl())) tellPages();
      return;
    }
    const sender = roleOf(rawSender, browser.runtime.id, extensionOrigin);
    const answer = (async (): Promise<Reply<RequestType>> => {
      const message = checkMessage(raw, sender);
      if (isSyncRequest(message)) return syncing.ask(message);
      if (isIndexRequest(message)) return askIndex(message);
      const from = { tabId: sender?.tabId, url: sender?.url };
      return { ok: true, value: await clipper.handle(message as Message<ClipperRequestType>, from) };
    })();
    answer
      .catch((error: unknown): Reply<RequestType> => {
        const message = (error as Error)?.message ?? String(error);
        // A clip on visit has no popup to say it failed: the toolbar button does.
        if (sender?.role === 'content' && sender.tabId !== undefined) showProblem(sender.tabId, message);
        return { ok: false, error: message };
      })
      .then(sendResponse);
    return true; // the reply is sent asynchronously
  });

  // PDFs have no DOM a content script can read: their paper comes from the tab's URL (visible here thanks to
  // the arxiv.org/pdf host permission), shown once loaded, clipped once the reader has had it in front of them.
  const pdfs = pdfReading({
    inFront: async (tabId) => {
      const tab = await browser.tabs.get(tabId);
      if (!tab.active || tab.status !== 'complete' || !tab.url || papersFromUrl(tab.url).length === 0) return;
      const window = await browser.windows.get(tab.windowId);
      return window.focused ? tab.url : undefined;
    },
    read: (tabId, url) =>
      void clipper
        .seePdf(tabId, url, 'read')
        .catch((error: Error) => showProblem(tabId, `The PDF's paper could not be saved: ${error.message}`)),
  });
  const considerActiveTab = async (windowId: number) => {
    if (windowId === browser.windows.WINDOW_ID_NONE) return;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    if (tab?.id !== undefined) await pdfs.consider(tab.id);
  };
  browser.tabs.onActivated.addListener(({ tabId }) => void pdfs.consider(tabId).catch(() => {}));
  browser.windows.onFocusChanged.addListener((windowId) => void considerActiveTab(windowId).catch(() => {}));

  // A new page in a tab: forget the old one's papers.
  // A page restored from the back/forward cache is reported again by its content script (on `pageshow`).
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const url = change.url ?? tab.url;
    if (change.status === 'complete' && url && papersFromUrl(url).length > 0) {
      clipper
        .seePdf(tabId, url, 'shown')
        .catch((error: Error) => showProblem(tabId, `The PDF's paper could not be read: ${error.message}`));
      void pdfs.consider(tabId).catch(() => {});
    }
    if (change.status !== 'loading') return;
    navigations.set(tabId, (navigations.get(tabId) ?? 0) + 1);
    pdfs.forget(tabId);
    clipper.forgetTab(tabId);
    void tabItem(tabId).removeValue();
    void action.setBadgeText({ tabId, text: '' }).catch(() => {});
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    navigations.delete(tabId);
    pdfs.forget(tabId);
    clipper.forgetTab(tabId);
    void tabItem(tabId).removeValue();
    void bulkItem(tabId).removeValue();
  });

  // A bulk clip the service worker was stopped in the middle of goes on where it was.
  void clipper.resumeBulk();

  // The library index opens as the browser starts, not at its first question: after a restart it reads itself
  // back while the reader finds a paper (Chrome creates the offscreen document now; Firefox's background page
  // has started the worker already). Chromium takes an extension loaded from the command line as installed
  // at each launch, as in the tests and the bench.
  const openIndex = () => {
    void askIndex({ type: 'index-status' }).catch(() => {});
    // After a restart, the browser opens the extension's IndexedDB files at their first read (at 10,000 papers
    // the worker's first read took 100-300 ms, its catch-up waiting behind it): this service worker, up before
    // the offscreen document and its worker, has them opened meanwhile.
    void lastChange(db).catch(() => {});
  };
  browser.runtime.onStartup.addListener(openIndex);
  browser.runtime.onInstalled.addListener(openIndex);

  // Menus outlive a sleeping service worker but not a Firefox restart: made anew at every start.
  void browser.contextMenus.removeAll().then(() => {
    browser.contextMenus.create({
      id: 'clip-page',
      title: 'Clip this page to Papershelf',
      contexts: ['page'],
    });
    browser.contextMenus.create({
      id: 'clip-link',
      title: 'Clip linked paper',
      contexts: ['link'],
      targetUrlPatterns: paperLinkPatterns(),
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === 'clip-link' && info.linkUrl) {
      // The same path as a `clip-link` message (tested through one): read from the link, stored incomplete.
      clipper
        .handle({ type: 'clip-link', url: info.linkUrl })
        .catch((error: Error) => tab?.id !== undefined && showProblem(tab.id, error.message));
      return;
    }
    if (info.menuItemId !== 'clip-page' || tab?.id === undefined) return;
    const tabId = tab.id;
    clipper.handle({ type: 'clip-page', tabId }).then(
      ({ papers }) => papers.length === 0 && showProblem(tabId, 'No paper found on this page.'),
      (error: Error) => showProblem(tabId, error.message),
    );
  });

  // Keyboard shortcuts (manifest `commands`).
  async function runCommand(command: string, tabId?: number): Promise<void> {
    if (command === 'open-library') {
      await browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
      return;
    }
    if (command !== 'clip-paper') return;
    const id = tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (id === undefined) return;
    await clipper.clipTab(id).then(
      ({ savedIds }) => savedIds.length === 0 && showProblem(id, 'No paper found on this page.'),
      (error: Error) => showProblem(id, error.message),
    );
  }
  browser.commands?.onCommand.addListener((command, tab) => void runCommand(command, tab?.id));

  /** What went wrong with a clip started from the page menu, where there is no popup to say it. */
  function showProblem(tabId: number, message: string) {
    void action.setBadgeText({ tabId, text: '!' }).catch(() => {});
    void action.setBadgeBackgroundColor({ tabId, color: '#b00020' }).catch(() => {});
    void action.setTitle({ tabId, title: `Papershelf: ${message}` }).catch(() => {});
  }
});
