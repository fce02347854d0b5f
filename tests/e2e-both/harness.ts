/**
 * Drives the built extension in real headless Chromium or Firefox with puppeteer-core, so that one flow, written
 * once, runs in both: `E2E_BROWSER=chromium` (the default) loads .output/chrome-mv3 over the DevTools protocol,
 * `E2E_BROWSER=firefox` installs .output/firefox-mv2 as a temporary add-on over WebDriver BiDi (Playwright cannot
 * drive a stock Firefox). Fixture pages are served at their real https URLs by request interception, so the
 * content script runs on them as on the live site. Nothing else leaves the machine: every request not served from
 * a fixture gets a 404, and a proxy on a closed port catches what interception does not see.
 *
 * The extension is reached through one of its own pages (`b.ext`, options.html), kept open: both browsers give
 * extension pages the promise-based `browser` global. What differs between the browsers is in this file, named:
 * the toolbar button (`action` in MV3, `browserAction` in Firefox's MV2), how it is clicked, and how an extension
 * page is opened. What only one browser can do is marked in the tests with `onlyIn`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, {
  type ElementHandle,
  type HTTPRequest,
  type Page,
  type Browser as Puppeteer,
  type Target,
} from 'puppeteer-core';
import type { StoredPaper } from '../../lib/db';
import type { Reply, TabState } from '../../lib/messages';
import { CHROMIUM_FLAGS, eventually, readTable } from '../e2e/harness';
import {
  type CdpSend,
  cdpInPage,
  cdpInRoots,
  centreOf,
  type InRoots,
  rootsFunction,
  settledCentre,
} from '../e2e/page-world';

export { eventually };

// The extension's own `browser` global, inside the extension pages that `page.evaluate` runs in.
declare const browser: typeof import('wxt/browser').browser;

export type BrowserName = 'chromium' | 'firefox';

/** The browser this run drives: $E2E_BROWSER, `chromium` unless it says `firefox`. */
export const browserName: BrowserName = (() => {
  const name = process.env.E2E_BROWSER || 'chromium';
  if (name !== 'chromium' && name !== 'firefox') {
    throw new Error(`E2E_BROWSER is "${name}": it must be "chromium" or "firefox".`);
  }
  return name;
})();

/** Whether this run drives `name`: for `it.runIf(onlyIn('firefox'))`, with a comment saying why. */
export const onlyIn = (name: BrowserName): boolean => browserName === name;

/** The built extension for `name`; $PAPERSHELF_EXTENSION / $PAPERSHELF_FIREFOX_EXTENSION name a copy (another
 * build in the same tree cannot swap it mid-run). */
export const extensionFor = (name: BrowserName): string =>
  name === 'firefox'
    ? resolve(process.env.PAPERSHELF_FIREFOX_EXTENSION || '.output/firefox-mv2')
    : resolve(process.env.PAPERSHELF_EXTENSION || '.output/chrome-mv3');
export const EXTENSION = extensionFor(browserName);

const GECKO_ID = 'papershelf@papershelf.dev';
/** Firefox's moz-extension host, fixed through `extensions.webextensions.uuids` (random per profile otherwise). */
const FIREFOX_HOST = '5e0b7c1a-4a2f-4d3b-9c8e-7f1a2b3c4d5e';

const CANDIDATES: Record<BrowserName, { env: string; paths: string[]; install: string }> = {
  chromium: {
    env: 'CHROMIUM_PATH',
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'],
    install: 'apt-get install chromium',
  },
  firefox: {
    env: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    install: 'apt-get install firefox-esr',
  },
};

/** The browser to drive: $CHROMIUM_PATH or $FIREFOX_PATH, else a system one. Fails loudly: end-to-end tests never skip. */
export function browserPath(name: BrowserName = browserName): string {
  const { env, paths, install } = CANDIDATES[name];
  const path = process.env[env] || paths.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(`No ${name} found for the end-to-end tests. Install one (\`${install}\`) or set ${env}.`);
  }
  return path;
}

interface Route {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface Browser {
  /** Which browser this is (a test of sync drives Chromium and Firefox at once). */
  name: BrowserName;
  puppeteer: Puppeteer;
  /** `chrome-extension://ID` or `moz-extension://HOST`. */
  origin: string;
  /** An extension page kept open to read the library and ask the extension's APIs. */
  ext: Page;
  routes: Map<string, Route>;
  close(): Promise<void>;
}

const intercepted = new WeakMap<Page, Promise<void>>();

/** Servers the tests start on this machine; everything else is served from the fixtures, or refused. */
const LOOPBACK_SERVER = 'http://127.0.0.1:';

/**
 * Answers every http(s) request of `page` from the fixtures, 404 for anything else. Resolves once interception is
 * on; asked twice for a page (a test's tab is also a new target), it is set up once and both wait for it.
 */
function intercept(page: Page, routes: Map<string, Route>): Promise<void> {
  const known = intercepted.get(page);
  if (known) return known;
  // The handler first: a request paused before a handler listens would wait forever.
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    // Extension, data and about: requests are not the network's: answering one throws. A server on this
    // machine (the sync tests' CouchDB-protocol server) is reached for real.
    if (!/^https?:/.test(url) || url.startsWith(LOOPBACK_SERVER)) {
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
  const on = page.setRequestInterception(true);
  intercepted.set(page, on);
  return on;
}

async function launchChromium(profile: string): Promise<{ instance: Puppeteer; origin: string }> {
  const instance = await puppeteer.launch({
    browser: 'chrome',
    executablePath: browserPath('chromium'),
    headless: true,
    pipe: true,
    userDataDir: profile,
    protocolTimeout: 30_000,
    enableExtensions: [extensionFor('chromium')],
    // A proxy on a closed port: what interception does not see goes nowhere.
    args: [...CHROMIUM_FLAGS, '--proxy-server=127.0.0.1:9'],
  });
  const worker = await instance.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  return { instance, origin: `chrome-extension://${new URL(worker.url()).host}` };
}

/**
 * A Firefox kept from a test file that has ended, its add-on uninstalled: starting Firefox with a new profile takes
 * 5 s (10 s on a busy machine), installing the add-on again 0.4 s. Uninstalling clears everything the add-on kept
 * (IndexedDB, storage; `keepUuidOnUninstall` keeps only its host), so the next file starts from an empty library
 * as in a new profile. The shared suite runs its files one after the other in one process (`isolate: false`).
 */
let spareFirefox: { instance: Puppeteer; profile: string } | undefined;

async function launchFirefox(): Promise<{ instance: Puppeteer; profile: string }> {
  const spare = spareFirefox;
  spareFirefox = undefined;
  if (spare?.instance.connected) return spare;
  const profile = mkdtempSync(join(tmpdir(), 'papershelf-e2e-firefox-'));
  const instance = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPath('firefox'),
    headless: true,
    userDataDir: profile,
    protocolTimeout: 30_000,
    // The browser window's own scope: where the toolbar button and the page menu are (see clickToolbarButton).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_HOST }),
      'extensions.webextensions.keepUuidOnUninstall': true,
      'dom.security.https_only_mode': false,
      'dom.security.https_first': false,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      // 127.0.0.1 (the sync tests' server) is reached directly; the rest goes to the closed port.
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      'remote.system-access-check.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  return { instance, profile };
}

/** Ends a test file's Firefox: its tabs closed but a blank one (Firefox quits with its last tab), the add-on gone. */
async function keepFirefox(instance: Puppeteer, profile: string): Promise<void> {
  const blank = await instance.newPage();
  for (const page of await instance.pages()) if (page !== blank) await page.close();
  await instance.uninstallExtension(GECKO_ID);
  await spareFirefox?.instance.close();
  spareFirefox = { instance, profile };
}

// The last file's Firefox: puppeteer ends its process when this one exits; its profile goes with it.
process.once('exit', () => {
  if (spareFirefox) rmSync(spareFirefox.profile, { recursive: true, force: true });
});

/** Launches `name` (this run's browser unless said) with the built extension, in a new profile. */
export async function launch(name: BrowserName = browserName): Promise<Browser> {
  const extension = extensionFor(name);
  if (!existsSync(join(extension, 'manifest.json'))) {
    throw new Error(
      `No built extension in ${extension}: run \`npm run build\` (or \`build:firefox\`) first.`,
    );
  }
  let instance: Puppeteer;
  let profile: string;
  let origin: string;
  if (name === 'firefox') {
    ({ instance, profile } = await launchFirefox());
    await instance.installExtension(extension);
    origin = `moz-extension://${FIREFOX_HOST}`;
  } else {
    profile = mkdtempSync(join(tmpdir(), 'papershelf-e2e-chromium-'));
    ({ instance, origin } = await launchChromium(profile));
  }
  const routes = new Map<string, Route>();
  // Tabs the extension opens (the library, a search result) are served like the ones a test opens.
  const serveNewTab = (target: Target) => {
    void target
      .page()
      .then((page) => page && intercept(page, routes))
      .catch(() => {});
  };
  instance.on('targetcreated', serveNewTab);
  const b = { name, puppeteer: instance, origin, routes } as Browser;
  b.ext = await openExtensionPage(b, 'options.html');
  b.close = async () => {
    instance.off('targetcreated', serveNewTab);
    if (name === 'firefox' && instance.connected) {
      const kept = await keepFirefox(instance, profile).then(
        () => true,
        () => false,
      );
      if (kept) return;
    }
    await instance.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return b;
}

/** Serves `file` (from tests/fixtures) as the HTML of `url`, with HTTP `status` (arXiv's error pages are 404s). */
export function serve(b: Browser, url: string, file: string, status = 200): void {
  const body = readFileSync(resolve('tests/fixtures', file));
  b.routes.set(url, { status, contentType: 'text/html; charset=utf-8', body });
}

/** Serves `body` at `url` as `contentType`. */
export function serveBody(b: Browser, url: string, contentType: string, body: string | Buffer): void {
  b.routes.set(url, { status: 200, contentType, body: Buffer.from(body) });
}

/** Serves a tiny HTML page at `url`. */
export function serveHtml(b: Browser, url: string, html: string): void {
  serveBody(b, url, 'text/html', html);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new tab whose requests are served from the fixtures. */
export async function newPage(b: Browser): Promise<Page> {
  const page = await b.puppeteer.newPage();
  await intercept(page, b.routes);
  return page;
}

/**
 * Opens an extension page (`path`, e.g. `library.html`) in a new tab, or in `page`. Firefox reports no navigation
 * events into the extension's process, so `goto` never resolves there: start it, then wait until the page has
 * loaded. Chromium's `goto` does resolve.
 */
export async function openExtensionPage(b: Browser, path: string, page?: Page, ms = 15_000): Promise<Page> {
  const tab = page ?? (await b.puppeteer.newPage());
  const url = `${b.origin}/${path}`;
  if (b.name === 'chromium') {
    await tab.goto(url);
    return tab;
  }
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
 * The tab in which the extension opened its page `path`, once loaded. (Firefox does not tell a tab's targets
 * that it moved into the extension's process, so the tab is found by asking each page where it is.)
 */
export async function openedExtensionPage(b: Browser, path: string, ms = 10_000): Promise<Page> {
  const url = `${b.origin}/${path}`;
  const page = await eventually(async () => {
    for (const page of await b.puppeteer.pages()) {
      if (page !== b.ext && (await page.evaluate(() => location.href).catch(() => '')) === url) return page;
    }
  }, ms);
  await waitForExtensionPage(page, url, ms);
  return page;
}

/**
 * Firefox: reloads the add-on (`runtime.reload()`): Firefox closes its pages, unloads the background page with the
 * index worker it started, and starts both anew, at the same moz-extension host. `b.ext` is then opened again.
 * (Headless Chromium does not bring an unpacked extension back after `runtime.reload()`: its pages then answer
 * ERR_BLOCKED_BY_CLIENT.)
 */
export async function reloadExtension(b: Browser): Promise<void> {
  const old = b.ext;
  const optionsUrl = `${b.origin}/options.html`;
  await old.evaluate(() => browser.runtime.reload()).catch(() => {});
  // Gone: the tab closed, or it shows no extension page any more.
  await eventually(
    async () =>
      old.isClosed() || (await old.evaluate(() => location.href).catch(() => 'gone')) !== optionsUrl,
  );
  b.ext = await eventually(async () => {
    const page = await b.puppeteer.newPage();
    try {
      const opened = await openExtensionPage(b, 'options.html', page, 3_000);
      // Chromium opens the page before the reloaded extension answers: wait until it does.
      await eventually(
        async () => opened.evaluate(() => typeof browser?.runtime?.sendMessage === 'function'),
        3_000,
      );
      return opened;
    } catch (error) {
      await page.close().catch(() => {});
      throw error;
    }
  }, 20_000);
  if (!old.isClosed()) await old.close().catch(() => {});
}

/** Every tab's id, as the extension sees them. */
const tabIds = (b: Browser) =>
  b.ext.evaluate(async () => (await browser.tabs.query({})).map((t) => t.id ?? -1));

/** Opens `url` in a new tab and returns the page and the browser's id for that tab. */
export async function openTab(b: Browser, url: string): Promise<{ page: Page; tabId: number }> {
  // Tab URLs are hidden from an extension without permission for the site: tell the new tab by its id.
  const before = new Set(await tabIds(b));
  const page = await newPage(b);
  const tabId = await eventually(async () => (await tabIds(b)).find((id) => !before.has(id)));
  await page.goto(url);
  return { page, tabId };
}

/** The popup for tab `tabId`, opened as a page (`popup.html?tabId=N`). */
export function openPopup(b: Browser, tabId: number): Promise<Page> {
  return openExtensionPage(b, `popup.html?tabId=${tabId}`);
}

/** Every record in the extension's IndexedDB library, read with the raw IndexedDB API in an extension page. */
export function libraryRecords(b: Browser): Promise<StoredPaper[]> {
  return table(b.ext, 'papers') as Promise<StoredPaper[]>;
}

/** Every record of a table of the extension's library database, read in `page`, one of its pages. */
export function table(page: Page, name: string): Promise<unknown[]> {
  return page.evaluate(readTable, name);
}

/** Sends `message` to the background as an extension page does. */
export function sendMessage<T = unknown>(b: Browser, message: object): Promise<T> {
  return b.ext.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<T>;
}

/**
 * Waits until the content script in tab `tabId` has reported the page at `url` to the background, and returns
 * what the background then holds for the tab, asked for as the popup asks ('tab-state').
 */
export async function reportedTabState(b: Browser, tabId: number, url: string): Promise<TabState> {
  let held: string | undefined;
  try {
    return await eventually(async () => {
      const reply = await sendMessage<Reply<'tab-state'>>(b, { type: 'tab-state', tabId });
      held = reply.ok ? (reply.value.url ?? 'no page') : reply.error;
      return reply.ok && reply.value.url === url && reply.value;
    });
  } catch {
    throw new Error(`The content script never reported ${url} (the background holds: ${held})`);
  }
}

/** The toolbar button's API, promise-based in both browsers (wxt's types are Chrome's callback ones). */
interface ToolbarButton {
  getBadgeText(details: { tabId: number }): Promise<string>;
  getTitle(details: { tabId: number }): Promise<string>;
}

/** The toolbar button's badge and tooltip on tab `tabId`: `action` in MV3 (Chromium), `browserAction` in MV2
 * (Firefox). */
export function badge(b: Browser, tabId: number): Promise<{ text: string; title: string }> {
  return b.ext.evaluate(async (id) => {
    const button = (browser.action ?? browser.browserAction) as unknown as ToolbarButton;
    return { text: await button.getBadgeText({ tabId: id }), title: await button.getTitle({ tabId: id }) };
  }, tabId);
}

export const badgeText = async (b: Browser, tabId: number) => (await badge(b, tabId)).text;

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

const bidiOf = (b: Browser) => (b.puppeteer as unknown as { connection: BidiConnection }).connection;

/** Firefox: the browser window's own (chrome) scope, when this Firefox gives WebDriver BiDi access to it. */
async function firefoxWindow(b: Browser): Promise<string | undefined> {
  const tree = await bidiOf(b)
    .send('browsingContext.getTree', { 'moz:scope': 'chrome' })
    .catch(() => undefined);
  const [window] = (tree?.result.contexts ?? []) as { context: string; url: string }[];
  return window?.url === 'chrome://browser/content/browser.xhtml' ? window.context : undefined;
}

/**
 * Skips the test where this Firefox gives WebDriver BiDi no access to its own window (`moz:scope: "chrome"`: 153
 * ESR does, 140 ESR does not): the toolbar button, the page menu and the shortcuts are there, and nothing else
 * can click them. Chromium's are reached another way (clickToolbarButton, pressAltShift).
 */
export async function needsBrowserWindow(b: Browser, test: { skip(note?: string): never }): Promise<void> {
  if (browserName === 'firefox' && !(await firefoxWindow(b))) {
    test.skip(`Firefox ${await b.puppeteer.version()} gives WebDriver BiDi no access to its window`);
  }
}

/** Firefox: runs `expression` in the browser window's own (chrome) scope, where the toolbar and menus live. */
export async function inFirefoxWindow(b: Browser, expression: string): Promise<unknown> {
  const bidi = bidiOf(b);
  const window = await firefoxWindow(b);
  if (!window) {
    throw new Error(
      `This Firefox (${await b.puppeteer.version()}) gives WebDriver BiDi no access to the browser window ` +
        '(`moz:scope: "chrome"`): the toolbar button and the page menu cannot be clicked from a test.',
    );
  }
  const { result } = await bidi.send('script.evaluate', {
    expression,
    target: { context: window },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (result.type === 'exception') {
    throw new Error(`In the browser window: ${JSON.stringify(result.exceptionDetails)}`);
  }
  return (result.result as { value?: unknown }).value;
}

/**
 * Clicks the extension's toolbar button on the tab `page`, as a person would: this is what grants `activeTab`
 * for that tab ("Clip this page" on a site the extension has no permission for). A headless window has no toolbar
 * to click, so this runs what the click runs: Chromium's `Extensions.triggerAction` over the DevTools protocol;
 * Firefox's `browserAction.triggerAction` in the browser window, on the tab in front.
 */
export async function clickToolbarButton(b: Browser, page: Page): Promise<void> {
  await page.bringToFront();
  if (b.name === 'firefox') {
    await inFirefoxWindow(
      b,
      `(() => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)});
        ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
        return true;
      })()`,
    );
    return;
  }
  const cdp = await b.puppeteer.target().createCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
    const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
    if (!tab) throw new Error(`No tab shows ${page.url()}`);
    await cdp.send(
      'Extensions.triggerAction' as 'Target.getTargets',
      {
        id: new URL(b.origin).host,
        targetId: tab.targetId,
      } as object,
    );
  } finally {
    await cdp.detach();
  }
}

/**
 * Firefox: opens the page menu (right click) on the tab in front, on the element `on` selects when given (a
 * link's menu), and clicks `label` in it. (Chromium's page menu is native: no protocol reaches it.)
 */
export async function clickPageMenuItem(b: Browser, page: Page, label: string, on?: string): Promise<void> {
  await page.bringToFront();
  const box = on ? await (await page.waitForSelector(on))?.boundingBox() : undefined;
  if (on && !box) throw new Error(`Nothing to right-click at ${on}`);
  await page.mouse.click(box ? box.x + box.width / 2 : 20, box ? box.y + box.height / 2 : 20, {
    button: 'right',
  });
  await eventually(
    async () =>
      (await inFirefoxWindow(
        b,
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
export const version = (b: Browser) => b.puppeteer.version();

// Small DOM helpers over data-testid.
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

/** The value of an input, select or textarea. */
export function value(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (e) => (e as HTMLInputElement).value).catch(() => null);
}

export function count(page: Page, selector: string): Promise<number> {
  return page.$$eval(selector, (all) => all.length);
}

/**
 * Waits for `selector` and clicks it, with the mouse, in its tab brought to the front (Chromium does not draw a
 * tab in the back, so an element there never scrolls into view to be clicked).
 */
export async function click(page: Page, selector: string): Promise<void> {
  await page.bringToFront();
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

/** The rows of the library page that contain `words`, as element handles. */
export async function rowsWith(page: Page, words: string) {
  const rows = await page.$$(byTestId('library-item'));
  const found = [];
  for (const row of rows) if ((await row.evaluate((e) => e.textContent))?.includes(words)) found.push(row);
  return found;
}

export interface Imported {
  /** `done`, `failed` or `cancelled`. */
  state: string | null;
  text: string | null;
  /** Every state the import's message showed on the way, in order. */
  states: string[];
}

/** Imports `file` on the library page `page` and waits until its message says how it ended (a new message, when
 * an earlier import left one). */
export async function importFile(page: Page, file: string): Promise<Imported> {
  const message = byTestId('import-message');
  // State and text read at once: read apart, the old job's state and the new job's text could pass together.
  const shown = () =>
    page.evaluate((selector) => {
      const shown = document.querySelector(selector);
      return { state: shown?.getAttribute('data-state') ?? null, text: shown?.textContent ?? null };
    }, message);
  const before = (await shown()).text;
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { importStates: string[] }).importStates = seen;
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="import-message"]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const input = await page.waitForSelector(byTestId('import-input'), { timeout: 10_000 });
  await (input as ElementHandle<HTMLInputElement>).uploadFile(file);
  const ended = await eventually(async () => {
    const now = await shown();
    return ['done', 'failed', 'cancelled'].includes(now.state ?? '') && now.text !== before && now;
  }, 30_000);
  return {
    ...ended,
    states: await page.evaluate(() => (window as unknown as { importStates: string[] }).importStates),
  };
}

/** The BiDi browsing context of a page's top frame (puppeteer keeps it on its frame). */
const contextOf = (page: Page): string => (page.mainFrame() as unknown as { _id: string })._id;

interface BidiRemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
}

/** Firefox: calls `functionDeclaration` in the page's main world without a user gesture; its JSON result back. */
async function bidiCall(
  b: Browser,
  page: Page,
  functionDeclaration: string,
  args: object[],
): Promise<unknown> {
  const bidi = (b.puppeteer as unknown as { connection: BidiConnection }).connection;
  const { result } = await bidi.send('script.callFunction', {
    functionDeclaration,
    arguments: args,
    target: { context: contextOf(page) },
    awaitPromise: true,
    resultOwnership: 'none',
    userActivation: false,
  });
  if (result.type === 'exception') throw new Error(`In the page: ${JSON.stringify(result.exceptionDetails)}`);
  const value = (result.result as BidiRemoteValue).value;
  return typeof value === 'string' ? JSON.parse(value) : undefined;
}

/**
 * Runs `fn(roots, arg)` in the page's main world with the shadow roots, closed ones included, of the elements
 * `hostSelector` matches: over the DevTools protocol in Chromium (tests/e2e/page-world.ts), over WebDriver BiDi in
 * Firefox (nodes serialized with `includeShadowTree: "all"`). The page itself can reach none of them.
 */
export async function inRoots<A, T>(
  b: Browser,
  page: Page,
  hostSelector: string,
  fn: InRoots<A, T>,
  arg: A,
): Promise<T> {
  if (b.name === 'chromium') {
    const cdp = await page.createCDPSession();
    try {
      return await cdpInRoots(cdp.send.bind(cdp) as CdpSend, hostSelector, fn, arg);
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  const bidi = (b.puppeteer as unknown as { connection: BidiConnection }).connection;
  const { result } = await bidi.send('script.callFunction', {
    functionDeclaration: '(selector) => [...document.querySelectorAll(selector)]',
    arguments: [{ type: 'string', value: hostSelector }],
    target: { context: contextOf(page) },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
    userActivation: false,
  });
  const hosts = ((result.result as BidiRemoteValue).value ?? []) as BidiRemoteValue[];
  const roots = hosts
    .map((host) => (host.value as { shadowRoot?: BidiRemoteValue } | undefined)?.shadowRoot?.sharedId)
    .filter((id): id is string => id !== undefined);
  return (await bidiCall(b, page, rootsFunction(fn as InRoots<never, unknown>), [
    { type: 'string', value: JSON.stringify(arg ?? null) },
    ...roots.map((sharedId) => ({ sharedId })),
  ])) as T;
}

/** Runs `fn(arg)` in the page's main world as the page's own scripts run: no user gesture, no extension. */
export async function inPage<A, T>(
  b: Browser,
  page: Page,
  fn: (arg: A) => T | Promise<T>,
  arg: A,
): Promise<T> {
  if (b.name === 'chromium') {
    const cdp = await page.createCDPSession();
    try {
      return await cdpInPage(cdp.send.bind(cdp) as CdpSend, fn, arg);
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  return (await bidiCall(
    b,
    page,
    `async (argument) => JSON.stringify(await (${fn.toString()})(JSON.parse(argument)))`,
    [{ type: 'string', value: JSON.stringify(arg ?? null) }],
  )) as T;
}

/**
 * Clicks, with the mouse (a person's click), the element `inner` selects inside the view (a closed shadow root)
 * of the first host `hostSelector` matches, scrolled into view in its tab brought to the front.
 */
export async function clickInView(
  b: Browser,
  page: Page,
  hostSelector: string,
  inner: string,
): Promise<void> {
  await page.bringToFront();
  const at = await eventually(() => settledCentre(() => inRoots(b, page, hostSelector, centreOf, inner)));
  await page.mouse.click(at.x, at.y);
}

/**
 * Runs `fn(arg)` in the on-page panel framed in `page` (an extension page), if it is open; undefined otherwise.
 * Firefox's BiDi does not tell puppeteer's frames that they moved into the extension's process: the frame is found
 * in the browsing context tree there.
 */
export async function inPanel<A, T>(
  b: Browser,
  page: Page,
  fn: (arg: A) => T,
  arg: A,
): Promise<T | undefined> {
  if (browserName === 'chromium') {
    const frame = page.frames().find((f) => f.url().includes('/panel.html'));
    return frame ? ((await frame.evaluate(fn as (arg: unknown) => T, arg)) as T) : undefined;
  }
  const bidi = (b.puppeteer as unknown as { connection: BidiConnection }).connection;
  const { result } = await bidi.send('browsingContext.getTree', { root: contextOf(page) });
  type Context = { context: string; url: string; children?: Context[] };
  const frames = ((result.contexts as Context[])[0]?.children ?? []).filter((c) =>
    c.url.includes('/panel.html'),
  );
  const [frame] = frames;
  if (!frame) return undefined;
  const evaluated = await bidi.send('script.callFunction', {
    functionDeclaration: `(argument) => JSON.stringify((${fn.toString()})(JSON.parse(argument)))`,
    arguments: [{ type: 'string', value: JSON.stringify(arg ?? null) }],
    target: { context: frame.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  const value = (evaluated.result.result as BidiRemoteValue | undefined)?.value;
  return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
}

/**
 * Presses a browser keyboard shortcut, Alt+Shift+`letter`, as a person does, into the browser's own key handling
 * (where extension shortcuts live, above the page): Chromium's DevTools protocol `Input.dispatchKeyEvent` (a raw
 * key down, which the browser's accelerators see first); Firefox's `nsITextInputProcessor` in the browser window
 * (what Firefox's own tests press keys with: native-like key events through the whole event path).
 */
export async function pressAltShift(b: Browser, page: Page, letter: string): Promise<void> {
  await page.bringToFront();
  const key = letter.toUpperCase();
  const keyCode = key.charCodeAt(0);
  if (browserName === 'firefox') {
    const done = await inFirefoxWindow(
      b,
      `(() => {
        const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        if (!tip.beginInputTransactionForTests(window)) return false;
        const alt = new KeyboardEvent('', { key: 'Alt', code: 'AltLeft' });
        const shift = new KeyboardEvent('', { key: 'Shift', code: 'ShiftLeft' });
        const letter = new KeyboardEvent('', { key: ${JSON.stringify(key)}, code: 'Key${key}', keyCode: ${keyCode} });
        for (const down of [alt, shift, letter]) tip.keydown(down);
        for (const up of [letter, shift, alt]) tip.keyup(up);
        return true;
      })()`,
    );
    if (done !== true) throw new Error('Firefox gave no key input transaction for the browser window.');
    return;
  }
  const cdp = await page.createCDPSession();
  try {
    const ALT = 1;
    const SHIFT = 8;
    for (const type of ['rawKeyDown', 'keyUp'] as const)
      await cdp.send('Input.dispatchKeyEvent', {
        type,
        modifiers: ALT | SHIFT,
        key,
        code: `Key${key}`,
        windowsVirtualKeyCode: keyCode,
        nativeVirtualKeyCode: keyCode,
      });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Sets `page`'s viewport. Puppeteer sends a screen orientation override beside the viewport, which Firefox 140
 * ESR does not know (153 does): the viewport is set all the same, and waited for.
 */
export async function setViewport(page: Page, size: { width: number; height: number }): Promise<void> {
  try {
    await page.setViewport(size);
  } catch (error) {
    if (!/setScreenOrientationOverride/.test((error as Error).message)) throw error;
    await eventually(async () => (await page.evaluate(() => window.innerWidth)) === size.width);
  }
}
