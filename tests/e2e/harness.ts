/**
 * Drives the built extension (.output/chrome-mv3) in real Chromium with playwright-core. Fixture pages are
 * served at their real URLs through `context.route`, so the content script runs on them as on the live site.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import type { StoredPaper } from '../../lib/db';
import type { Reply, TabState } from '../../lib/messages';
import { type CdpSend, cdpInPage, cdpInRoots, centreOf, type InRoots, settledCentre } from './page-world';

// The extension's own `chrome` global, inside the worker that `worker.evaluate` runs in.
declare const chrome: typeof import('wxt/browser').browser;

/** The built extension; $PAPERSHELF_EXTENSION names a copy (another build in the same tree cannot swap it mid-run). */
export const EXTENSION = resolve(process.env.PAPERSHELF_EXTENSION || '.output/chrome-mv3');
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to drive: $CHROMIUM_PATH, else a system one. Fails loudly: end-to-end tests never skip. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install one (`apt-get install chromium`) or set CHROMIUM_PATH.',
    );
  }
  return path;
}

/** Chromium's flags for a test run; the last lets the DevTools protocol click the toolbar button
 * (`Extensions.triggerAction`). Shared with tests/e2e-both. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-extension-debugging',
];

export interface Browser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Chromium's DevTools port, for what the page-level API cannot do (clicking the toolbar button). */
  debugPort: number;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export interface LaunchOptions {
  /** Keep Chromium's back/forward cache on (Playwright turns it off by default). */
  backForwardCache?: boolean;
}

export async function launch(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error('No built extension in .output/chrome-mv3: run `npm run build` first.');
  }
  const profile = mkdtempSync(join(tmpdir(), 'papershelf-e2e-'));
  const debugPort = await freePort();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      ...CHROMIUM_FLAGS,
      `--remote-debugging-port=${debugPort}`,
    ],
  });
  // Nothing leaves the machine: every request not served from a fixture gets a 404 here.
  await context.route(/^https?:\/\//, (route) => route.fulfill({ status: 404, body: 'not served in tests' }));
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    debugPort,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves `file` (from tests/fixtures) as the HTML of `url`, with HTTP `status` (arXiv's error pages are 404s). */
export async function serve(context: BrowserContext, url: string, file: string, status = 200): Promise<void> {
  const body = readFileSync(resolve('tests/fixtures', file));
  await context.route(url, (route) =>
    route.fulfill({ status, contentType: 'text/html; charset=utf-8', body }),
  );
}

/** Serves a tiny HTML page at `url`. */
export async function serveHtml(context: BrowserContext, url: string, html: string): Promise<void> {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
}

/**
 * Every record of `store` in the extension's library database, read with the raw IndexedDB API. Runs inside
 * the extension (`worker.evaluate(readTable, 'papers')`, or a page's): it must stay self-contained.
 */
export function readTable(store: string): Promise<unknown[]> {
  return new Promise<unknown[]>((done, fail) => {
    const open = indexedDB.open('papershelf');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        done([]);
        return;
      }
      const all = db.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => {
        db.close();
        done(all.result);
      };
      all.onerror = () => fail(all.error);
    };
  });
}

/** Every record in the extension's IndexedDB library, read in its worker. */
export function libraryRecords(worker: Worker): Promise<StoredPaper[]> {
  return worker.evaluate(readTable, 'papers') as Promise<StoredPaper[]>;
}

/** Polls until `check` returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting${last ? `: ${String(last)}` : ''}`);
}

/** Opens `url` in a new tab and returns the page and the browser's id for that tab. */
export async function openTab(browser: Browser, url: string): Promise<{ page: Page; tabId: number }> {
  // Tab URLs are hidden from an extension without permission for the site: tell the new tab by its id.
  const tabIds = () =>
    browser.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id ?? -1));
  const before = new Set(await tabIds());
  const page = await browser.context.newPage();
  const tabId = await eventually(async () => (await tabIds()).find((id) => !before.has(id)));
  await page.goto(url);
  return { page, tabId };
}

/** The popup for tab `tabId`, opened as a page (`popup.html?tabId=N`). */
export async function openPopup(browser: Browser, tabId: number): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

/**
 * Waits until the content script in tab `tabId` has reported the page at `url` to the background, and returns
 * what the background then holds for the tab, asked for as the popup asks ('tab-state').
 */
export async function reportedTabState(browser: Browser, tabId: number, url: string): Promise<TabState> {
  const popup = await openPopup(browser, tabId);
  let held: string | undefined;
  try {
    return await eventually(async () => {
      const reply = (await popup.evaluate(
        (id) => chrome.runtime.sendMessage({ type: 'tab-state', tabId: id }),
        tabId,
      )) as Reply<'tab-state'>;
      held = reply.ok ? (reply.value.url ?? 'no page') : reply.error;
      return reply.ok && reply.value.url === url && reply.value;
    });
  } catch {
    throw new Error(`The content script never reported ${url} (the background holds: ${held})`);
  } finally {
    await popup.close();
  }
}

export function badgeText(browser: Browser, tabId: number): Promise<string> {
  return browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/**
 * Clicks the extension's toolbar button on the tab showing `url`, as a person would: this is what grants
 * `activeTab` for that tab ("Clip this page" on a site the extension has no permission for).
 */
export async function clickToolbarButton(browser: Browser, url: string): Promise<void> {
  const remote = await chromium.connectOverCDP(`http://127.0.0.1:${browser.debugPort}`);
  try {
    const cdp = await remote.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
    const tab = targetInfos.find((t) => t.type === 'tab' && t.url === url);
    if (!tab) throw new Error(`No tab shows ${url}`);
    await cdp.send('Extensions.triggerAction', { id: browser.extensionId, targetId: tab.targetId });
  } finally {
    await remote.close();
  }
}

/**
 * The saved 3-entry /new listing grown to `count` entries: its first entry repeated under new ids
 * (2609.30000, 2609.30001, ... from `first`), each id changed everywhere the entry names it.
 */
export function bigListing(count: number, first = 30000): string {
  const html = readFileSync(
    'tests/fixtures/arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
    'utf8',
  );
  const start = html.indexOf('<dt>');
  const end = html.indexOf('</dd>', start) + '</dd>'.length;
  const entry = html.slice(start, end);
  const entries = Array.from({ length: count }, (_, i) =>
    entry.replaceAll('2609.22268', `2609.${String(first + i)}`),
  ).join('\n');
  const close = html.indexOf('</dl>');
  return `${html.slice(0, start)}${entries}${html.slice(close)}`;
}

/**
 * Runs `expression` in the world of the extension's content script on `page` (found through the DevTools
 * protocol): what a content script, compromised or not, can send from there.
 */
export async function inContentScript(browser: Browser, page: Page, expression: string): Promise<unknown> {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const world = await eventually(async () =>
      contexts.find(
        (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${browser.extensionId}`,
      ),
    );
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

/** The library page, opened in a new tab. */
export async function openLibrary(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
  return page;
}

/**
 * Imports `file` on the library page and resolves to how the import ended: its state and message, read once
 * the message is a new one and its state final (a message left by an earlier import is not this one's).
 */
export async function importFile(
  page: Page,
  file: string,
): Promise<{ state: string | null; text: string | null }> {
  const message = page.getByTestId('import-message');
  const before = (await message.count()) > 0 ? await message.textContent() : null;
  await page.getByTestId('import-input').setInputFiles(file);
  return eventually(async () => {
    const [state, text] = await Promise.all([message.getAttribute('data-state'), message.textContent()]);
    return ['done', 'failed', 'cancelled'].includes(state ?? '') && text !== before && { state, text };
  }, 30_000);
}

/** What watchMarks notes in a page, on its clock (`performance.now()`). */
export interface MarksSeen {
  firstMark: number;
  lastMark: number;
  marks: number;
  /** The page's thread free again after DOMContentLoaded (a task queued then has run: the page laid out). */
  free: number;
}

/**
 * For `addInitScript`, before a page's own scripts: notes in `window.papershelfSeen` (MarksSeen) when the first
 * and the last mark hosts were added, how many, and when the page was ready. Self-contained: it runs in the page.
 */
export function watchMarks(): void {
  const seen: MarksSeen = { firstMark: -1, lastMark: -1, marks: 0, free: -1 };
  (window as unknown as { papershelfSeen: MarksSeen }).papershelfSeen = seen;
  document.addEventListener('DOMContentLoaded', () => {
    setTimeout(() => {
      seen.free = performance.now();
    });
  });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && node.getAttribute('data-papershelf') === 'mark') {
          seen.lastMark = performance.now();
          if (seen.marks++ === 0) seen.firstMark = seen.lastMark;
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

/**
 * Runs `fn(roots, arg)` in the page's main world with the shadow roots, closed ones included, of the elements
 * `hostSelector` matches (over the DevTools protocol: tests/e2e/page-world.ts).
 */
export async function inRoots<A, T>(page: Page, hostSelector: string, fn: InRoots<A, T>, arg: A): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await cdpInRoots(cdp.send.bind(cdp) as CdpSend, hostSelector, fn, arg);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Runs `fn(arg)` in the page's main world as the page's own scripts run: no user gesture. */
export async function inPage<A, T>(page: Page, fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await cdpInPage(cdp.send.bind(cdp) as CdpSend, fn, arg);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Clicks, with the mouse (a person's click), `inner` inside the view of the first host `hostSelector` matches. */
export async function clickInView(page: Page, hostSelector: string, inner: string): Promise<void> {
  await page.bringToFront();
  const at = await eventually(() => settledCentre(() => inRoots(page, hostSelector, centreOf, inner)));
  await page.mouse.click(at.x, at.y);
}
