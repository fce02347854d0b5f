/**
 * Every page kind, served at its real URL, with the built extension in Chromium and in Firefox; and what Firefox
 * does its own way: a PDF opens in Firefox's own viewer (pdf.js), and "Clip this page" also gets its `activeTab`
 * grant from the page menu. The Hugging Face paper page, the arXiv HTML page and the arXiv search page are built
 * from the documented markup (no saved copy exists); the others are real saved pages.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserName,
  byTestId,
  click,
  clickPageMenuItem,
  clickToolbarButton,
  count,
  eventually,
  fill,
  launch,
  libraryRecords,
  needsBrowserWindow,
  newPage,
  onlyIn,
  openExtensionPage,
  openPopup,
  openTab,
  reportedTabState,
  serve,
  serveBody,
  serveHtml,
  sleep,
  text,
} from './harness';

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
// Not readable PDFs: each browser still shows its viewer (or a download) at the PDF's URL.
const PDF_URL = 'https://arxiv.org/pdf/2508.16190v1';
const VIEWER_PDF_URL = 'https://arxiv.org/pdf/2401.02954v1';
const PDF = '%PDF-1.4\n%%EOF\n';
// A page with citation meta tags only, for "Clip this page" from the page menu.
const CITED = 'https://journals.example.org/article/42';
const CITED_TITLE = 'A Study of Page Menus in Browser Extensions';

const ids = async (b: Browser) => (await libraryRecords(b)).map((r) => r.id).sort();

/** Clicks "Clip all" in the popup of the tab and checks that the progress bar showed while it ran. */
async function clipAll(b: Browser, tabId: number, expected: number) {
  const popup = await openPopup(b, tabId);
  await popup.waitForSelector(byTestId('clip-all'));
  expect(await text(popup, byTestId('clip-all'))).toBe(`Clip all ${expected}`);
  await popup.evaluate(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="clip-progress"]')) document.body.dataset.sawProgress = 'yes';
    }).observe(document.body, { childList: true, subtree: true });
  });
  await click(popup, byTestId('clip-all'));
  await eventually(async () => (await text(popup, 'main'))?.includes(`${expected} in your library`), 20_000);
  expect(await popup.evaluate(() => document.body.dataset.sawProgress)).toBe('yes');
  await popup.close();
}

describe(`every page kind, in ${browserName} with the built extension`, () => {
  let b: Browser;

  beforeAll(async () => {
    b = await launch();
    for (const [url, file] of Object.values(PAGES)) serve(b, url, file);
    serveBody(b, PDF_URL, 'application/pdf', PDF);
    serveBody(b, VIEWER_PDF_URL, 'application/pdf', PDF);
    serveHtml(
      b,
      CITED,
      `<html><head><title>Article 42</title><meta name="citation_title" content="${CITED_TITLE}">
       <meta name="citation_author" content="Doe, Jane"><meta name="citation_publication_date" content="2024/05/01">
       <meta name="citation_doi" content="10.1234/menus.42"></head><body><h1>${CITED_TITLE}</h1></body></html>`,
    );
  });
  afterAll(() => b?.close());

  it('an arXiv listing is not clipped on visit; "Clip all" clips its 3 entries with a progress bar', async () => {
    const { page, tabId } = await openTab(b, PAGES.arxivList[0]);
    await reportedTabState(b, tabId, PAGES.arxivList[0]);
    await sleep(300);
    expect(await ids(b)).toEqual([]);
    await clipAll(b, tabId, 3);
    expect(await ids(b)).toEqual(['arxiv:2609.22268', 'arxiv:2609.22287', 'arxiv:2609.22341']);
    await page.close();
  });

  it('the abstract page of a listed paper completes the same record', async () => {
    const { page } = await openTab(b, PAGES.arxivAbsFromList[0]);
    const record = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.id === 'arxiv:2609.22268' && r.source.kind === 'arxiv-abs'),
    );
    expect(await ids(b)).toHaveLength(3);
    expect(record.version).toBe(1);
    expect(record.links?.[0]?.kind).toBe('code');
    expect(record.links?.[0]?.url).toMatch(/^https:\/\/github\.com\//);
    await page.close();
  });

  it('arXiv search results are not clipped on visit, and are clipped on request', async () => {
    const { page, tabId } = await openTab(b, PAGES.arxivSearch[0]);
    await reportedTabState(b, tabId, PAGES.arxivSearch[0]);
    expect(await ids(b)).toHaveLength(3);
    await clipAll(b, tabId, 3);
    expect(await ids(b)).toEqual(
      expect.arrayContaining(['arxiv:1706.03762', 'arxiv:hep-th/9711200', 'arxiv:1808.06226']),
    );
    expect(await ids(b)).toHaveLength(6);
    await page.close();
  });

  it('an arXiv HTML full text page is clipped into the same record as its abstract', async () => {
    const before = (await ids(b)).length;
    const { page } = await openTab(b, PAGES.arxivHtml[0]);
    const record = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.source.kind === 'arxiv-html'),
    );
    expect(record.id).toBe('arxiv:1706.03762');
    expect((await ids(b)).length).toBe(before);
    await page.close();
  });

  it('a PDF is stored as incomplete from its URL and completed by its abstract page', async () => {
    const pdf = await newPage(b);
    await pdf.goto(PDF_URL).catch(() => {}); // the viewer or a download: either way the tab's URL is the PDF's
    const stub = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.id === 'arxiv:2508.16190'),
    );
    expect(stub.incomplete).toBe(true);
    expect(stub.title).toBeUndefined();
    const { page } = await openTab(b, PAGES.arxivAbsOfPdf[0]);
    const full = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.id === 'arxiv:2508.16190' && !r.incomplete),
    );
    expect(full.title).toBeTruthy();
    await Promise.all([pdf.close(), page.close()]);
  });

  it('a Hugging Face daily listing is clipped in bulk, searchable at once; its paper page adds to a record', async () => {
    const before = (await ids(b)).length;
    const { page, tabId } = await openTab(b, PAGES.hfList[0]);
    await clipAll(b, tabId, 28);
    expect((await ids(b)).length).toBe(before + 28);
    await page.close();

    // Searchable at once: the library finds a clipped abstract by a word only its abstract holds.
    const library = await openExtensionPage(b, 'library.html');
    await fill(library, byTestId('library-search'), 'cross-layer disagreement');
    await eventually(async () => (await count(library, byTestId('library-item'))) === 1);
    expect(await text(library, byTestId('library-item'))).toContain(
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap',
    );
    await library.close();

    const paper = await openTab(b, PAGES.hfPaper[0]);
    const record = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.id === 'arxiv:2609.31473' && r.source.kind === 'hf-paper'),
    );
    expect(record.authors).toHaveLength(62);
    expect((await ids(b)).length).toBe(before + 28);
    await paper.page.close();
  });

  it('follows Hugging Face moving to another paper without a reload, once the page shows it', async () => {
    const [url] = PAGES.hfPaper;
    const nextId = '2609.31620';
    const nextUrl = `https://huggingface.co/papers/${nextId}`;
    // The listing clipped the next paper already: only its own page, reached in-page, gives it this source.
    const fromNextPage = async () => (await libraryRecords(b)).find((r) => r.source.url === nextUrl);
    expect(await fromNextPage()).toBeUndefined();
    const { page, tabId } = await openTab(b, url);
    await reportedTabState(b, tabId, url);
    // The next paper's page: the same built page with the other paper's id, swapped in a moment after the URL
    // changes, as a single-page app renders after pushState.
    const next = readFileSync(`tests/fixtures/${PAGES.hfPaper[1]}`, 'utf8').replaceAll('2609.31473', nextId);
    await page.evaluate(
      (html, path) => {
        history.pushState({}, '', path);
        setTimeout(() => {
          document.documentElement.innerHTML = new DOMParser().parseFromString(
            html,
            'text/html',
          ).documentElement.innerHTML;
        }, 600);
      },
      next,
      `/papers/${nextId}`,
    );
    // Reported once the page shows the new paper, not the one it showed when the URL changed.
    const state = await reportedTabState(b, tabId, nextUrl);
    expect(state.papers.map((p) => p.id)).toEqual([`arxiv:${nextId}`]);
    const record = await eventually(fromNextPage);
    expect(record).toMatchObject({ id: `arxiv:${nextId}`, source: { kind: 'hf-paper' } });
    await page.close();
  });

  it('"Clip this page" reads any scholarly page through its citation meta tags, after a toolbar click', async (test) => {
    await needsBrowserWindow(b, test);
    const [url] = PAGES.semanticScholar;
    const { page, tabId } = await openTab(b, url);
    await sleep(300);
    expect((await libraryRecords(b)).some((r) => r.source.site === 'web')).toBe(false);
    // Opened as a page, the popup has no access to the tab until the toolbar button is clicked on it.
    const popup = await openPopup(b, tabId);
    await click(popup, byTestId('clip-page'));
    await eventually(async () => (await text(popup, '[role="alert"]'))?.includes('click its toolbar button'));
    await clickToolbarButton(b, page); // on the tab in front, as a person does
    await click(popup, byTestId('clip-page'));
    const record = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.source.site === 'web'),
    );
    expect(record.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
    await Promise.all([popup.close(), page.close()]);
  });

  // Firefox only: Chromium's page menu is native, out of reach of any protocol a test can drive. In Firefox a
  // click on an add-on's menu item grants it `activeTab` for the tab, as the toolbar button does.
  it.runIf(onlyIn('firefox'))(
    'Firefox: "Clip this page to Papershelf" in the page menu clips the page (the menu item grants activeTab)',
    async (test) => {
      await needsBrowserWindow(b, test);
      const { page } = await openTab(b, CITED);
      await sleep(300);
      expect((await libraryRecords(b)).some((r) => r.title === CITED_TITLE)).toBe(false);
      await clickPageMenuItem(b, page, 'Clip this page to Papershelf');
      const record = await eventually(async () =>
        (await libraryRecords(b)).find((r) => r.title === CITED_TITLE),
      );
      expect(record.source.url).toBe(CITED);
      await page.close();
    },
  );

  // Firefox only: Firefox shows an arXiv PDF in its own viewer (pdf.js), a page of its own where no content
  // script runs; Chromium's viewer is a plugin, or the PDF downloads. Either way the paper is read from the URL.
  it.runIf(onlyIn('firefox'))(
    "Firefox: a PDF shown in Firefox's own viewer is still read from its URL",
    async () => {
      const pdf = await newPage(b);
      await pdf.goto(VIEWER_PDF_URL).catch(() => {});
      await eventually(async () => (await pdf.evaluate(() => location.href)) === VIEWER_PDF_URL);
      expect(await pdf.evaluate(() => document.getElementById('viewerContainer') !== null)).toBe(true);
      const stub = await eventually(async () =>
        (await libraryRecords(b)).find((r) => r.id === 'arxiv:2401.02954'),
      );
      expect(stub.incomplete).toBe(true);
      await pdf.close();
    },
  );
});
