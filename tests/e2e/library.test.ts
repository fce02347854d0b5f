import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, eventually, launch, libraryRecords, openPopup, openTab, serve } from './harness';

// Real saved abstract pages, served at their real URLs. SentencePiece's abstract links its code on GitHub,
// Dolma's comments link its code and its dataset; Attention and DeepSeek LLM link none.
const PAGES = {
  sentencepiece: [
    'https://arxiv.org/abs/1808.06226v1',
    'arxiv-abs/1808.06226v1-2026-github-in-abstract.html',
  ],
  deepseek: ['https://arxiv.org/abs/2401.02954v1', 'arxiv-abs/2401.02954v1-2026.html'],
  attention: ['https://arxiv.org/abs/1706.03762v7', 'arxiv-abs/1706.03762v7-2026-08-newheader.html'],
  dolma: ['https://arxiv.org/abs/2402.00159v2', 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html'],
} as const;
// The extension's `chrome` global, inside its pages that `page.evaluate` runs in.
declare const chrome: typeof import('wxt/browser').browser;

const SENTENCEPIECE_TITLE =
  'SentencePiece: A simple and language independent subword tokenizer and detokenizer for Neural Text Processing';

/** Visits the page (papers are clipped on visit) and waits until its paper is in the library. */
async function clip(browser: Browser, url: string) {
  const id = `arxiv:${url.replace(/^.*\/abs\/|v\d+$/g, '')}`;
  const { page } = await openTab(browser, url);
  await eventually(async () => (await libraryRecords(browser.worker)).some((r) => r.id === id));
  await page.close();
}

const titles = (library: Page) =>
  library.getByTestId('library-item').locator('.paper-row-title').allTextContents();
const count = (library: Page) => library.getByTestId('library-count').textContent();

/** Types a search and waits for its (debounced) results: `expected` is the count they show. */
async function search(library: Page, query: string, expected: string) {
  await library.getByTestId('library-search').fill(query);
  await eventually(
    async () =>
      (await library.locator('.library-list').getAttribute('aria-busy')) === 'false' &&
      (await count(library)) === expected,
  );
  return titles(library);
}

describe('the library page, in Chromium with the built extension', () => {
  let browser: Browser;
  let library: Page;

  beforeAll(async () => {
    browser = await launch();
    for (const [url, file] of Object.values(PAGES)) await serve(browser.context, url, file);
  });
  afterAll(() => browser?.close());

  it('says so when the library is empty', async () => {
    library = await browser.context.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await expect(library.getByTestId('library-empty').textContent()).resolves.toContain(
      'Your library is empty',
    );
    expect(await count(library)).toBe('0 papers');
    await library.close();
  });

  it('lists the clipped papers, the newest first, with id, category, date and code link', async () => {
    await clip(browser, PAGES.sentencepiece[0]);
    await clip(browser, PAGES.deepseek[0]);
    await clip(browser, PAGES.attention[0]);
    library = await browser.context.newPage();
    await library.setViewportSize({ width: 1000, height: 720 });
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);

    await eventually(async () => (await count(library)) === '3 papers');
    expect(await titles(library)).toEqual([
      'Attention Is All You Need',
      'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
      SENTENCEPIECE_TITLE,
    ]);
    const row = library.getByTestId('library-item').nth(2);
    expect(await row.locator('.paper-row-authors').textContent()).toBe('Taku Kudo, John Richardson');
    expect(await row.locator('.paper-row-meta').textContent()).toBe('arXiv:1808.06226 · cs.CL · 2018-08-19');
    const code = row.getByTestId('code-link');
    expect(await code.getAttribute('href')).toBe('https://github.com/google/sentencepiece');
    expect(await code.textContent()).toBe('github.com/google/sentencepiece');
    // 87 authors: the line names four and counts the rest.
    expect(await library.getByTestId('library-item').nth(1).locator('.paper-row-authors').textContent()).toBe(
      'DeepSeek-AI, Xiao Bi, Deli Chen, Guanting Chen and 83 more',
    );
  });

  it('finds papers by a title word, an author, the code repository and an arXiv id', async () => {
    expect(await search(library, 'tokenizer', '1 of 3 papers')).toEqual([SENTENCEPIECE_TITLE]);
    expect(await search(library, 'Vaswani', '1 of 3 papers')).toEqual(['Attention Is All You Need']);
    expect(await search(library, 'google/sentencepiece', '1 of 3 papers')).toEqual([SENTENCEPIECE_TITLE]);
    const byId = await search(library, 'arXiv:2401.02954v2', '1 of 3 papers');
    expect(byId).toEqual(['DeepSeek LLM: Scaling Open-Source Language Models with Longtermism']);
    await search(library, 'quantum chromodynamics', '0 of 3 papers');
    await expect(library.locator('.empty').textContent()).resolves.toContain('No paper matches');
    await search(library, '', '3 papers');
  });

  it('narrows to papers with code, and to a category', async () => {
    await library.getByTestId('filter-has-code').check();
    await eventually(async () => (await count(library)) === '1 of 3 papers');
    expect(await titles(library)).toEqual([SENTENCEPIECE_TITLE]);
    await library.getByTestId('filter-has-code').uncheck();

    const categories = library.getByTestId('filter-category');
    expect(await categories.locator('option').allTextContents()).toEqual([
      'All categories',
      'cs.CL (3)',
      'cs.LG (2)',
      'cs.AI (1)',
    ]);
    await categories.selectOption('cs.LG');
    await eventually(async () => (await count(library)) === '2 of 3 papers');
    expect(await titles(library)).toEqual([
      'Attention Is All You Need',
      'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
    ]);
    await categories.selectOption('');
    await eventually(async () => (await count(library)) === '3 papers');
  });

  it('shows a paper clipped in another tab at once, searchable, without a reload', async () => {
    await library.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });
    await clip(browser, PAGES.dolma[0]);
    await eventually(async () => (await count(library)) === '4 papers');
    expect((await titles(library))[0]).toBe(
      'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research',
    );
    expect(await search(library, 'allenai', '1 of 4 papers')).toEqual([
      'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research',
    ]);
    await library.getByTestId('filter-has-code').check();
    await search(library, '', '2 of 4 papers');
    expect(await library.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await library.getByTestId('filter-has-code').uncheck();
    await eventually(async () => (await count(library)) === '4 papers');
  });

  it('removes a paper through the background', async () => {
    const row = library.getByTestId('library-item').filter({ hasText: 'DeepSeek LLM' });
    await row.getByTestId('library-remove').click();
    await eventually(async () => (await count(library)) === '3 papers');
    expect(await titles(library)).not.toContain(
      'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
    );
    expect((await libraryRecords(browser.worker)).map((r) => r.id).sort()).toEqual([
      'arxiv:1706.03762',
      'arxiv:1808.06226',
      'arxiv:2402.00159',
    ]);
    await library.close();
  });

  it('puts the code link first in the popup, one click to open and one to copy; opens the library', async () => {
    const { page, tabId } = await openTab(browser, PAGES.sentencepiece[0]);
    const popup = await openPopup(browser, tabId);
    const first = popup.getByTestId('code-link').first();
    expect(await first.getAttribute('data-kind')).toBe('code');
    expect(await first.getAttribute('href')).toBe('https://github.com/google/sentencepiece');
    expect(await first.getAttribute('target')).toBe('_blank');
    // Right under the title, before the authors.
    const order = await popup
      .getByTestId('current-paper')
      .evaluate((card) => Array.from(card.children, (child) => child.getAttribute('data-testid')));
    expect(order.slice(0, 3)).toEqual(['paper-title', 'links', 'paper-authors']);
    expect(await popup.locator('.link-official').first().textContent()).toBe('official');
    expect(await popup.getByTestId('code-link').count()).toBe(1);

    const copy = popup.getByTestId('copy-link').first();
    await copy.click();
    await eventually(async () => (await copy.textContent()) === 'Copied');

    const [opened] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByTestId('open-library').click(),
    ]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`chrome-extension://${browser.extensionId}/library.html`);
    await eventually(async () => (await count(opened)) === '3 papers');
    // This visit read back the index saved by the last one, caught up with the changes, and searches.
    expect(await search(opened, 'allenai/dolma', '1 of 3 papers')).toEqual([
      'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research',
    ]);
    await Promise.all([opened.close(), page.close()]);
  });

  it('shows all the links in the popup, code first, then the dataset', async () => {
    const { page, tabId } = await openTab(browser, PAGES.dolma[0]);
    const popup = await openPopup(browser, tabId);
    const links = popup.getByTestId('code-link');
    await eventually(async () => (await links.count()) === 2);
    expect(
      await links.evaluateAll((all) => all.map((a) => [a.dataset.kind, a.getAttribute('href')])),
    ).toEqual([
      ['code', 'https://github.com/allenai/dolma'],
      ['dataset', 'https://hf.co/datasets/allenai/dolma'],
    ]);
    expect(await popup.locator('.link-kind').allTextContents()).toEqual(['Code', 'Dataset']);
    await Promise.all([popup.close(), page.close()]);
  });

  it('draws only the rows on screen, and the others as the list scrolls to them', async () => {
    // 120 real cs papers of 2025 (the last lines of ../shared/datasets/arxiv-daily-cs-2025), imported.
    library = await browser.context.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await eventually(async () => (await count(library)) === '3 papers');
    await library.getByTestId('import-input').setInputFiles('tests/fixtures/library/cs-2025-last-120.jsonl');

    await eventually(async () => (await count(library)) === '123 papers');
    expect(await library.getByTestId('library-item').count()).toBeLessThan(30);
    // The oldest clip, SentencePiece, is the 123rd row: scrolling down draws it.
    const oldest = library.getByTestId('library-item').filter({ hasText: SENTENCEPIECE_TITLE });
    for (let step = 0; step < 30 && (await oldest.count()) === 0; step++) {
      await library.mouse.wheel(0, 3000);
      await library.waitForTimeout(100);
    }
    await eventually(async () => (await oldest.count()) === 1);
    expect(await oldest.getAttribute('aria-posinset')).toBe('123');
    expect(await library.getByTestId('library-item').count()).toBeLessThan(30);
    // An imported paper is searchable like any other.
    expect(await search(library, 'low-resolution face recognition', '1 of 123 papers')).toEqual([
      'FaceMoE: Mixture of Experts for Low-Resolution Face Recognition',
    ]);
    await library.close();
  });
});
