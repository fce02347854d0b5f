/**
 * Clipping on visit, versions, unclip, manual mode, recent clips and Back to a page from the back/forward cache,
 * with the built extension in Chromium and in Firefox; and what only Firefox has to show: it installs on the lowest Firefox its manifest asks for, and runs
 * the MV2 build, a background page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attribute,
  type Browser,
  badge,
  badgeText,
  browserName,
  byTestId,
  click,
  EXTENSION,
  eventually,
  launch,
  libraryRecords,
  onlyIn,
  openExtensionPage,
  openPopup,
  openTab,
  reportedTabState,
  serve,
  serveHtml,
  text,
  version,
} from './harness';

declare const browser: typeof import('wxt/browser').browser;

// The same paper as two versions: v7 is a real capture (August 2026); v1 is that capture edited into what arXiv
// shows for version 1 (version line, dates: see the fixture's header).
const ATTENTION_V1 = 'https://arxiv.org/abs/1706.03762v1';
const ATTENTION_V7 = 'https://arxiv.org/abs/1706.03762v7';
// A well-formed id that names no paper: arXiv answers with a 404 "not found" page, at a URL the content script
// runs on and whose path alone looks like a paper's.
const NOT_FOUND = 'https://arxiv.org/abs/2609.99999';

const checked = (page: Awaited<ReturnType<typeof openPopup>>, id: string) =>
  page.$eval(byTestId(id), (e) => (e as HTMLInputElement).checked);

describe(`clipping in ${browserName} with the built extension`, () => {
  let b: Browser;

  beforeAll(async () => {
    b = await launch();
    serve(b, ATTENTION_V1, 'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html');
    serve(b, ATTENTION_V7, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
    serve(b, NOT_FOUND, 'arxiv-abs/2609.99999-not-found-BUILT-on-2026-08-page-chrome.html', 404);
    serveHtml(
      b,
      'https://arxiv.org/help',
      '<html><head><title>Help - arXiv info</title></head><body><h1>Help</h1></body></html>',
    );
  });
  afterAll(() => b?.close());

  // Firefox only: Chromium has no minimum version in the manifest, and runs the MV3 build (a service worker).
  it.runIf(onlyIn('firefox'))(
    'Firefox: installed unmodified on this Firefox, which the manifest allows; an MV2 background page',
    async () => {
      const manifest = JSON.parse(readFileSync(`${EXTENSION}/manifest.json`, 'utf8'));
      const min = Number.parseFloat(manifest.browser_specific_settings.gecko.strict_min_version);
      const running = Number.parseFloat((await version(b)).replace(/^firefox\//, ''));
      expect(running).toBeGreaterThanOrEqual(min);
      // The lowest version the manifest asks for is the ESR that Debian ships (see wxt.config.ts).
      expect(min).toBeLessThanOrEqual(140);
      // An MV2 background page: a page with a DOM and `Worker`, no service worker, no offscreen document.
      const background = await b.ext.evaluate(async () => {
        const page = (await browser.runtime.getBackgroundPage()) as (Window & typeof globalThis) | null;
        return { worker: typeof page?.Worker, manifest: browser.runtime.getManifest().manifest_version };
      });
      expect(background).toEqual({ worker: 'function', manifest: 2 });
    },
  );

  it('stores nothing for an abstract URL whose page holds no paper (arXiv\'s "not found" page)', async () => {
    const { page, tabId } = await openTab(b, NOT_FOUND);
    const state = await reportedTabState(b, tabId, NOT_FOUND);
    expect(state.papers).toEqual([]);
    expect(await libraryRecords(b)).toEqual([]);
    expect(await badgeText(b, tabId)).toBe('');
    await page.close();
  });

  it('clips a visited abstract page once, under its canonical id; the tab state is in storage.session', async () => {
    const { page, tabId } = await openTab(b, ATTENTION_V1);
    const records = await eventually(async () => {
      const all = await libraryRecords(b);
      return all.length > 0 && all;
    });
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]?.title).toBe('Attention Is All You Need');
    expect(records[0]?.authors).toHaveLength(8);
    expect(records[0]).toMatchObject({ version: 1, submitted: '2017-06-12', updated: '2017-06-12' });
    expect(await eventually(async () => (await badgeText(b, tabId)) || undefined)).toBe('✓');
    // The badge's tooltip (`action` in MV3, `browserAction` in MV2) says the same.
    expect((await badge(b, tabId)).title).toBe('Papershelf: 1 of 1 in your library');
    // What the tab shows is kept in storage.session (Firefox >= 115 has it in MV2), under the tab's id.
    const session = await b.ext.evaluate(() => browser.storage.session.get(null));
    expect(session[`tab-${tabId}`]).toMatchObject({ url: ATTENTION_V1 });
    await page.close();
    // A closed tab's state goes with it.
    await eventually(async () => {
      const left = await b.ext.evaluate(() => browser.storage.session.get(null));
      return !(`tab-${tabId}` in left);
    });
  });

  it('keeps one record when the same paper is visited again as a newer version; unclips from the popup', async () => {
    const { page, tabId } = await openTab(b, ATTENTION_V7);
    await eventually(async () => (await badgeText(b, tabId)) === '✓');
    const records = await libraryRecords(b);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });

    const popup = await openPopup(b, tabId);
    await popup.waitForSelector(byTestId('paper-title'));
    expect(await text(popup, byTestId('paper-title'))).toBe('Attention Is All You Need');
    expect(await text(popup, byTestId('paper-authors'))).toContain('Ashish Vaswani');
    const toggle = byTestId('clip-toggle');
    expect(await attribute(popup, toggle, 'data-state')).toBe('saved');

    await click(popup, toggle);
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'unsaved');
    expect(await libraryRecords(b)).toEqual([]);
    expect(await badgeText(b, tabId)).toBe('');
    await popup.close();
    await page.close();
  });

  it('in manual mode, clips only when the popup toggle is pressed', async () => {
    const options = await openExtensionPage(b, 'options.html');
    await click(options, byTestId('manual-clip'));
    await eventually(async () => checked(options, 'manual-clip'));

    const { page, tabId } = await openTab(b, ATTENTION_V7);
    await reportedTabState(b, tabId, ATTENTION_V7);
    const popup = await openPopup(b, tabId);
    const toggle = byTestId('clip-toggle');
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'unsaved');
    expect(await libraryRecords(b)).toEqual([]);

    await click(popup, toggle);
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'saved');
    expect((await libraryRecords(b)).map((r) => r.id)).toEqual(['arxiv:1706.03762']);

    await click(options, byTestId('auto-clip'));
    await eventually(async () => checked(options, 'auto-clip'));
    await Promise.all([options.close(), popup.close(), page.close()]);
  });

  it('keeps the newer version when an older one is visited after it', async () => {
    expect((await libraryRecords(b)).map((r) => r.version)).toEqual([7]);
    const { page, tabId } = await openTab(b, ATTENTION_V1);
    await eventually(async () => (await badgeText(b, tabId)) === '✓');
    const records = await libraryRecords(b);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });
    await page.close();
  });

  it('shows the most recent clips on a page without a paper', async () => {
    const { page, tabId } = await openTab(b, 'https://arxiv.org/help');
    const popup = await openPopup(b, tabId);
    await popup.waitForSelector(byTestId('recent-item'));
    expect(await text(popup, byTestId('recent-item'))).toContain('Attention Is All You Need');
    await Promise.all([popup.close(), page.close()]);
  });

  // A page the browser keeps in its back/forward cache comes back without loading: its content script reports
  // it again on `pageshow` (Firefox and Chromium each restore pages their own way).
  it('Back to a paper page restored from the back/forward cache: the tab shows its paper again', async () => {
    const { page, tabId } = await openTab(b, ATTENTION_V7);
    await page.evaluate(() => {
      sessionStorage.setItem('restored', 'no');
      addEventListener('pageshow', (event) => event.persisted && sessionStorage.setItem('restored', 'yes'));
    });
    await reportedTabState(b, tabId, ATTENTION_V7);
    await eventually(async () => (await badgeText(b, tabId)) === '✓');
    await page.goto('https://arxiv.org/help');
    // The next page, which holds no paper, clears the badge.
    await eventually(async () => (await badgeText(b, tabId)) === '');
    // Back, as the reader goes: Puppeteer's own goBack waits for a load that a page restored from the cache
    // never has in Firefox.
    await page.evaluate(() => history.back());
    // The page really came back from the cache: its scripts did not run again.
    expect(
      await eventually(async () =>
        page
          .evaluate(
            () =>
              location.href === 'https://arxiv.org/abs/1706.03762v7' &&
              sessionStorage.getItem('restored') === 'yes',
          )
          .catch(() => undefined),
      ),
    ).toBe(true);
    const state = await reportedTabState(b, tabId, ATTENTION_V7);
    expect(state.papers.map((paper) => paper.title)).toEqual(['Attention Is All You Need']);
    expect(await eventually(async () => (await badgeText(b, tabId)) || undefined)).toBe('✓');
    await page.close();
  });
});
