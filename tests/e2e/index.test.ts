/**
 * The library index in real Chromium: a reading list imported on the library page, related papers and search
 * in the popup, and the index still right after the service worker is stopped and after the extension reloads.
 *
 * The reading list holds 80 real cs papers of 2025 (../shared/datasets/arxiv-daily-cs-2025): 8 about subword
 * tokenization, picked by reading their titles and abstracts (Boundless BPE, ByteSpan, StochasTok, MoVoC,
 * conditional unigram tokenization, tokenizers for Indian languages, multilingual tokenizer design, hybrid
 * tokenization), and 72 that never mention tokens. SentencePiece, a subword tokenizer, is served at its real
 * arXiv URL.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  eventually,
  launch,
  libraryRecords,
  openPopup,
  openTab,
  serve,
  serveHtml,
} from './harness';

declare const chrome: typeof import('wxt/browser').browser;

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const BAD_LINE_3 = 'tests/fixtures/library/bad-line-3.jsonl';
const TOKENIZER_PAPERS = [
  'Boundless Byte Pair Encoding: Breaking the Pre-tokenization Barrier',
  'Comparative analysis of subword tokenization approaches for Indian languages',
  'ByteSpan: Information-Driven Subword Tokenisation',
  'Conditional Unigram Tokenization with Parallel Data',
  'The Art of Breaking Words: Rethinking Multilingual Tokenizer Design',
  'Tokens with Meaning: A Hybrid Tokenization Approach for NLP',
  'StochasTok: Improving Fine-Grained Subword Understanding in LLMs',
  'MoVoC: Morphology-Aware Subword Construction for Geez Script Languages',
];
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const DOLMA = 'https://arxiv.org/abs/2402.00159v2';

let browser: Browser;

/** The service worker now running (a stopped one is started again by the next event). */
async function currentWorker(context: BrowserContext): Promise<Worker> {
  return eventually(async () => context.serviceWorkers().at(-1));
}

async function libraryPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
  return page;
}

/** Imports `file` on the library page; resolves to every state its message showed, and the final text. */
async function importFile(page: Page, file: string) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { importStates: string[] }).importStates = seen;
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="import-message"]')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByTestId('import-input').setInputFiles(file);
  const message = page.getByTestId('import-message');
  await eventually(async () =>
    ['done', 'failed', 'cancelled'].includes((await message.getAttribute('data-state')) ?? ''),
  );
  return {
    states: await page.evaluate(() => (window as unknown as { importStates: string[] }).importStates),
    text: await message.textContent(),
    state: await message.getAttribute('data-state'),
  };
}

async function relatedTitles(popup: Page): Promise<string[]> {
  await popup.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
  return popup.getByTestId('related-item').locator('a').allTextContents();
}

beforeAll(async () => {
  browser = await launch();
  await serve(browser.context, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  await serve(browser.context, DOLMA, 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html');
  await serveHtml(browser.context, 'https://arxiv.org/abs/2504.00178', '<title>Boundless BPE</title>');
}, 60_000);
afterAll(() => browser?.close());

describe('importing a reading list', () => {
  it('refuses a file with a bad line, naming it, and imports nothing', async () => {
    const page = await libraryPage();
    const result = await importFile(page, BAD_LINE_3);
    expect(result.state).toBe('failed');
    expect(result.text).toMatch(/line 3\b/i);
    expect(result.text).toMatch(/nothing was imported/i);
    expect(await libraryRecords(browser.worker)).toEqual([]);
    await page.close();
  });

  it('imports every paper with progress, and they are searchable at once', async () => {
    const page = await libraryPage();
    const result = await importFile(page, READING_LIST);
    expect(result.state).toBe('done');
    expect(result.text).toContain('80 papers added');
    expect(result.states.some((state) => state === 'checking' || state === 'importing')).toBe(true);
    expect(await libraryRecords(browser.worker)).toHaveLength(80);
    await page.getByTestId('library-search').fill('boundless pre-tokenization');
    await eventually(async () =>
      (await page.getByTestId('library-item').first().textContent())?.includes('Boundless Byte Pair'),
    );
    await page.close();
  });
});

describe('related papers in the popup', () => {
  it('shows related papers for a paper not yet saved, with reasons, in manual mode', async () => {
    const settings = await openPopup(browser, 0);
    await settings.evaluate(() => chrome.runtime.sendMessage({ type: 'set-settings', autoClip: false }));
    await settings.close();
    const { page, tabId } = await openTab(browser, SENTENCEPIECE);
    const popup = await openPopup(browser, tabId);
    await expect
      .poll(() => popup.getByTestId('clip-toggle').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('unsaved');
    const titles = await relatedTitles(popup);
    expect(titles).toHaveLength(5);
    // The closest is a tokenization paper, and so are nearly all of the five.
    expect(TOKENIZER_PAPERS).toContain(titles[0]);
    expect(titles.filter((title) => TOKENIZER_PAPERS.includes(title)).length).toBeGreaterThanOrEqual(4);
    const reasons = await popup.getByTestId('related-reason').allTextContents();
    expect(reasons[0]).toMatch(/subword|tokeni[sz]|sentencepiece|vocabular/i);
    await popup.close();
    await page.close();
    const back = await openPopup(browser, 0);
    await back.evaluate(() => chrome.runtime.sendMessage({ type: 'set-settings', autoClip: true }));
    await back.close();
  });

  it('shows related papers for a saved paper, never the paper itself', async () => {
    const { page, tabId } = await openTab(browser, SENTENCEPIECE);
    await eventually(async () =>
      (await libraryRecords(browser.worker)).some((r) => r.id === 'arxiv:1808.06226'),
    );
    const popup = await openPopup(browser, tabId);
    await expect
      .poll(() => popup.getByTestId('clip-toggle').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('saved');
    const titles = await relatedTitles(popup);
    expect(titles).toHaveLength(5);
    expect(titles.join('\n')).not.toContain('SentencePiece');
    expect(TOKENIZER_PAPERS).toContain(titles[0]);
    await popup.close();
    await page.close();
  });
});

describe('the popup with the keyboard', () => {
  it('focus starts in the search box; arrows walk the related papers; Escape goes back', async () => {
    const { page, tabId } = await openTab(browser, SENTENCEPIECE);
    const popup = await openPopup(browser, tabId);
    await relatedTitles(popup);
    const focused = () =>
      popup.evaluate(
        () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent,
      );
    await expect.poll(focused).toBe('search-input');
    const titles = await popup.getByTestId('related-item').locator('a').allTextContents();
    await popup.keyboard.press('ArrowDown');
    expect(await focused()).toBe(titles[0]);
    await popup.keyboard.press('ArrowDown');
    expect(await focused()).toBe(titles[1]);
    await popup.keyboard.press('ArrowUp');
    expect(await focused()).toBe(titles[0]);
    await popup.keyboard.press('Escape');
    expect(await focused()).toBe('search-input');
    // SentencePiece has two authors: no "et al."; its v1 date is shown.
    expect(await popup.getByTestId('paper-authors').textContent()).toBe('Taku Kudo, John Richardson');
    expect(await popup.getByTestId('paper-dates').textContent()).toMatch(/^v1 2018-08-19/);
    await popup.close();
    await page.close();
  });
});

describe('search in the popup', () => {
  it('updates on every keystroke: prefixes, typos, ids; Enter opens the first result', async () => {
    const popup = await openPopup(browser, 0);
    const input = popup.getByTestId('search-input');
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('search-input');
    const first = () => popup.getByTestId('search-result').first().locator('a').textContent();
    await input.pressSequentially('bytespa');
    await expect.poll(first, { timeout: 10_000 }).toBe('ByteSpan: Information-Driven Subword Tokenisation');
    await input.fill('');
    await input.pressSequentially('tokenisaton subwrd');
    await expect.poll(first).toMatch(/Subword/);
    await input.fill('2504.00178');
    await expect.poll(first).toBe('Boundless Byte Pair Encoding: Breaking the Pre-tokenization Barrier');
    const opened = browser.context.waitForEvent('page');
    // The popup closes itself once the paper's tab is open.
    await input.press('Enter').catch(() => {});
    const tab = await opened;
    await tab.waitForURL(/arxiv\.org\/abs\/2504\.00178/);
    await tab.close();
  });
});

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
});
