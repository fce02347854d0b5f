/**
 * The library page and the library index in real Firefox (the flows of tests/e2e/library.test.ts and
 * tests/e2e/index.test.ts): search on the library page, a reading list imported there, related papers and search
 * in the popup. In Firefox the index's worker is started by the MV2 background page itself (no offscreen
 * document): it is checked to survive the background page starting anew (the add-on reloaded).
 *
 * The reading list holds 80 real cs papers of 2025, 8 of them about subword tokenization (see
 * tests/e2e/index.test.ts); SentencePiece, a subword tokenizer, is served at its real arXiv URL.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attribute,
  type Browser,
  byTestId,
  count,
  eventually,
  fill,
  launch,
  libraryRecords,
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
// The 8 tokenization papers of the list all say so in their titles; the 72 others never mention tokens.
const ABOUT_TOKENS = /tokeni[sz]|subword/i;
const BOUNDLESS = 'Boundless Byte Pair Encoding: Breaking the Pre-tokenization Barrier';
const BYTESPAN = 'ByteSpan: Information-Driven Subword Tokenisation';
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const SENTENCEPIECE_TITLE =
  'SentencePiece: A simple and language independent subword tokenizer and detokenizer for Neural Text Processing';
const DOLMA = 'https://arxiv.org/abs/2402.00159v2';
const DOLMA_TITLE = 'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research';

let ff: Browser;

const titles = (library: Page) => texts(library, `${byTestId('library-item')} .paper-row-title`);
const libraryCount = (library: Page) => text(library, byTestId('library-count'));

/** Types a search on the library page and waits for its (debounced) results: `expected` is the count shown. */
async function search(library: Page, query: string, expected: string) {
  await fill(library, byTestId('library-search'), query);
  await eventually(
    async () =>
      (await attribute(library, '.library-list', 'aria-busy')) === 'false' &&
      (await libraryCount(library)) === expected,
  );
  return titles(library);
}

/** The first result of a search typed in the popup, key by key. */
async function popupSearch(popup: Page, query: string): Promise<string | null> {
  await fill(popup, byTestId('search-input'), '');
  await popup.type(byTestId('search-input'), query);
  return eventually(async () => (await text(popup, `${byTestId('search-result')} a`)) ?? undefined, 15_000);
}

beforeAll(async () => {
  ff = await launch();
  serve(ff, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  serve(ff, DOLMA, 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html');
  serveHtml(ff, 'https://arxiv.org/abs/2504.00178', '<title>Boundless BPE</title>');
});
afterAll(() => ff?.close());

describe('the library page in Firefox', () => {
  it('says so when the library is empty', async () => {
    const library = await openExtensionPage(ff, 'library.html');
    await library.waitForSelector(byTestId('library-empty'));
    expect(await text(library, byTestId('library-empty'))).toContain('Your library is empty');
    expect(await libraryCount(library)).toBe('0 papers');
    await library.close();
  });

  it('imports a reading list with progress; its papers are searchable at once', async () => {
    const library = await openExtensionPage(ff, 'library.html');
    await library.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { importStates: string[] }).importStates = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="import-message"]')?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const input = (await library.waitForSelector(
      byTestId('import-input'),
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(READING_LIST);
    const message = byTestId('import-message');
    await eventually(
      async () =>
        ['done', 'failed', 'cancelled'].includes((await attribute(library, message, 'data-state')) ?? ''),
      30_000,
    );
    expect(await attribute(library, message, 'data-state')).toBe('done');
    expect(await text(library, message)).toContain('80 papers added');
    const states = await library.evaluate(
      () => (window as unknown as { importStates: string[] }).importStates,
    );
    expect(states.some((state) => state === 'checking' || state === 'importing')).toBe(true);
    expect(await libraryRecords(ff)).toHaveLength(80);

    expect(await search(library, 'boundless pre-tokenization', '1 of 80 papers')).toEqual([BOUNDLESS]);
    await search(library, 'quantum chromodynamics', '0 of 80 papers');
    await search(library, '', '80 papers');
    await library.close();
  });

  it('shows a paper clipped in another tab at once, searchable by title word, author and repository', async () => {
    const library = await openExtensionPage(ff, 'library.html');
    await eventually(async () => (await libraryCount(library)) === '80 papers');
    const { page } = await openTab(ff, SENTENCEPIECE);
    await eventually(async () => (await libraryCount(library)) === '81 papers');
    await page.close();
    expect((await titles(library))[0]).toBe(SENTENCEPIECE_TITLE);
    expect(await search(library, 'detokenizer', '1 of 81 papers')).toEqual([SENTENCEPIECE_TITLE]);
    expect(await search(library, 'Taku Kudo', '1 of 81 papers')).toEqual([SENTENCEPIECE_TITLE]);
    expect(await search(library, 'google/sentencepiece', '1 of 81 papers')).toEqual([SENTENCEPIECE_TITLE]);
    await library.close();
  });
});

describe('related papers and search in the popup, in Firefox', () => {
  it('shows related papers for a saved paper, never the paper itself, with reasons', async () => {
    const { page, tabId } = await openTab(ff, SENTENCEPIECE);
    const popup = await openPopup(ff, tabId);
    await eventually(async () => (await attribute(popup, byTestId('clip-toggle'), 'data-state')) === 'saved');
    await popup.waitForSelector(byTestId('related-item'), { timeout: 15_000 });
    const related = await texts(popup, `${byTestId('related-item')} a`);
    expect(related).toHaveLength(5);
    expect(related.join('\n')).not.toContain('SentencePiece');
    expect(related[0]).toMatch(ABOUT_TOKENS);
    expect(related.filter((title) => ABOUT_TOKENS.test(title)).length).toBeGreaterThanOrEqual(4);
    // Each says why: the terms it shares with this paper.
    expect((await texts(popup, byTestId('related-reason')))[0]).toMatch(/\w/);
    await Promise.all([popup.close(), page.close()]);
  });

  it('searches on every keystroke: prefixes, typos, ids; Enter opens the first result in a tab', async () => {
    const popup = await openPopup(ff, 0);
    await eventually(async () =>
      popup.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search-input'),
    );
    expect(await popupSearch(popup, 'bytespa')).toBe(BYTESPAN);
    await eventually(async () => (await popupSearch(popup, 'tokenisaton subwrd'))?.match(/Subword/));
    await fill(popup, byTestId('search-input'), '2504.00178');
    await eventually(
      async () => (await text(popup, `${byTestId('search-result')} a`)) === BOUNDLESS && popup,
    );
    const opened = ff.puppeteer.waitForTarget((t) => /arxiv\.org\/abs\/2504\.00178/.test(t.url()), {
      timeout: 10_000,
    });
    await popup.keyboard.press('Enter').catch(() => {});
    const tab = await (await opened).page();
    await tab?.close();
    if (!popup.isClosed()) await popup.close().catch(() => {});
  });
});

describe('the index worker of the background page, in Firefox', () => {
  it('is right after the add-on reloads (a new background page, a new worker) and a paper removed before', async () => {
    const { page } = await openTab(ff, DOLMA);
    await eventually(async () => (await libraryRecords(ff)).some((r) => r.id === 'arxiv:2402.00159'));
    await page.close();
    let popup = await openPopup(ff, 0);
    expect(await popupSearch(popup, 'dolma')).toBe(DOLMA_TITLE);
    await popup.close();

    // Removed, then the background page (and its worker) replaced before the index saved anything.
    await sendMessage(ff, { type: 'unclip', id: 'arxiv:2402.00159' });
    const background = () =>
      ff.ext.evaluate(async () => {
        const page = (await browser.runtime.getBackgroundPage()) as (Window & { marked?: boolean }) | null;
        const before = page?.marked === true;
        if (page) page.marked = true;
        return before;
      });
    expect(await background()).toBe(false);
    await reloadExtension(ff);
    expect(await background()).toBe(false); // a background page that was not marked: a new one
    popup = await openPopup(ff, 0);
    expect(await popupSearch(popup, 'bytespan')).toBe(BYTESPAN);
    await fill(popup, byTestId('search-input'), '');
    await popup.type(byTestId('search-input'), 'dolma');
    await eventually(async () => (await count(popup, byTestId('search-empty'))) === 1);
    expect(await libraryRecords(ff)).toHaveLength(81);
    await popup.close();
  });
});
