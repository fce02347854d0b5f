/**
 * Chromium for the bench, with a copy of the built extension (BUILT): others may rebuild `.output/chrome-mv3` while a
 * run lasts (it takes minutes), and Chromium reads the extension's files as it goes. The profile and the copy
 * live in one temp directory, removed on close; `restart` closes the browser and opens it again on them.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { type Browser, chromiumPath, EXTENSION } from '../../tests/e2e/harness';

/** The build measured: `.output/chrome-mv3`, or the one $PAPERSHELF_EXTENSION names (two builds compared). */
export const BUILT = EXTENSION;

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export interface BenchBrowser extends Browser {
  /**
   * Closes the browser and opens it again on the same profile (the extension's IndexedDB kept), as a reader's
   * day starts; the fields above then describe the new one. Resolves when its service worker runs.
   */
  restart(): Promise<void>;
  /** `performance.timeOrigin`-free clock (Date.now()) of the last launch's end: the browser is up. */
  launchedAt: number;
}

async function open(root: string): Promise<Omit<BenchBrowser, 'close' | 'restart'>> {
  const extension = join(root, 'extension');
  const debugPort = await unusedPort();
  const context: BrowserContext = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--load-extension=${extension}`,
      `--disable-extensions-except=${extension}`,
      `--remote-debugging-port=${debugPort}`,
      // Lets CDP reach the extension's targets (the offscreen document and its worker).
      '--enable-unsafe-extension-debugging',
      '--no-sandbox',
      '--no-first-run',
      '--disable-gpu',
      '--disable-sync',
      '--disable-component-update',
      '--disable-background-networking',
    ],
  });
  try {
    // Nothing leaves the machine: pages not served by the bench are 404s.
    await context.route(/^https?:\/\//, (route) =>
      route.fulfill({ status: 404, body: 'not served by the bench' }),
    );
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return { context, worker, extensionId: new URL(worker.url()).host, debugPort, launchedAt: Date.now() };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

export async function launchCopy(): Promise<BenchBrowser> {
  const root = mkdtempSync(join(tmpdir(), 'papershelf-bench-'));
  try {
    cpSync(BUILT, join(root, 'extension'), { recursive: true });
    const browser: BenchBrowser = {
      ...(await open(root)),
      restart: async () => {
        await browser.context.close();
        Object.assign(browser, await open(root));
      },
      close: async () => {
        await browser.context.close().catch(() => {});
        rmSync(root, { recursive: true, force: true });
      },
    };
    return browser;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
