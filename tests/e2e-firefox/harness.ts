/**
 * Drives the built Firefox extension (.output/firefox-mv2) in real headless Firefox with puppeteer-core over
 * WebDriver BiDi (Playwright cannot drive a stock Firefox). The add-on is installed as a temporary add-on with
 * a fixed moz-extension host, and fixture pages are served at their real https URLs by request interception,
 * so the content script runs on them as on the live site. Nothing else leaves the machine: every request not
 * served from a fixture gets a 404, and a proxy on a closed port catches what interception does not see.
 *
 * The helpers mirror tests/e2e/harness.ts (Chromium) so that a flow reads the same in both suites.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type HTTPRequest, type Page, type Browser as Puppeteer } from 'puppeteer-core';
import type { StoredPaper } from '../../lib/db';
import type { Reply, TabState } from '../../lib/messages';
import { eventually } from '../e2e/harness';

export { eventually };

// The extension's own `browser` global, inside the extension pages that `page.evaluate` runs in.
declare const browser: typeof import('wxt/browser').browser;

const EXTENSION = resolve('.output/firefox-mv2');
const GECKO_ID = 'papershelf@papershelf.dev';
/** The moz-extension host, fixed through `extensions.webextensions.uuids` (random per profile otherwise). */
export const EXTENSION_HOST = '5e0b7c1a-4a2f-4d3b-9c8e-7f1a2b3c4d5e';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_HOST}`;
const OPTIONS_URL = `${EXTENSION_ORIGIN}/options.html`;
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

/** The Firefox to drive: $FIREFOX_PATH, else a system one. Fails loudly: end-to-end tests never skip. */
export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(
      'No Firefox found for the end-to-end tests. Install one (`apt-get install firefox-esr`) or set FIREFOX_PATH.',
    );
  }
  return path;
}

interface Route {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface Browser {
  puppeteer: Puppeteer;
  /** An extension page kept open to read the library and ask the extension's APIs (as Chromium's worker). */
  ext: Page;
  routes: Map<string, Route>;
  close(): Promise<void>;
}

const intercepted = new WeakSet<Page>();

/** Answers every http(s) request of `page` from the fixtures, 404 for anything else. */
async function intercept(page: Page, routes: Map<string, Route>): Promise<void> {
  if (intercepted.has(page)) return;
  intercepted.add(page);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    // Extension, data and about: requests are not the network's: answering one throws.
    if (!/^https?:/.test(url)) {
      request.continue().catch(() => {});
      return;
    }
    const route = routes.get(url) ?? {
      status: 404,
      contentType: 'text/plain',
      body: Buffer.from('not served in tests'),
    };
    request.respond(route).catch(() => {});
  });
}

export async function launch(): Promise<Browser> {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error('No built extension in .output/firefox-mv2: run `npx wxt build -b firefox` first.');
  }
  const profile = mkdtempSync(join(tmpdir(), 'papershelf-e2e-firefox-'));
  const instance = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    protocolTimeout: 30_000,
    // The browser window's own scope: where the toolbar button and the page menu are (see clickToolbarButton).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_HOST }),
      'dom.security.https_only_mode': false,
      'dom.security.https_first': false,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'remote.system-access-check.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const routes = new Map<string, Route>();
  // Tabs the extension opens (the library, a search result) are served like the ones a test opens.
  instance.on('targetcreated', (target) => {
    void target
      .page()
      .then((page) => page && intercept(page, routes))
      .catch(() => {});
  });
  await instance.installExtension(EXTENSION);
  const ext = await openExtensionPage({ puppeteer: instance, routes } as Browser, 'options.html');
  return {
    puppeteer: instance,
    ext,
    routes,
    close: async () => {
      await instance.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves `file` (from tests/fixtures) as the HTML of `url`, with HTTP `status` (arXiv's error pages are 404s). */
export function serve(ff: Browser, url: string, file: string, status = 200): void {
  const body = readFileSync(resolve('tests/fixtures', file));
  ff.routes.set(url, { status, contentType: 'text/html; charset=utf-8', body });
}

/** Serves `body` at `url` as `contentType`. */
export function serveBody(ff: Browser, url: string, contentType: string, body: string | Buffer): void {
  ff.routes.set(url, { status: 200, contentType, body: Buffer.from(body) });
}

/** Serves a tiny HTML page at `url`. */
export function serveHtml(ff: Browser, url: string, html: string): void {
  serveBody(ff, url, 'text/html', html);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new tab whose requests are served from the fixtures. */
export async function newPage(ff: Browser): Promise<Page> {
  const page = await ff.puppeteer.newPage();
  await intercept(page, ff.routes);
  return page;
}

/**
 * Opens an extension page (`path` under the moz-extension origin). Firefox reports no navigation events into
 * the extension's process, so `goto` never resolves there: start it, then wait until the page has loaded.
 */
export async function openExtensionPage(ff: Browser, path: string, page?: Page, ms = 15_000): Promise<Page> {
  const tab = page ?? (await ff.puppeteer.newPage());
  const url = `${EXTENSION_ORIGIN}/${path}`;
  void tab.goto(url, { timeout: 0 }).catch(() => {});
  await waitForExtensionPage(tab, url, ms);
  return tab;
}

/** Waits until `page` shows the extension page `url`, loaded. */
export async function waitForExtensionPage(page: Page, url: string | RegExp, ms = 15_000): Promise<void> {
  await eventually(async () => {
    const { href, state } = await page.evaluate(() => ({ href: location.href, state: document.readyState }));
    return (typeof url === 'string' ? href === url : url.test(href)) && state === 'complete';
  }, ms);
}

/**
 * Reloads the add-on (`runtime.reload()`): Firefox closes its pages, unloads the background page with the index
 * worker it started, and starts both anew, at the same moz-extension host. `ff.ext` is then opened again.
 */
export async function reloadExtension(ff: Browser): Promise<void> {
  const old = ff.ext;
  await old.evaluate(() => browser.runtime.reload()).catch(() => {});
  // Gone: the tab closed, or it shows no extension page any more.
  await eventually(
    async () =>
      old.isClosed() || (await old.evaluate(() => location.href).catch(() => 'gone')) !== OPTIONS_URL,
  );
  ff.ext = await eventually(async () => {
    const page = await ff.puppeteer.newPage();
    try {
      return await openExtensionPage(ff, 'options.html', page, 3_000);
    } catch (error) {
      await page.close().catch(() => {});
      throw error;
    }
  }, 20_000);
  if (!old.isClosed()) await old.close().catch(() => {});
}

/** Every tab's id, as the extension sees them. */
const tabIds = (ff: Browser) =>
  ff.ext.evaluate(async () => (await browser.tabs.query({})).map((t) => t.id ?? -1));

/** Opens `url` in a new tab and returns the page and the browser's id for that tab. */
export async function openTab(ff: Browser, url: string): Promise<{ page: Page; tabId: number }> {
  const before = new Set(await tabIds(ff));
  const page = await newPage(ff);
  const tabId = await eventually(async () => (await tabIds(ff)).find((id) => !before.has(id)));
  await page.goto(url);
  return { page, tabId };
}

/** The popup for tab `tabId`, opened as a page (`popup.html?tabId=N`). */
export function openPopup(ff: Browser, tabId: number): Promise<Page> {
  return openExtensionPage(ff, `popup.html?tabId=${tabId}`);
}

/** Every record in the extension's IndexedDB library, read with the raw IndexedDB API in an extension page. */
export function libraryRecords(ff: Browser): Promise<StoredPaper[]> {
  return ff.ext.evaluate(
    () =>
      new Promise<StoredPaper[]>((done, fail) => {
        const open = indexedDB.open('papershelf');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('papers')) {
            db.close();
            done([]);
            return;
          }
          const all = db.transaction('papers').objectStore('papers').getAll();
          all.onsuccess = () => {
            db.close();
            done(all.result as StoredPaper[]);
          };
          all.onerror = () => fail(all.error);
        };
      }),
  );
}

/** Sends `message` to the background as an extension page does. */
export function sendMessage<T = unknown>(ff: Browser, message: object): Promise<T> {
  return ff.ext.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<T>;
}

/**
 * Waits until the content script in tab `tabId` has reported the page at `url` to the background, and returns
 * what the background then holds for the tab, asked for as the popup asks ('tab-state').
 */
export async function reportedTabState(ff: Browser, tabId: number, url: string): Promise<TabState> {
  let held: string | undefined;
  try {
    return await eventually(async () => {
      const reply = await sendMessage<Reply<'tab-state'>>(ff, { type: 'tab-state', tabId });
      held = reply.ok ? (reply.value.url ?? 'no page') : reply.error;
      return reply.ok && reply.value.url === url && reply.value;
    });
  } catch {
    throw new Error(`The content script never reported ${url} (the background holds: ${held})`);
  }
}

/** Firefox's `browserAction`, promise-based (wxt's types are Chrome's, whose getters take a callback). */
export interface BrowserAction {
  getBadgeText(details: { tabId: number }): Promise<string>;
  getTitle(details: { tabId: number }): Promise<string>;
}

/** The toolbar button's badge on tab `tabId` (MV2: `browserAction`, which Firefox keeps for MV2 add-ons). */
export function badgeText(ff: Browser, tabId: number): Promise<string> {
  return ff.ext.evaluate(
    (id) => (browser.browserAction as unknown as BrowserAction).getBadgeText({ tabId: id }),
    tabId,
  );
}

/** Runs `expression` in the browser window's own (chrome) scope, where the toolbar and menus live. */
async function inBrowserWindow(ff: Browser, expression: string): Promise<unknown> {
  const bidi = (
    ff.puppeteer as unknown as {
      connection: { send(method: string, params: object): Promise<{ result: Record<string, unknown> }> };
    }
  ).connection;
  const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const [window] = tree.result.contexts as { context: string; url: string }[];
  // Firefox 140 ignores `moz:scope` and lists the tabs: it has no way into the browser window over BiDi.
  if (window?.url !== 'chrome://browser/content/browser.xhtml') {
    throw new Error(
      `This Firefox (${await ff.puppeteer.version()}) gives WebDriver BiDi no access to the browser window ` +
        '(`moz:scope: "chrome"`, which 153 ESR has and 140 ESR lacks): the toolbar button and the page menu ' +
        'cannot be clicked from a test.',
    );
  }
  const { result } = await bidi.send('script.evaluate', {
    expression,
    target: { context: window.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (result.type === 'exception') {
    throw new Error(`In the browser window: ${JSON.stringify(result.exceptionDetails)}`);
  }
  return (result.result as { value?: unknown }).value;
}

/**
 * Clicks the extension's toolbar button on the tab in front, as a person would: Firefox then grants
 * `activeTab` for that tab and opens the popup. A headless window has no toolbar to click (the button of an
 * unpinned add-on sits in the extensions panel, built on demand), so this runs what the click runs,
 * `browserAction.triggerAction` — as Chromium's `Extensions.triggerAction` does in tests/e2e.
 */
export async function clickToolbarButton(ff: Browser): Promise<void> {
  await inBrowserWindow(
    ff,
    `(() => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)});
      ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
      return true;
    })()`,
  );
}

/**
 * Opens the page menu (right click) on the tab in front and clicks "Clip this page to Papershelf" in it: in
 * Firefox a click on an add-on's menu item grants it `activeTab` for the tab, as the toolbar button does.
 */
export async function clickPageMenuItem(ff: Browser, page: Page, label: string): Promise<void> {
  await page.bringToFront();
  await page.mouse.click(20, 20, { button: 'right' });
  await eventually(
    async () =>
      (await inBrowserWindow(
        ff,
        `(() => {
          const menu = document.getElementById('contentAreaContextMenu');
          if (menu.state !== 'open') return false;
          const item = [...menu.querySelectorAll('menuitem')].find((i) => i.label === ${JSON.stringify(label)});
          if (!item) return false;
          menu.activateItem(item);
          return true;
        })()`,
      )) === true,
  );
}

/** The browser's own name and version, as puppeteer reads it ("firefox/140.12.0"). */
export const version = (ff: Browser) => ff.puppeteer.version();

// Small DOM helpers over data-testid, the test ids the Chromium suite uses.
export const byTestId = (id: string) => `[data-testid="${id}"]`;

export function text(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (e) => e.textContent).catch(() => null);
}

export function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (all) => all.map((e) => e.textContent ?? ''));
}

export function attribute(page: Page, selector: string, name: string): Promise<string | null> {
  return page.$eval(selector, (e, n) => e.getAttribute(n), name).catch(() => null);
}

export function count(page: Page, selector: string): Promise<number> {
  return page.$$eval(selector, (all) => all.length);
}

/** Waits for `selector` and clicks it. */
export async function click(page: Page, selector: string): Promise<void> {
  const element = await page.waitForSelector(selector, { timeout: 10_000 });
  await element?.click();
}

/** Sets an input's value as typing would end up (an `input` event), like Playwright's `fill`. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector, { timeout: 10_000 });
  await page.$eval(
    selector,
    (e, v) => {
      const input = e as HTMLInputElement;
      input.focus();
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}
