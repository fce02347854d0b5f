import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  clickToolbarButton,
  eventually,
  launch,
  libraryRecords,
  openPopup,
  openTab,
  reportedTabState,
  serve,
} from './harness';

// Every page kind, served at its real URL. The Hugging Face paper page, the arXiv HTML page and the arXiv
// search page are built from the documented markup (no saved copy exists); the others are real saved pages.
const PAGES = {
  arxivList: [
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
  ],
  arxivAbsFromList: [
    'https://arxiv.org/abs/2609.22268v1',
    'arxiv-abs/2609.22268v1-2026-09-newheader-codelink-msc.html',
  ],
  arxivSearch: [
    'https://arxiv.org/search/?query=attention&searchtype=all',
    'arxiv-search/query-built-from-docs.html',
  ],
  arxivHtml: ['https://arxiv.org/html/1706.03762v7', 'arxiv-html/1706.03762v7-built-from-docs.html'],
  arxivAbsOfPdf: ['https://arxiv.org/abs/2508.16190v1', 'arxiv-abs/2508.16190v1-2026-03-nocomments.html'],
  hfList: ['https://huggingface.co/papers', 'hf-list/daily-papers-2026-09-28-28papers-browser-dom.html'],
  hfPaper: ['https://huggingface.co/papers/2609.31473', 'hf-paper/2609.31473.html'],
  semanticScholar: [
    'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe',
    'other/semanticscholar-crosswalk-2024.html',
  ],
} as const;
const PDF_URL = 'https://arxiv.org/pdf/2508.16190v1';

const ids = async (browser: Browser) => (await libraryRecords(browser.worker)).map((r) => r.id).sort();

/** Clicks "Clip all" in the popup of the tab and checks that the progress bar showed while it ran. */
async function clipAll(browser: Browser, tabId: number, count: number) {
  const popup = await openPopup(browser, tabId);
  const button = popup.getByTestId('clip-all');
  expect(await button.textContent()).toBe(`Clip all ${count}`);
  await popup.evaluate(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="clip-progress"]')) document.body.dataset.sawProgress = 'yes';
    }).observe(document.body, { childList: true, subtree: true });
  });
  await button.click();
  await eventually(async () => (await popup.textContent('main'))?.includes(`${count} in your library`));
  expect(await popup.evaluate(() => document.body.dataset.sawProgress)).toBe('yes');
  await popup.close();
}

describe('every page kind, in Chromium with the built extension', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
    for (const [url, file] of Object.values(PAGES)) await serve(browser.context, url, file);
    await browser.context.route(PDF_URL, (route) =>
      route.fulfill({ contentType: 'application/pdf', body: Buffer.from('%PDF-1.4\n%%EOF\n') }),
    );
  });
  afterAll(() => browser?.close());

  it('an arXiv listing is not clipped on visit; "Clip all" clips its 3 entries with a progress bar', async () => {
    const { page, tabId } = await openTab(browser, PAGES.arxivList[0]);
    await page.waitForTimeout(500);
    expect(await ids(browser)).toEqual([]);
    await clipAll(browser, tabId, 3);
    expect(await ids(browser)).toEqual(['arxiv:2609.22268', 'arxiv:2609.22287', 'arxiv:2609.22341']);
    await page.close();
  });

  it('the abstract page of a listed paper completes the same record', async () => {
    const { page } = await openTab(browser, PAGES.arxivAbsFromList[0]);
    const record = await eventually(async () =>
      (await libraryRecords(browser.worker)).find(
        (r) => r.id === 'arxiv:2609.22268' && r.source.kind === 'arxiv-abs',
      ),
    );
    expect(await ids(browser)).toHaveLength(3);
    expect(record.version).toBe(1);
    expect(record.links?.[0]?.kind).toBe('code');
    expect(record.links?.[0]?.url).toMatch(/^https:\/\/github\.com\//);
    await page.close();
  });

  it('arXiv search results are clipped on request', async () => {
    const { page, tabId } = await openTab(browser, PAGES.arxivSearch[0]);
    await clipAll(browser, tabId, 3);
    expect(await ids(browser)).toEqual(
      expect.arrayContaining(['arxiv:1706.03762', 'arxiv:hep-th/9711200', 'arxiv:1808.06226']),
    );
    await page.close();
  });

  it('an arXiv HTML full text page is clipped into the same record as its abstract', async () => {
    const before = (await ids(browser)).length;
    const { page } = await openTab(browser, PAGES.arxivHtml[0]);
    await eventually(async () =>
      (await libraryRecords(browser.worker)).some((r) => r.source.kind === 'arxiv-html'),
    );
    expect((await ids(browser)).length).toBe(before);
    await page.close();
  });

  it('a PDF is stored as incomplete and completed by its abstract page', async () => {
    const pdf = await browser.context.newPage();
    await pdf.goto(PDF_URL).catch(() => {}); // the viewer or a download: either way the tab's URL is the PDF's
    const stub = await eventually(async () =>
      (await libraryRecords(browser.worker)).find((r) => r.id === 'arxiv:2508.16190'),
    );
    expect(stub.incomplete).toBe(true);
    expect(stub.title).toBeUndefined();
    const { page } = await openTab(browser, PAGES.arxivAbsOfPdf[0]);
    const full = await eventually(async () =>
      (await libraryRecords(browser.worker)).find((r) => r.id === 'arxiv:2508.16190' && !r.incomplete),
    );
    expect(full.title).toBeTruthy();
    await Promise.all([pdf.close(), page.close()]);
  });

  it('a Hugging Face daily listing is clipped in bulk, and its paper page adds to the same record', async () => {
    const before = (await ids(browser)).length;
    const { page, tabId } = await openTab(browser, PAGES.hfList[0]);
    await clipAll(browser, tabId, 28);
    expect((await ids(browser)).length).toBe(before + 28);
    await page.close();

    // Searchable at once: the library finds a clipped abstract by a word only its abstract holds.
    const library = await browser.context.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await library.getByTestId('library-search').fill('cross-layer disagreement');
    await eventually(async () => (await library.getByTestId('library-item').count()) === 1);
    expect(await library.getByTestId('library-item').first().textContent()).toContain(
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap',
    );
    await library.close();

    const paper = await openTab(browser, PAGES.hfPaper[0]);
    const record = await eventually(async () =>
      (await libraryRecords(browser.worker)).find(
        (r) => r.id === 'arxiv:2609.31473' && r.source.kind === 'hf-paper',
      ),
    );
    expect(record.authors).toHaveLength(62);
    expect((await ids(browser)).length).toBe(before + 28);
    await paper.page.close();
  });

  it('follows Hugging Face moving to another paper without a reload, once the page shows it', async () => {
    const [url] = PAGES.hfPaper;
    const nextId = '2609.31620';
    const nextUrl = `https://huggingface.co/papers/${nextId}`;
    // The listing clipped the next paper already: only its own page, reached in-page, gives it this source.
    const fromNextPage = async () =>
      (await libraryRecords(browser.worker)).find((r) => r.source.url === nextUrl);
    expect(await fromNextPage()).toBeUndefined();
    const { page, tabId } = await openTab(browser, url);
    await reportedTabState(browser, tabId, url);
    // The next paper's page: the same built page with the other paper's id, swapped in a moment after the URL
    // changes, as a single-page app renders after pushState.
    const next = readFileSync(`tests/fixtures/${PAGES.hfPaper[1]}`, 'utf8').replaceAll('2609.31473', nextId);
    await page.evaluate(
      ({ html, path }) => {
        history.pushState({}, '', path);
        setTimeout(() => {
          document.documentElement.innerHTML = new DOMParser().parseFromString(
            html,
            'text/html',
          ).documentElement.innerHTML;
        }, 600);
      },
      { html: next, path: `/papers/${nextId}` },
    );
    // Reported once the page shows the new paper, not the one it showed when the URL changed.
    const state = await reportedTabState(browser, tabId, nextUrl);
    expect(state.papers.map((p) => p.id)).toEqual([`arxiv:${nextId}`]);
    const record = await eventually(fromNextPage);
    expect(record).toMatchObject({ id: `arxiv:${nextId}`, source: { kind: 'hf-paper' } });
    await page.close();
  });

  it('"Clip this page" reads any scholarly page through its citation meta tags, after a toolbar click', async () => {
    const [url] = PAGES.semanticScholar;
    const { page, tabId } = await openTab(browser, url);
    await page.waitForTimeout(300);
    expect((await libraryRecords(browser.worker)).some((r) => r.source.site === 'web')).toBe(false);
    // Opened as a page, the popup has no access to the tab until the toolbar button is clicked on it.
    const popup = await openPopup(browser, tabId);
    await popup.getByTestId('clip-page').click();
    await eventually(async () =>
      (await popup.locator('[role="alert"]').first().textContent())?.includes('click its toolbar button'),
    );
    await page.bringToFront(); // the button is clicked on the tab in front, as a person does
    await clickToolbarButton(browser, url);
    await popup.getByTestId('clip-page').click();
    const record = await eventually(async () =>
      (await libraryRecords(browser.worker)).find((r) => r.source.site === 'web'),
    );
    expect(record.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
    await Promise.all([popup.close(), page.close()]);
  });
});
