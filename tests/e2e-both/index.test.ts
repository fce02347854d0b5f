/**
 * The library index with the built extension in Chromium and in Firefox: a reading list imported on the library
 * page, related papers and search in the popup; in Firefox, the index still right after the add-on reloads (a new
 * background page and the worker it starts). Chromium's counterpart, a stopped service worker and a closed
 * offscreen document, needs its DevTools protocol: it is in tests/e2e/index.test.ts.
 *
 * The reading list holds 80 real cs papers of 2025 (../shared/datasets/arxiv-daily-cs-2025): 8 about subword
 * tokenization, picked by reading their titles and abstracts (Boundless BPE, ByteSpan, StochasTok, MoVoC,
 * conditional unigram tokenization, tokenizers for Indian languages, multilingual tokenizer design, hybrid
 * tokenization), and 72 that never mention tokens. SentencePiece, a subword tokenizer, is served at its real
 * arXiv URL.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attribute,
  type Browser,
  browserName,
  byTestId,
  count,
  eventually,
  fill,
  importFile,
  launch,
  libraryRecords,
  onlyIn,
  openExtensionPage,
  openPopup,
  openTab,
  reloadExtension,
  sendMessage,
  serve,
  serveHtml,
  text,
  texts,
} from './harness';

declare const browser: typeof import('wxt/browser').browser;

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
const BOUNDLESS = TOKENIZER_PAPERS[0];
const BYTESPAN = TOKENIZER_PAPERS[2];
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const DOLMA = 'https://arxiv.org/abs/2402.00159v2';
const DOLMA_TITLE = 'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research';

let b: Browser;

async function relatedTitles(popup: Page): Promise<string[]> {
  await popup.waitForSelector(byTestId('related-item'), { timeout: 15_000 });
  return texts(popup, `${byTestId('related-item')} a`);
}

/** The first result of a search typed in the popup, key by key. */
async function popupSearch(popup: Page, query: string): Promise<string | null> {
  await fill(popup, byTestId('search-input'), '');
  await popup.type(byTestId('search-input'), query);
  return eventually(async () => (await text(popup, `${byTestId('search-result')} a`)) ?? undefined, 15_000);
}

const focused = (popup: Page) =>
  popup.evaluate(
    () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent,
  );

beforeAll(async () => {
  b = await launch();
  serve(b, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  serve(b, DOLMA, 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html');
  serveHtml(b, 'https://arxiv.org/abs/2504.00178', '<title>Boundless BPE</title>');
});
afterAll(() => b?.close());

describe(`importing a reading list, in ${browserName}`, () => {
  it('refuses a file with a bad line, naming it, and imports nothing', async () => {
    const page = await openExtensionPage(b, 'library.html');
    const result = await importFile(page, BAD_LINE_3);
    expect(result.state).toBe('failed');
    expect(result.text).toMatch(/line 3\b/i);
    expect(result.text).toMatch(/nothing was imported/i);
    expect(await libraryRecords(b)).toEqual([]);
    await page.close();
  });

  it('imports every paper with progress, and they are searchable at once', async () => {
    const page = await openExtensionPage(b, 'library.html');
    const result = await importFile(page, READING_LIST);
    expect(result.state).toBe('done');
    expect(result.text).toContain('80 papers added');
    expect(result.states.some((state) => state === 'checking' || state === 'importing')).toBe(true);
    expect(await libraryRecords(b)).toHaveLength(80);
    await fill(page, byTestId('library-search'), 'boundless pre-tokenization');
    await eventually(async () =>
      (await text(page, byTestId('library-item')))?.includes('Boundless Byte Pair'),
    );
    await page.close();
  });
});

describe(`related papers in the popup, in ${browserName}`, () => {
  it('shows related papers for a paper not yet saved, with reasons, in manual mode', async () => {
    await sendMessage(b, { type: 'set-settings', autoClip: false });
    const { page, tabId } = await openTab(b, SENTENCEPIECE);
    const popup = await openPopup(b, tabId);
    await eventually(
      async () => (await attribute(popup, byTestId('clip-toggle'), 'data-state')) === 'unsaved',
    );
    const titles = await relatedTitles(popup);
    expect(titles).toHaveLength(5);
    // The closest is a tokenization paper, and so are nearly all of the five.
    expect(TOKENIZER_PAPERS).toContain(titles[0]);
    expect(titles.filter((title) => TOKENIZER_PAPERS.includes(title)).length).toBeGreaterThanOrEqual(4);
    const reasons = await texts(popup, byTestId('related-reason'));
    expect(reasons[0]).toMatch(/subword|tokeni[sz]|sentencepiece|vocabular/i);
    expect(await libraryRecords(b)).toHaveLength(80);
    await Promise.all([popup.close(), page.close()]);
    await sendMessage(b, { type: 'set-settings', autoClip: true });
  });

  it('shows related papers for a saved paper, never the paper itself', async () => {
    const { page, tabId } = await openTab(b, SENTENCEPIECE);
    await eventually(async () => (await libraryRecords(b)).some((r) => r.id === 'arxiv:1808.06226'));
    const popup = await openPopup(b, tabId);
    await eventually(async () => (await attribute(popup, byTestId('clip-toggle'), 'data-state')) === 'saved');
    const titles = await relatedTitles(popup);
    expect(titles).toHaveLength(5);
    expect(titles.join('\n')).not.toContain('SentencePiece');
    expect(TOKENIZER_PAPERS).toContain(titles[0]);
    await Promise.all([popup.close(), page.close()]);
  });
});

describe(`the popup's first questions, in ${browserName}`, () => {
  // Chromium only: the test wraps the popup's messages with a script run as each document starts, and Firefox
  // runs none in its extension pages over WebDriver BiDi (the other popup tests show its first questions answered).
  it.runIf(onlyIn('chromium'))(
    'are asked as its HTML is parsed, before its modules run, and each only once',
    async () => {
      const { page, tabId } = await openTab(b, SENTENCEPIECE);
      await eventually(async () => (await libraryRecords(b)).some((r) => r.id === 'arxiv:1808.06226'));
      const popup = await b.puppeteer.newPage();
      // Every message the popup sends, with the document's state then: a module runs once it is parsed.
      await popup.evaluateOnNewDocument(() => {
        const sent: { type: string; parsing: boolean }[] = [];
        (window as unknown as { sent: typeof sent }).sent = sent;
        const scope = globalThis as unknown as { browser?: typeof browser; chrome: typeof browser };
        const api = scope.browser ?? scope.chrome;
        const original = api.runtime.sendMessage.bind(api.runtime);
        api.runtime.sendMessage = ((message: { type: string }) => {
          sent.push({ type: message.type, parsing: document.readyState === 'loading' });
          return original(message);
        }) as typeof api.runtime.sendMessage;
      });
      await openExtensionPage(b, `popup.html?tabId=${tabId}`, popup);
      expect(TOKENIZER_PAPERS).toContain((await relatedTitles(popup))[0]);
      const sent = await popup.evaluate(
        () => (window as unknown as { sent: { type: string; parsing: boolean }[] }).sent,
      );
      const first = ['tab-state', 'tab-related', 'recent'];
      for (const type of first) {
        expect(
          sent.filter((message) => message.type === type && message.parsing),
          type,
        ).toHaveLength(1);
        // The popup's app took the answers on rather than asking again.
        expect(
          sent.filter((message) => message.type === type),
          type,
        ).toHaveLength(1);
      }
      await Promise.all([popup.close(), page.close()]);
    },
  );
});

describe(`the popup with the keyboard, in ${browserName}`, () => {
  it('focus starts in the search box; arrows walk the related papers; Escape goes back', async () => {
    const { page, tabId } = await openTab(b, SENTENCEPIECE);
    const popup = await openPopup(b, tabId);
    const titles = await relatedTitles(popup);
    await eventually(async () => (await focused(popup)) === 'search-input');
    await popup.bringToFront();
    await popup.keyboard.press('ArrowDown');
    expect(await focused(popup)).toBe(titles[0]);
    await popup.keyboard.press('ArrowDown');
    expect(await focused(popup)).toBe(titles[1]);
    await popup.keyboard.press('ArrowUp');
    expect(await focused(popup)).toBe(titles[0]);
    await popup.keyboard.press('Escape');
    expect(await focused(popup)).toBe('search-input');
    // SentencePiece has two authors: no "et al."; its v1 date is shown.
    expect(await text(popup, byTestId('paper-authors'))).toBe('Taku Kudo, John Richardson');
    expect(await text(popup, byTestId('paper-dates'))).toMatch(/^v1 2018-08-19/);
    await Promise.all([popup.close(), page.close()]);
  });
});

describe(`search in the popup, in ${browserName}`, () => {
  it('updates on every keystroke: prefixes, typos, ids; Enter opens the first result', async () => {
    const popup = await openPopup(b, 0);
    await eventually(async () => (await focused(popup)) === 'search-input');
    await popup.bringToFront();
    expect(await popupSearch(popup, 'bytespa')).toBe(BYTESPAN);
    await eventually(async () => (await popupSearch(popup, 'tokenisaton subwrd'))?.match(/Subword/));
    await fill(popup, byTestId('search-input'), '2504.00178');
    await eventually(async () => (await text(popup, `${byTestId('search-result')} a`)) === BOUNDLESS);
    const opened = b.puppeteer.waitForTarget((t) => /arxiv\.org\/abs\/2504\.00178/.test(t.url()), {
      timeout: 10_000,
    });
    // The popup closes itself once the paper's tab is open.
    await popup.keyboard.press('Enter').catch(() => {});
    const tab = await (await opened).page();
    await tab?.close();
    if (!popup.isClosed()) await popup.close().catch(() => {});
  });
});

// Firefox only: headless Chromium does not bring an unpacked extension back after `runtime.reload()` (its pages
// answer ERR_BLOCKED_BY_CLIENT). Chromium's new background (a stopped service worker, a closed offscreen document)
// is tested in tests/e2e/index.test.ts, over the DevTools protocol.
describe.runIf(onlyIn('firefox'))('the index worker of the background page, in Firefox', () => {
  it('is right after the add-on reloads (a new background page, a new worker) and a paper removed before', async () => {
    const { page } = await openTab(b, DOLMA);
    await eventually(async () => (await libraryRecords(b)).some((r) => r.id === 'arxiv:2402.00159'));
    await page.close();
    let popup = await openPopup(b, 0);
    expect(await popupSearch(popup, 'dolma')).toBe(DOLMA_TITLE);
    await popup.close();

    // Removed, then the background (and the index's worker) replaced before the index saved anything.
    await sendMessage(b, { type: 'unclip', id: 'arxiv:2402.00159' });
    const background = () =>
      b.ext.evaluate(async () => {
        const page = (await browser.runtime.getBackgroundPage()) as (Window & { marked?: boolean }) | null;
        const before = page?.marked === true;
        if (page) page.marked = true;
        return before;
      });
    expect(await background()).toBe(false);
    await reloadExtension(b);
    expect(await background()).toBe(false); // a background page that was not marked: a new one
    popup = await openPopup(b, 0);
    expect(await popupSearch(popup, 'bytespan')).toBe(BYTESPAN);
    await fill(popup, byTestId('search-input'), '');
    await popup.type(byTestId('search-input'), 'dolma');
    await eventually(async () => (await count(popup, byTestId('search-empty'))) === 1);
    expect(await libraryRecords(b)).toHaveLength(81);
    await popup.close();
  });
});
