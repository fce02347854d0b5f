import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  badgeText,
  eventually,
  launch,
  libraryRecords,
  openPopup,
  openTab,
  reportedTabState,
  serve,
  serveHtml,
} from './harness';

// The same paper as two versions: v7 is a real capture (August 2026); v1 is that capture edited into what arXiv
// shows for version 1 (version line, dates: see the fixture's header).
const ATTENTION_V1 = 'https://arxiv.org/abs/1706.03762v1';
const ATTENTION_V7 = 'https://arxiv.org/abs/1706.03762v7';
// A well-formed id that names no paper: arXiv answers with a 404 "not found" page, at a URL the content script
// runs on and whose path alone looks like a paper's.
const NOT_FOUND = 'https://arxiv.org/abs/2609.99999';

describe('clipping in Chromium with the built extension', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
    await serve(
      browser.context,
      ATTENTION_V1,
      'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html',
    );
    await serve(browser.context, ATTENTION_V7, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
    await serve(
      browser.context,
      NOT_FOUND,
      'arxiv-abs/2609.99999-not-found-BUILT-on-2026-08-page-chrome.html',
      404,
    );
    await serveHtml(
      browser.context,
      'https://arxiv.org/help',
      '<html><head><title>Help - arXiv info</title></head><body><h1>Help</h1></body></html>',
    );
  });
  afterAll(() => browser?.close());

  it('stores nothing for an abstract URL whose page holds no paper (arXiv\'s "not found" page)', async () => {
    const { page, tabId } = await openTab(browser, NOT_FOUND);
    const state = await reportedTabState(browser, tabId, NOT_FOUND);
    expect(state.papers).toEqual([]);
    expect(await libraryRecords(browser.worker)).toEqual([]);
    expect(await badgeText(browser, tabId)).toBe('');
    await page.close();
  });

  it('clips a visited abstract page once, under its canonical id', async () => {
    const { page, tabId } = await openTab(browser, ATTENTION_V1);
    const records = await eventually(async () => {
      const all = await libraryRecords(browser.worker);
      return all.length > 0 && all;
    });
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]?.title).toBe('Attention Is All You Need');
    expect(records[0]?.authors).toHaveLength(8);
    expect(records[0]).toMatchObject({ version: 1, submitted: '2017-06-12', updated: '2017-06-12' });
    expect(await eventually(async () => (await badgeText(browser, tabId)) || undefined)).toBe('✓');
    await page.close();
  });

  it('keeps one record when the same paper is visited again as a newer version, which it then shows', async () => {
    const { page, tabId } = await openTab(browser, ATTENTION_V7);
    await eventually(async () => (await badgeText(browser, tabId)) === '✓');
    const records = await libraryRecords(browser.worker);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });

    const popup = await openPopup(browser, tabId);
    await expect(popup.getByTestId('paper-title').textContent()).resolves.toBe('Attention Is All You Need');
    await expect(popup.getByTestId('paper-authors').textContent()).resolves.toContain('Ashish Vaswani');
    const toggle = popup.getByTestId('clip-toggle');
    expect(await toggle.getAttribute('data-state')).toBe('saved');

    await toggle.click();
    await eventually(async () => (await toggle.getAttribute('data-state')) === 'unsaved');
    expect(await libraryRecords(browser.worker)).toEqual([]);
    expect(await badgeText(browser, tabId)).toBe('');
    await popup.close();
    await page.close();
  });

  it('in manual mode, clips only when the popup toggle is pressed', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('manual-clip').check();
    await eventually(async () => options.getByTestId('manual-clip').isChecked());

    const { page, tabId } = await openTab(browser, ATTENTION_V7);
    const popup = await openPopup(browser, tabId);
    const toggle = popup.getByTestId('clip-toggle');
    expect(await toggle.getAttribute('data-state')).toBe('unsaved');
    expect(await libraryRecords(browser.worker)).toEqual([]);

    await toggle.click();
    await eventually(async () => (await toggle.getAttribute('data-state')) === 'saved');
    expect((await libraryRecords(browser.worker)).map((r) => r.id)).toEqual(['arxiv:1706.03762']);

    await options.getByTestId('auto-clip').check();
    await Promise.all([options.close(), popup.close(), page.close()]);
  });

  it('keeps the newer version when an older one is visited after it', async () => {
    expect((await libraryRecords(browser.worker)).map((r) => r.version)).toEqual([7]);
    const { page, tabId } = await openTab(browser, ATTENTION_V1);
    await eventually(async () => (await badgeText(browser, tabId)) === '✓');
    const records = await libraryRecords(browser.worker);
    expect(records.map((r) => r.id)).toEqual(['arxiv:1706.03762']);
    expect(records[0]).toMatchObject({ version: 7, submitted: '2017-06-12', updated: '2023-08-02' });
    await page.close();
  });

  it('shows the most recent clips on a page without a paper', async () => {
    const { page, tabId } = await openTab(browser, 'https://arxiv.org/help');
    const popup = await openPopup(browser, tabId);
    await expect(popup.getByTestId('recent-item').first().textContent()).resolves.toContain(
      'Attention Is All You Need',
    );
    await Promise.all([popup.close(), page.close()]);
  });
});
