/**
 * The library page and the popup's links, with the built extension in Chromium and in Firefox. Real saved
 * abstract pages, served at their real URLs: SentencePiece's abstract links its code on GitHub, Dolma's comments
 * link its code and its dataset; Attention and DeepSeek LLM link none.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attribute,
  type Browser,
  browserName,
  byTestId,
  click,
  count,
  eventually,
  fill,
  importFile,
  launch,
  libraryRecords,
  onlyIn,
  openExtensionPage,
  openedExtensionPage,
  openPopup,
  openTab,
  rowsWith,
  sendMessage,
  serve,
  setViewport,
  sleep,
  text,
  texts,
} from './harness';

const PAGES = {
  sentencepiece: [
    'https://arxiv.org/abs/1808.06226v1',
    'arxiv-abs/1808.06226v1-2026-github-in-abstract.html',
  ],
  deepseek: ['https://arxiv.org/abs/2401.02954v1', 'arxiv-abs/2401.02954v1-2026.html'],
  attention: ['https://arxiv.org/abs/1706.03762v7', 'arxiv-abs/1706.03762v7-2026-08-newheader.html'],
  dolma: ['https://arxiv.org/abs/2402.00159v2', 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html'],
} as const;

const SENTENCEPIECE_TITLE =
  'SentencePiece: A simple and language independent subword tokenizer and detokenizer for Neural Text Processing';
const DEEPSEEK_TITLE = 'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism';
const DOLMA_TITLE = 'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research';

let b: Browser;

/** Visits the page (papers are clipped on visit) and waits until its paper is in the library. */
async function clip(url: string) {
  const id = `arxiv:${url.replace(/^.*\/abs\/|v\d+$/g, '')}`;
  const { page } = await openTab(b, url);
  await eventually(async () => (await libraryRecords(b)).some((r) => r.id === id));
  await page.close();
}

/** The library's titles, the newest clip first, as its page lists them. */
const newestTitles = async () =>
  (await libraryRecords(b)).sort((x, y) => y.savedAt - x.savedAt).map((record) => record.title ?? '');

/**
 * The library page, once it shows what the library holds and has kept it for its next opening (its first
 * screen, lib/library-first-screen.ts); closed, so that it keeps nothing more.
 */
async function keptFirstScreen(): Promise<string[]> {
  const shown = await newestTitles();
  const page = await openExtensionPage(b, 'library.html');
  await eventually(async () => JSON.stringify(await titles(page)) === JSON.stringify(shown));
  await eventually(async () =>
    page.evaluate(
      (expected) =>
        JSON.stringify(
          JSON.parse(localStorage.getItem('papershelf-first-screen') ?? '{"rows":[]}').rows.map(
            (row: { title: string }) => row.title,
          ),
        ) === expected,
      JSON.stringify(shown),
    ),
  );
  await page.close();
  return shown;
}

/** The markup the library page kept of its first screen, made recognizable: its first row's title changed. */
const markKeptMarkup = (library: Page) =>
  library.evaluate(() => {
    const kept = document.createElement('template');
    kept.innerHTML = localStorage.getItem('papershelf-first-screen-markup') ?? '';
    const title = kept.content.querySelector('.paper-row-title');
    if (title) title.textContent = 'Drawn before the page’s scripts';
    localStorage.setItem('papershelf-first-screen-markup', kept.innerHTML);
  });

/** Opens the extension page `path`, noting the first library row it shows and whether it could act then. */
async function openNotingFirstRow(path: string): Promise<Page> {
  const page = await b.puppeteer.newPage();
  await page.evaluateOnNewDocument(() => {
    const note = window as unknown as { firstRow?: { title: string; inert: boolean } };
    new MutationObserver((_, observer) => {
      const title = document.querySelector('#app [data-testid="library-item"] .paper-row-title');
      if (!title) return;
      note.firstRow = {
        title: title.textContent ?? '',
        inert: document.getElementById('app')?.inert ?? false,
      };
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  return openExtensionPage(b, path, page);
}

const titles = (library: Page) => texts(library, `${byTestId('library-item')} .paper-row-title`);
const libraryCount = (library: Page) => text(library, byTestId('library-count'));
/** The text of `selector` in the `n`th row of the library. */
const inRow = (library: Page, n: number, selector: string) =>
  library.$$eval(
    `${byTestId('library-item')}`,
    (rows, i, s) => rows[i as number]?.querySelector(s as string)?.textContent ?? null,
    n,
    selector,
  );

/** Types a search and waits for its (debounced) results: `expected` is the count they show. */
async function search(library: Page, query: string, expected: string) {
  await fill(library, byTestId('library-search'), query);
  await eventually(
    async () =>
      (await attribute(library, '.library-list', 'aria-busy')) === 'false' &&
      (await libraryCount(library)) === expected,
  );
  return titles(library);
}

beforeAll(async () => {
  b = await launch();
  for (const [url, file] of Object.values(PAGES)) serve(b, url, file);
});
afterAll(() => b?.close());

describe(`the library page, in ${browserName} with the built extension`, () => {
  let library: Page;

  it('says so when the library is empty', async () => {
    library = await openExtensionPage(b, 'library.html');
    await library.waitForSelector(byTestId('library-empty'));
    expect(await text(library, byTestId('library-empty'))).toContain('Your library is empty');
    expect(await libraryCount(library)).toBe('0 papers');
    await library.close();
  });

  it('lists the clipped papers, the newest first, with id, category, date and code link', async () => {
    await clip(PAGES.sentencepiece[0]);
    await clip(PAGES.deepseek[0]);
    await clip(PAGES.attention[0]);
    library = await b.puppeteer.newPage();
    await setViewport(library, { width: 1000, height: 720 });
    await openExtensionPage(b, 'library.html', library);

    await eventually(async () => (await libraryCount(library)) === '3 papers');
    expect(await titles(library)).toEqual(['Attention Is All You Need', DEEPSEEK_TITLE, SENTENCEPIECE_TITLE]);
    expect(await inRow(library, 2, '.paper-row-authors')).toBe('Taku Kudo, John Richardson');
    expect(await inRow(library, 2, '.paper-row-meta')).toBe('arXiv:1808.06226 · cs.CL · 2018-08-19');
    const code = await library.$$eval(byTestId('library-item'), (rows) => {
      const a = rows[2]?.querySelector('[data-testid="code-link"]');
      return { href: a?.getAttribute('href'), text: a?.textContent };
    });
    expect(code).toEqual({
      href: 'https://github.com/google/sentencepiece',
      text: 'github.com/google/sentencepiece',
    });
    // 87 authors: the line names four and counts the rest.
    expect(await inRow(library, 1, '.paper-row-authors')).toBe(
      'DeepSeek-AI, Xiao Bi, Deli Chen, Guanting Chen and 83 more',
    );
  });

  it('finds papers by a title word, an author, the code repository and an arXiv id', async () => {
    expect(await search(library, 'tokenizer', '1 of 3 papers')).toEqual([SENTENCEPIECE_TITLE]);
    expect(await search(library, 'Vaswani', '1 of 3 papers')).toEqual(['Attention Is All You Need']);
    expect(await search(library, 'google/sentencepiece', '1 of 3 papers')).toEqual([SENTENCEPIECE_TITLE]);
    expect(await search(library, 'arXiv:2401.02954v2', '1 of 3 papers')).toEqual([DEEPSEEK_TITLE]);
    await search(library, 'quantum chromodynamics', '0 of 3 papers');
    expect(await text(library, '.empty')).toContain('No paper matches');
    await search(library, '', '3 papers');
  });

  it("sends a keystroke's search before the next frame, not a frame later", async () => {
    // The page's own messages, recorded from the page: the input event is the keystroke. A search goes to the
    // background, or straight to the index worker on its channel once the page has heard it (lib/index-channel.ts).
    const sentBeforeFrame = await library.evaluate(async (selector) => {
      const scope = globalThis as unknown as Record<string, { runtime?: { id?: string } } | undefined>;
      const api = (scope.browser?.runtime?.id ? scope.browser : scope.chrome) as {
        runtime: { sendMessage(message: { type?: string; query?: string }): Promise<unknown> };
      };
      const sent: string[] = [];
      const original = api.runtime.sendMessage;
      api.runtime.sendMessage = (message) => {
        sent.push(`${message?.type}:${message?.query ?? ''}`);
        return original.call(api.runtime, message);
      };
      const post = BroadcastChannel.prototype.postMessage;
      BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, data) {
        const message = (data as { message?: { type?: string; query?: string } })?.message;
        if (message) sent.push(`${message.type}:${message.query ?? ''}`);
        return post.call(this, data);
      };
      const input = document.querySelector(selector) as HTMLInputElement;
      input.value = 'kudo';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      api.runtime.sendMessage = original;
      BroadcastChannel.prototype.postMessage = post;
      return sent;
    }, byTestId('library-search'));
    try {
      expect(sentBeforeFrame).toContain('search:kudo');
      await eventually(async () => (await titles(library)).join() === SENTENCEPIECE_TITLE);
    } finally {
      await search(library, '', '3 papers');
    }
  });

  it('narrows to papers with code, and to a category', async () => {
    await click(library, byTestId('filter-has-code'));
    await eventually(async () => (await libraryCount(library)) === '1 of 3 papers');
    expect(await titles(library)).toEqual([SENTENCEPIECE_TITLE]);
    await click(library, byTestId('filter-has-code'));

    const categories = byTestId('filter-category');
    expect(await texts(library, `${categories} option`)).toEqual([
      'All categories',
      'cs.CL (3)',
      'cs.LG (2)',
      'cs.AI (1)',
    ]);
    await library.select(categories, 'cs.LG');
    await eventually(async () => (await libraryCount(library)) === '2 of 3 papers');
    expect(await titles(library)).toEqual(['Attention Is All You Need', DEEPSEEK_TITLE]);
    await library.select(categories, '');
    await eventually(async () => (await libraryCount(library)) === '3 papers');
  });

  it('shows a paper clipped in another tab at once, searchable, without a reload', async () => {
    await library.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });
    await clip(PAGES.dolma[0]);
    await eventually(async () => (await libraryCount(library)) === '4 papers');
    expect((await titles(library))[0]).toBe(DOLMA_TITLE);
    expect(await search(library, 'allenai', '1 of 4 papers')).toEqual([DOLMA_TITLE]);
    await click(library, byTestId('filter-has-code'));
    await search(library, '', '2 of 4 papers');
    expect(await library.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await click(library, byTestId('filter-has-code'));
    await eventually(async () => (await libraryCount(library)) === '4 papers');
  });

  it('shows a change made elsewhere in the rows of the search it shows', async () => {
    // Searched, typed one word after the other: the second answer shows rows read for the first.
    await search(library, 'allenai', '1 of 4 papers');
    expect(await search(library, 'allenai dolma', '1 of 4 papers')).toEqual([DOLMA_TITLE]);
    // Tagged from another page of the extension: the row shown says so.
    await sendMessage(b, {
      type: 'edit-papers',
      ids: ['arxiv:2402.00159'],
      edit: { addTags: ['from-elsewhere'] },
    });
    await eventually(async () =>
      (await texts(library, `${byTestId('library-item')} ${byTestId('tag')}`))
        .join()
        .includes('from-elsewhere'),
    );
    await search(library, '', '4 papers');
  });

  it('removes a paper through the background', async () => {
    await library.bringToFront();
    const [row] = await rowsWith(library, 'DeepSeek LLM');
    await (await row?.$(byTestId('library-remove')))?.click();
    await eventually(async () => (await libraryCount(library)) === '3 papers');
    expect(await titles(library)).not.toContain(DEEPSEEK_TITLE);
    expect((await libraryRecords(b)).map((r) => r.id).sort()).toEqual([
      'arxiv:1706.03762',
      'arxiv:1808.06226',
      'arxiv:2402.00159',
    ]);
    await library.close();
  });

  it('opens on its newest clips as it last showed them, then shows what the library holds', async () => {
    const shown = await keptFirstScreen();
    // What the page kept of its first screen, made recognizable: a row the library does not hold.
    await b.ext.evaluate(() => {
      const kept = JSON.parse(localStorage.getItem('papershelf-first-screen') ?? 'null');
      kept.rows[0] = { ...kept.rows[0], id: 'arxiv:0000.00001', title: 'A first screen kept from before' };
      localStorage.setItem('papershelf-first-screen', JSON.stringify(kept));
    });
    // IndexedDB busy, as after a browser restart while the index reads itself back: the library is held by a
    // write for a few seconds, so the page opening can read none of it meanwhile.
    await b.ext.evaluate(
      () =>
        new Promise<void>((held) => {
          const open = indexedDB.open('papershelf');
          open.onsuccess = () => {
            const papers = open.result.transaction(['papers', 'changes'], 'readwrite').objectStore('papers');
            const until = Date.now() + 4000;
            const hold = () => {
              if (Date.now() < until) papers.get('arxiv:0000.00001').onsuccess = hold;
            };
            hold();
            held();
          };
        }),
    );
    const opened = await openExtensionPage(b, 'library.html');
    await eventually(async () => (await titles(opened)).includes('A first screen kept from before'), 3000);
    // Then what the library holds, once it can be read.
    await eventually(async () => JSON.stringify(await titles(opened)) === JSON.stringify(shown));
    await opened.close();
  });

  // Chromium only: the test notes the first row before the page's scripts run, with a script run as each document
  // starts, and Firefox runs none in its extension pages over WebDriver BiDi.
  it.runIf(onlyIn('chromium'))(
    'draws the rows it last showed while its scripts load, inert, then the page takes them over',
    async () => {
      const shown = await keptFirstScreen();
      await markKeptMarkup(b.ext);
      const opened = await openNotingFirstRow('library.html');
      expect(await opened.evaluate(() => (window as { firstRow?: unknown }).firstRow)).toEqual({
        title: 'Drawn before the page’s scripts',
        inert: true,
      });
      await eventually(async () => JSON.stringify(await titles(opened)) === JSON.stringify(shown));
      expect(await opened.evaluate(() => document.getElementById('app')?.inert)).toBe(false);
      // A page opened on a search does not show the newest clips first.
      await opened.close();
      await markKeptMarkup(b.ext);
      const searching = await openNotingFirstRow('library.html?q=Dolma');
      await eventually(async () => (await titles(searching)).includes(DOLMA_TITLE));
      expect(
        await searching.evaluate(() => (window as { firstRow?: { title: string } }).firstRow?.title),
      ).toBe(DOLMA_TITLE);
      await searching.close();
    },
  );

  it('puts the code link first in the popup, one click to open and one to copy; opens the library', async () => {
    const { page, tabId } = await openTab(b, PAGES.sentencepiece[0]);
    const popup = await openPopup(b, tabId);
    await popup.waitForSelector(byTestId('code-link'));
    const first = await popup.$eval(byTestId('code-link'), (a) => ({
      kind: a.getAttribute('data-kind'),
      href: a.getAttribute('href'),
      target: a.getAttribute('target'),
    }));
    expect(first).toEqual({
      kind: 'code',
      href: 'https://github.com/google/sentencepiece',
      target: '_blank',
    });
    // Right under the title, before the authors.
    const order = await popup.$eval(byTestId('current-paper'), (card) =>
      Array.from(card.children, (child) => child.getAttribute('data-testid')),
    );
    expect(order.slice(0, 3)).toEqual(['paper-title', 'links', 'paper-authors']);
    expect(await text(popup, '.link-official')).toBe('official');
    expect(await count(popup, byTestId('code-link'))).toBe(1);

    await click(popup, byTestId('copy-link'));
    await eventually(async () => (await text(popup, byTestId('copy-link'))) === 'Copied');

    // The popup closes itself once the library's tab is open: Firefox may drop it before the click's own
    // reply comes back (BiDi: "BrowsingContext does no longer exist"). The library page opened is the proof.
    await click(popup, byTestId('open-library')).catch((error: Error) => {
      if (!/no longer exist|no such frame/i.test(error.message)) throw error;
    });
    const opened = await openedExtensionPage(b, 'library.html');
    await eventually(async () => (await libraryCount(opened)) === '3 papers');
    // This visit read back the index saved by the last one, caught up with the changes, and searches.
    expect(await search(opened, 'allenai/dolma', '1 of 3 papers')).toEqual([DOLMA_TITLE]);
    await Promise.all([opened.close(), page.close()]);
    if (!popup.isClosed()) await popup.close().catch(() => {});
  });

  it('shows all the links in the popup, code first, then the dataset', async () => {
    const { page, tabId } = await openTab(b, PAGES.dolma[0]);
    const popup = await openPopup(b, tabId);
    await eventually(async () => (await count(popup, byTestId('code-link'))) === 2);
    expect(
      await popup.$$eval(byTestId('code-link'), (all) =>
        all.map((a) => [a.getAttribute('data-kind'), a.getAttribute('href')]),
      ),
    ).toEqual([
      ['code', 'https://github.com/allenai/dolma'],
      ['dataset', 'https://hf.co/datasets/allenai/dolma'],
    ]);
    expect(await texts(popup, '.link-kind')).toEqual(['Code', 'Dataset']);
    await Promise.all([popup.close(), page.close()]);
  });

  it('draws only the rows on screen, and the others as the list scrolls to them', async () => {
    // 120 real cs papers of 2025 (the last lines of ../shared/datasets/arxiv-daily-cs-2025), imported.
    library = await b.puppeteer.newPage();
    await setViewport(library, { width: 1000, height: 720 });
    await openExtensionPage(b, 'library.html', library);
    await eventually(async () => (await libraryCount(library)) === '3 papers');
    expect((await importFile(library, 'tests/fixtures/library/cs-2025-last-120.jsonl')).state).toBe('done');

    await eventually(async () => (await libraryCount(library)) === '123 papers');
    expect(await count(library, byTestId('library-item'))).toBeLessThan(30);
    // The oldest clip, SentencePiece, is the 123rd row: scrolling down draws it.
    const oldest = async () => (await rowsWith(library, SENTENCEPIECE_TITLE))[0];
    await library.bringToFront();
    await library.mouse.move(500, 400);
    for (let step = 0; step < 30 && !(await oldest()); step++) {
      await library.mouse.wheel({ deltaY: 3000 });
      await sleep(100);
    }
    const row = await eventually(oldest);
    expect(await row.evaluate((e) => e.getAttribute('aria-posinset'))).toBe('123');
    expect(await count(library, byTestId('library-item'))).toBeLessThan(30);
    // An imported paper is searchable like any other.
    expect(await search(library, 'low-resolution face recognition', '1 of 123 papers')).toEqual([
      'FaceMoE: Mixture of Experts for Low-Resolution Face Recognition',
    ]);
    await library.close();
  });
});
