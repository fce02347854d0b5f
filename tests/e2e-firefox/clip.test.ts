/**
 * Clipping in real Firefox with the built MV2 add-on (the flows of tests/e2e/clip.test.ts), plus what only
 * Firefox has: it installs on the lowest Firefox its manifest asks for, its toolbar button is a
 * `browserAction`, and what each tab shows lives in `storage.session` of an MV2 background page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attribute,
  type Browser,
  type BrowserAction,
  badgeText,
  byTestId,
  click,
  eventually,
  launch,
  libraryRecords,
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

const ATTENTION_V1 = 'https://arxiv.org/abs/1706.03762v1';
const ATTENTION_V7 = 'https://arxiv.org/abs/1706.03762v7';
const NOT_FOUND = 'https://arxiv.org/abs/2609.99999';

describe('clipping in Firefox with the built extension', () => {
  let ff: Browser;

  beforeAll(async () => {
    ff = await launch();
    serve(ff, ATTENTION_V1, 'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html');
    serve(ff, ATTENTION_V7, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
    serve(ff, NOT_FOUND, 'arxiv-abs/2609.99999-not-found-BUILT-on-2026-08-page-chrome.html', 404);
    serveHtml(
      ff,
      'https://arxiv.org/help',
      '<html><head><title>Help - arXiv info</title></head><body><h1>Help</h1></body></html>',
    );
  });
  afterAll(() => ff?.close());

  it('installed unmodified on this Firefox, which the manifest allows', async () => {
    const manifest = JSON.parse(readFileSync('.output/firefox-mv2/manifest.json', 'utf8'));
    const min = Number.parseFloat(manifest.browser_specific_settings.gecko.strict_min_version);
    const running = Number.parseFloat((await version(ff)).replace(/^firefox\//, ''));
    expect(running).toBeGreaterThanOrEqual(min);
    // The lowest version the manifest asks for is the ESR that Debian ships (see wxt.config.ts).
    expect(min).toBeLessThanOrEqual(140);
    // An MV2 background page: a page with a DOM and `Worker`, no service worker, no offscreen document.
    const background = await ff.ext.evaluate(async () => {
      const page = (await browser.runtime.getBackgroundPage()) as (Window & typeof globalThis) | null;
      return { worker: typeof page?.Worker, manifest: browser.runtime.getManifest().manifest_version };
    });
    expect(background).toEqual({ worker: 'function', manifest: 2 });
  });

  it('stores nothing for an abstract URL whose page holds no paper (arXiv\'s "not found" page)', async () => {
    const { page, tabId } = await openTab(ff, NOT_FOUND);
    const state = await reportedTabState(ff, tabId, NOT_FOUND);
    expect(state.papers).toEqual([]);
    expect(await libraryRecords(ff)).toEqual([]);
    expect(await badgeText(ff, tabId)).toBe('');
    await page.close();
  });

  it('clips a visited abstract page once, under its canonical id; the tab state is in storage.session', async () => {
    const { page, tabId } = await openTab(ff, ATTENTION_V1);
    const records = await eventually(async () => {
      const all = await libraryRecords(ff);
      return all.length > 0 && all;
    });
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]?.title).toBe('Attention Is All You Need');
    expect(records[0]?.authors).toHaveLength(8);
    expect(records[0]).toMatchObject({ version: 1, submitted: '2017-06-12', updated: '2017-06-12' });
    expect(await eventually(async () => (await badgeText(ff, tabId)) || undefined)).toBe('✓');
    // The badge's tooltip, through browserAction (MV2), says the same.
    expect(
      await ff.ext.evaluate(
        (id) => (browser.browserAction as unknown as BrowserAction).getTitle({ tabId: id }),
        tabId,
      ),
    ).toBe('Papershelf: 1 of 1 in your library');
    // What the tab shows is kept in storage.session (Firefox >= 115 has it in MV2), under the tab's id.
    const session = await ff.ext.evaluate(() => browser.storage.session.get(null));
    expect(session[`tab-${tabId}`]).toMatchObject({ url: ATTENTION_V1 });
    await page.close();
    // A closed tab's state goes with it.
    await eventually(async () => {
      const left = await ff.ext.evaluate(() => browser.storage.session.get(null));
      return !(`tab-${tabId}` in left);
    });
  });

  it('keeps one record when the same paper is visited again as a newer version; unclips from the popup', async () => {
    const { page, tabId } = await openTab(ff, ATTENTION_V7);
    await eventually(async () => (await badgeText(ff, tabId)) === '✓');
    const records = await libraryRecords(ff);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });

    const popup = await openPopup(ff, tabId);
    await popup.waitForSelector(byTestId('paper-title'));
    expect(await text(popup, byTestId('paper-title'))).toBe('Attention Is All You Need');
    expect(await text(popup, byTestId('paper-authors'))).toContain('Ashish Vaswani');
    const toggle = byTestId('clip-toggle');
    expect(await attribute(popup, toggle, 'data-state')).toBe('saved');

    await click(popup, toggle);
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'unsaved');
    expect(await libraryRecords(ff)).toEqual([]);
    expect(await badgeText(ff, tabId)).toBe('');
    await popup.close();
    await page.close();
  });

  it('in manual mode, clips only when the popup toggle is pressed', async () => {
    const options = await openExtensionPage(ff, 'options.html');
    await click(options, byTestId('manual-clip'));
    await eventually(async () =>
      options.$eval(byTestId('manual-clip'), (e) => (e as HTMLInputElement).checked),
    );

    const { page, tabId } = await openTab(ff, ATTENTION_V7);
    await reportedTabState(ff, tabId, ATTENTION_V7);
    const popup = await openPopup(ff, tabId);
    const toggle = byTestId('clip-toggle');
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'unsaved');
    expect(await libraryRecords(ff)).toEqual([]);

    await click(popup, toggle);
    await eventually(async () => (await attribute(popup, toggle, 'data-state')) === 'saved');
    expect((await libraryRecords(ff)).map((r) => r.id)).toEqual(['arxiv:1706.03762']);

    await click(options, byTestId('auto-clip'));
    await eventually(async () =>
      options.$eval(byTestId('auto-clip'), (e) => (e as HTMLInputElement).checked),
    );
    await Promise.all([options.close(), popup.close(), page.close()]);
  });

  it('keeps the newer version when an older one is visited after it', async () => {
    expect((await libraryRecords(ff)).map((r) => r.version)).toEqual([7]);
    const { page, tabId } = await openTab(ff, ATTENTION_V1);
    await eventually(async () => (await badgeText(ff, tabId)) === '✓');
    const records = await libraryRecords(ff);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });
    await page.close();
  });

  it('shows the most recent clips on a page without a paper', async () => {
    const { page, tabId } = await openTab(ff, 'https://arxiv.org/help');
    const popup = await openPopup(ff, tabId);
    await popup.waitForSelector(byTestId('recent-item'));
    expect(await text(popup, byTestId('recent-item'))).toContain('Attention Is All You Need');
    await Promise.all([popup.close(), page.close()]);
  });
});
