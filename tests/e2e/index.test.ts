/**
 * The library index in real Chromium, still right after the service worker is stopped and after its worker
 * is gone (the offscreen document closed): what needs Chromium's DevTools protocol. The reading list's import,
 * related papers and search in the popup run in both browsers: tests/e2e-both/index.test.ts.
 *
 * The reading list holds 80 real cs papers of 2025 (../shared/datasets/arxiv-daily-cs-2025), ByteSpan among them.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  eventually,
  importFile,
  launch,
  libraryRecords,
  openLibrary,
  openPopup,
  openTab,
  serve,
} from './harness';

declare const chrome: typeof import('wxt/browser').browser;

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const DOLMA = 'https://arxiv.org/abs/2402.00159v2';

let browser: Browser;

/** The service worker now running (a stopped one is started again by the next event). */
async function currentWorker(context: BrowserContext): Promise<Worker> {
  return eventually(async () => context.serviceWorkers().at(-1));
}

/** The titles of the library page's rows drawn now, in order. */
const rowTitles = (library: Page) =>
  library.locator('[data-testid="library-item"] .paper-row-title').allTextContents();

beforeAll(async () => {
  browser = await launch();
  await serve(browser.context, DOLMA, 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html');
  const page = await openLibrary(browser);
  expect((await importFile(page, READING_LIST)).state).toBe('done');
  await page.close();
}, 60_000);
afterAll(() => browser?.close());

describe('the index across a stopped service worker and a restarted index worker', () => {
  const stopServiceWorker = async () => {
    const cdpPage = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(cdpPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdpPage.close();
  };
  const search = async (popup: Page, query: string) => {
    await popup.getByTestId('search-input').fill(query);
    return popup.getByTestId('search-result').first().locator('a').textContent({ timeout: 10_000 });
  };

  it('finds a paper clipped right after the service worker was stopped', async () => {
    await stopServiceWorker();
    // Visiting the page wakes the service worker, which clips the paper and tells the index.
    const { page } = await openTab(browser, DOLMA);
    browser.worker = await currentWorker(browser.context);
    await eventually(async () =>
      (await libraryRecords(browser.worker)).some((r) => r.id === 'arxiv:2402.00159'),
    );
    await page.close();
    const popup = await openPopup(browser, 0);
    expect(await search(popup, 'dolma')).toMatch(/^Dolma/);
    await popup.close();
  });

  it('is right after its worker is gone (the offscreen document closed) and a paper removed meanwhile', async () => {
    await browser.worker.evaluate(() => chrome.offscreen.closeDocument());
    // Removed while no index runs: only the change log knows.
    const popup = await openPopup(browser, 0);
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'unclip', id: 'arxiv:2402.00159' }));
    await browser.worker.evaluate(() => chrome.offscreen.closeDocument()).catch(() => {});
    await stopServiceWorker();
    const again = await openPopup(browser, 0);
    browser.worker = await currentWorker(browser.context);
    expect(await search(again, 'bytespan')).toBe('ByteSpan: Information-Driven Subword Tokenisation');
    await again.getByTestId('search-input').fill('dolma');
    await expect.poll(() => again.getByTestId('search-empty').count(), { timeout: 10_000 }).toBe(1);
    await again.close();
    await popup.close();
  });

  it('a library page open while the worker stops keeps searching (through the background)', async () => {
    const library = await openLibrary(browser);
    const titles = () => rowTitles(library);
    const box = library.getByTestId('library-search');
    // Searched straight on the worker once the page has heard it (lib/index-channel.ts)...
    await box.fill('bytespan');
    await eventually(
      async () => (await titles()).join() === 'ByteSpan: Information-Driven Subword Tokenisation',
    );
    // ...then the worker gone with its offscreen document: the page's next search finds no one on the channel.
    await browser.worker.evaluate(() => chrome.offscreen.closeDocument());
    await box.fill('stochastok');
    await eventually(async () =>
      (await titles()).includes('StochasTok: Improving Fine-Grained Subword Understanding in LLMs'),
    );
    await library.close();
  });

  it('while the search index is read back, answers a search from the words alone, then from the index', async () => {
    // Its worker gone, as after a restart; then the index's saved rows are held by a write for a few seconds,
    // as when IndexedDB is busy while the browser starts. The related index is read from its own file.
    await browser.worker.evaluate(() => chrome.offscreen.closeDocument()).catch(() => {});
    await browser.worker.evaluate(
      () =>
        new Promise<void>((held) => {
          const open = indexedDB.open('papershelf-index');
          open.onsuccess = () => {
            const snapshots = open.result.transaction('snapshots', 'readwrite').objectStore('snapshots');
            const until = Date.now() + 5000;
            const hold = () => {
              if (Date.now() < until) snapshots.get('none').onsuccess = hold;
            };
            hold();
            held();
          };
        }),
    );
    const library = await browser.context.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html?q=subword%20token`);
    const titles = () => rowTitles(library);
    // The four papers writing both "subword" and "token" (or "tokens") in their title or abstract; ByteSpan
    // writes "Subword Tokenisation", never "token".
    const byWords = await eventually(async () => {
      const shown = await titles();
      return shown.length > 0 && shown;
    }, 4000);
    expect(byWords).toHaveLength(4);
    expect(byWords).toContain('StochasTok: Improving Fine-Grained Subword Understanding in LLMs');
    expect(byWords.join('\n')).not.toContain('ByteSpan');
    // Once the search index is in place, the page asks again: "token" is then also the start of a word.
    await eventually(async () =>
      (await titles()).includes('ByteSpan: Information-Driven Subword Tokenisation'),
    );
    expect(await titles()).toHaveLength(5);
    await library.close();
  });
  it("a library page opened on a search shows its rows while the page's own connection to the library still opens", async () => {
    const library = await browser.context.newPage();
    // In this page only, IndexedDB's opening of the library waits until the test lets it go, as after a browser
    // restart, when it takes 60-100 ms and the index's worker has the library open already.
    await library.addInitScript(() => {
      const open = indexedDB.open.bind(indexedDB);
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      (window as unknown as { releaseLibrary: () => void }).releaseLibrary = release;
      const handlers = ['onsuccess', 'onerror', 'onupgradeneeded', 'onblocked'] as const;
      indexedDB.open = (name: string, version?: number) => {
        if (name !== 'papershelf') return open(name, version);
        let real: IDBOpenDBRequest | undefined;
        const held = {
          get result() {
            return real?.result;
          },
          get error() {
            return real?.error;
          },
          get transaction() {
            return real?.transaction;
          },
          get readyState() {
            return real?.readyState ?? 'pending';
          },
        } as unknown as IDBOpenDBRequest;
        void released.then(() => {
          real = open(name, version);
          for (const handler of handlers)
            (real as unknown as Record<string, unknown>)[handler] = held[handler];
        });
        return held;
      };
    });
    await library.goto(`chrome-extension://${browser.extensionId}/library.html?q=subword%20token`);
    const titles = () => rowTitles(library);
    const shown = await eventually(async () => {
      const rows = await titles();
      return rows.length > 0 && rows;
    }, 10_000);
    expect(shown).toContain('ByteSpan: Information-Driven Subword Tokenisation');
    // Let go, the page reads the library itself: the newest clips.
    await library.evaluate(() => (window as unknown as { releaseLibrary: () => void }).releaseLibrary());
    await library.getByTestId('library-search').fill('');
    await eventually(async () => (await titles()).some((title) => !/token/i.test(title)));
    await library.close();
  });
});
