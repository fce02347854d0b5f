/**
 * Real browsing in Chromium: Back to a page kept in the back/forward cache, twenty tabs clipping at once, and a
 * service worker stopped in the middle of a "Clip all" of a 2,000-entry listing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  badgeText,
  bigListing,
  eventually,
  inContentScript,
  launch,
  libraryRecords,
  openPopup,
  openTab,
  reportedTabState,
  serve,
} from './harness';

declare const chrome: typeof import('wxt/browser').browser;

const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const ATTENTION = 'https://arxiv.org/abs/1706.03762v7';
const LISTING = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const HF_DAILY = 'https://huggingface.co/papers';
const HF_DAILY_FILE = 'hf-list/daily-papers-2026-09-28-28papers-browser-dom.html';

/** Every saved arXiv abstract page, at the URL its file name gives (`hep-th-9901001v2` is hep-th/9901001v2). */
// Every page that holds a paper: the saved "not found" page holds none.
const ABS_PAGES = readdirSync('tests/fixtures/arxiv-abs')
  .filter((file) => !file.includes('not-found'))
  .map((file) => {
    const id = file.startsWith('hep-th-') ? `hep-th/${file.slice(7, 16)}` : file.slice(0, file.indexOf('-'));
    return {
      url: `https://arxiv.org/abs/${id}`,
      file: `arxiv-abs/${file}`,
      id: `arxiv:${id.replace(/v\d+$/, '')}`,
    };
  });

let browser: Browser;
beforeAll(async () => {
  browser = await launch({ backForwardCache: true });
  for (const page of ABS_PAGES) await serve(browser.context, page.url, page.file);
  await serve(browser.context, HF_DAILY, HF_DAILY_FILE);
  const listing = bigListing(2000);
  await browser.context.route(LISTING, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: listing }),
  );
}, 60_000);
afterAll(() => browser?.close());

async function popupTitle(tabId: number): Promise<string | null> {
  const popup = await openPopup(browser, tabId);
  const title = await popup
    .getByTestId('paper-title')
    .textContent({ timeout: 5000 })
    .catch(() => null);
  await popup.close();
  return title;
}

describe('Back to a page restored from the back/forward cache', () => {
  it('the popup and the badge show its paper again', async () => {
    const { page, tabId } = await openTab(browser, SENTENCEPIECE);
    await page.evaluate(() => {
      sessionStorage.setItem('restored', 'no');
      addEventListener('pageshow', (event) => event.persisted && sessionStorage.setItem('restored', 'yes'));
    });
    await eventually(async () => (await popupTitle(tabId))?.startsWith('SentencePiece'));
    await page.goto(ATTENTION);
    await eventually(async () => (await popupTitle(tabId)) === 'Attention Is All You Need');
    await page.goBack({ waitUntil: 'commit' });
    // The page really came back from the cache: its script did not run again.
    expect(await page.evaluate(() => sessionStorage.getItem('restored'))).toBe('yes');
    await eventually(async () => (await popupTitle(tabId))?.startsWith('SentencePiece'));
    expect(await badgeText(browser, tabId)).toBe('✓');
    await page.close();
  });
});

describe('twenty tabs clipping at once', () => {
  it('loses nothing and makes no duplicates', async () => {
    // Every saved abstract page, and the same papers again as other versions, all loading at once.
    const visits = [...ABS_PAGES, ...ABS_PAGES.slice(0, 20 - ABS_PAGES.length)].map((page, i) =>
      i < ABS_PAGES.length ? page.url : page.url.replace(/v\d+$/, ''),
    );
    expect(visits).toHaveLength(20);
    const pages: Page[] = await Promise.all(visits.map(() => browser.context.newPage()));
    await Promise.all(pages.map((page, i) => page.goto(visits[i] as string)));
    const expected = [...new Set(ABS_PAGES.map((page) => page.id))].sort();
    await eventually(async () => {
      const ids = (await libraryRecords(browser.worker)).map((record) => record.id);
      return expected.every((id) => ids.includes(id));
    }, 30_000);
    const ids = (await libraryRecords(browser.worker)).map((record) => record.id).sort();
    expect(ids).toEqual(expected);
    await Promise.all(pages.map((page) => page.close()));
  });
});

describe('a service worker stopped in the middle of "Clip all"', () => {
  it('leaves whole batches only, and the clip goes on to the end', async () => {
    const before = (await libraryRecords(browser.worker)).length;
    const { page, tabId } = await openTab(browser, LISTING);
    const popup = await openPopup(browser, tabId);
    await expect
      .poll(() => popup.getByTestId('clip-all').textContent(), { timeout: 15_000 })
      .toBe('Clip all 2000');
    await popup.getByTestId('clip-all').click();
    await popup.close();
    // Half-way: some batches written, not all.
    await eventually(async () => {
      const clipped = (await libraryRecords(browser.worker)).length - before;
      return clipped > 0 && clipped < 2000;
    }, 30_000);
    const cdpPage = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(cdpPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdpPage.close();

    // Whatever was written is whole papers, never half a batch's records.
    const worker = await eventually(async () => browser.context.serviceWorkers().at(-1));
    browser.worker = worker;
    // The next event starts the worker again, which resumes the clip; the popup watches it end.
    const watching = await openPopup(browser, tabId);
    await expect
      .poll(() => watching.getByTestId('clip-all').textContent(), { timeout: 60_000 })
      .toBe('✓ All 2000 in your library');
    const records = await libraryRecords(browser.worker);
    const listed = records.filter((record) => /^arxiv:2609\.3\d{4}$/.test(record.id));
    expect(listed).toHaveLength(2000);
    expect(listed.every((record) => record.title && record.source.kind === 'arxiv-list')).toBe(true);
    expect(
      await watching.evaluate(() => chrome.runtime.sendMessage({ type: 'recent', limit: 1 })),
    ).toMatchObject({
      ok: true,
    });
    await watching.close();
    await page.close();
  });
});

describe("a content script's messages", () => {
  it('are refused what only extension pages may ask, and never reach the index behind the background', async () => {
    const { page, tabId } = await openTab(browser, SENTENCEPIECE);
    await eventually(async () => (await popupTitle(tabId))?.startsWith('SentencePiece'));
    // The popup's search goes through the background, which starts the index's offscreen document.
    const popup = await openPopup(browser, tabId);
    const search = { type: 'search', query: 'SentencePiece', limit: 5 };
    const asked = await eventually(async () => {
      const reply = (await popup.evaluate((m) => chrome.runtime.sendMessage(m), search)) as {
        ok: boolean;
        value?: { ids: string[] };
      };
      return reply.ok && reply.value?.ids.includes('arxiv:1808.06226') && reply;
    });
    expect(asked.ok).toBe(true);
    // The index worker's own channel (lib/index-channel.ts): an extension page hears it and is answered...
    const onChannel = `new Promise((done) => {
      const channel = new BroadcastChannel('papershelf-index');
      const heard = [];
      channel.onmessage = ({ data }) => heard.push(data?.kind);
      channel.postMessage({ kind: 'who' });
      channel.postMessage({ kind: 'ask', from: 'them', id: 0, message: ${JSON.stringify(search)} });
      setTimeout(() => done(heard.sort()), 500);
    })`;
    expect(await popup.evaluate(onChannel)).toEqual(['answer', 'here']);
    await popup.close();

    const send = (message: object) =>
      inContentScript(
        browser,
        page,
        `chrome.runtime.sendMessage(${JSON.stringify(message)}).then((r) => r ?? 'no answer', (e) => 'no answer: ' + e.message)`,
      );
    // ...but a content script's channel is the web page's origin: nobody there.
    expect(await inContentScript(browser, page, onChannel)).toEqual([]);
    // Straight to the offscreen document, past the background's checks: not answered.
    expect(await send({ target: 'papershelf-index-host', message: search })).toMatch(/^no answer/);
    // Through the background: refused, by name.
    expect(await send(search)).toEqual({
      ok: false,
      error: 'Papershelf refused "search": not accepted from content.',
    });
    expect(await send({ type: 'remove', ids: ['arxiv:1808.06226'] })).toMatchObject({ ok: false });
    expect((await libraryRecords(browser.worker)).some((r) => r.id === 'arxiv:1808.06226')).toBe(true);
    // The settings are the extension's own: a content script can neither write nor read them.
    const write = await inContentScript(
      browser,
      page,
      `(async () => { try { await chrome.storage.sync.set({ settings: { autoClip: false } }); return 'written'; }
        catch (error) { return 'refused'; } })()`,
    );
    const read = await inContentScript(
      browser,
      page,
      `(async () => { try { return JSON.stringify(await chrome.storage.sync.get(null)); } catch { return 'refused'; } })()`,
    );
    expect([write, read]).toEqual(['refused', 'refused']);
    await page.close();
  });
});

describe('Hugging Face moving from one daily listing to another without a reload', () => {
  it('"Clip all" clips the listing the page shows now, not the one it showed before', async () => {
    const { page, tabId } = await openTab(browser, HF_DAILY);
    const first = await reportedTabState(browser, tabId, HF_DAILY);
    expect(first.listing?.count).toBe(28);
    // The day before: the same cards under other ids (24 of the 28 are 2609.xxxxx papers; they become 2610.xxxxx),
    // rendered a moment after the URL changes, as the app renders after pushState.
    const otherDay = readFileSync(`tests/fixtures/${HF_DAILY_FILE}`, 'utf8').replaceAll('2609.', '2610.');
    const otherUrl = 'https://huggingface.co/papers/date/2026-09-27';
    await page.evaluate(
      ({ html, path }) => {
        history.pushState({}, '', path);
        setTimeout(() => {
          document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
        }, 600);
      },
      { html: otherDay, path: '/papers/date/2026-09-27' },
    );
    await reportedTabState(browser, tabId, otherUrl);
    const held = new Set((await libraryRecords(browser.worker)).map((record) => record.id));
    const popup = await openPopup(browser, tabId);
    await expect
      .poll(() => popup.getByTestId('clip-all').textContent(), { timeout: 15_000 })
      .toBe('Clip all 28');
    await popup.getByTestId('clip-all').click();
    await expect
      .poll(() => popup.getByTestId('clip-all').textContent(), { timeout: 15_000 })
      .toBe('✓ All 28 in your library');
    const ids = (await libraryRecords(browser.worker)).map((record) => record.id);
    expect(ids.filter((id) => id.startsWith('arxiv:2610.'))).toHaveLength(24);
    // What Clip all added is the day shown now: none of the papers of the day shown before.
    const shownBefore = new Set(
      [...readFileSync(`tests/fixtures/${HF_DAILY_FILE}`, 'utf8').matchAll(/2609\.\d{5}/g)].map(
        (m) => `arxiv:${m[0]}`,
      ),
    );
    expect(ids.filter((id) => !held.has(id) && shownBefore.has(id))).toEqual([]);
    await popup.close();
    await page.close();
  });
});
