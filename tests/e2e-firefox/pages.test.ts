/**
 * Every page kind in real Firefox with the built MV2 add-on (the flows of tests/e2e/pages.test.ts), and what
 * Firefox does its own way: a PDF opens in Firefox's own viewer (pdf.js), and "Clip this page" gets its
 * `activeTab` grant from the toolbar button or from the page menu.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  byTestId,
  click,
  clickPageMenuItem,
  clickToolbarButton,
  count,
  eventually,
  fill,
  launch,
  libraryRecords,
  newPage,
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
// A page with citation meta tags only, for "Clip this page" from the page menu.
const CITED = 'https://journals.example.org/article/42';
const CITED_TITLE = 'A Study of Page Menus in Browser Extensions';

const ids = async (ff: Browser) => (await libraryRecords(ff)).map((r) => r.id).sort();

/** Clicks "Clip all" in the popup of the tab and checks that the progress bar showed while it ran. */
async function clipAll(ff: Browser, tabId: number, expected: number) {
  const popup = await openPopup(ff, tabId);
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

describe('every page kind, in Firefox with the built extension', () => {
  let ff: Browser;

  beforeAll(async () => {
    ff = await launch();
    for (const [url, file] of Object.values(PAGES)) serve(ff, url, file);
    // Not a readable PDF: Firefox's viewer (pdf.js) still opens in the tab, at the PDF's URL.
    serveBody(ff, PDF_URL, 'application/pdf', '%PDF-1.4\n%%EOF\n');
    serveHtml(
      ff,
      CITED,
      `<html><head><title>Article 42</title><meta name="citation_title" content="${CITED_TITLE}">
       <meta name="citation_author" content="Doe, Jane"><meta name="citation_publication_date" content="2024/05/01">
       <meta name="citation_doi" content="10.1234/menus.42"></head><body><h1>${CITED_TITLE}</h1></body></html>`,
    );
  });
  afterAll(() => ff?.close());

  it('an arXiv listing is not clipped on visit; "Clip all" clips its 3 entries with a progress bar', async () => {
    const { page, tabId } = await openTab(ff, PAGES.arxivList[0]);
    await reportedTabState(ff, tabId, PAGES.arxivList[0]);
    expect(await ids(ff)).toEqual([]);
    await clipAll(ff, tabId, 3);
    expect(await ids(ff)).toEqual(['arxiv:2609.22268', 'arxiv:2609.22287', 'arxiv:2609.22341']);
    await page.close();
  });

  it('the abstract page of a listed paper completes the same record', async () => {
    const { page } = await openTab(ff, PAGES.arxivAbsFromList[0]);
    const record = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.id === 'arxiv:2609.22268' && r.source.kind === 'arxiv-abs'),
    );
    expect(await ids(ff)).toHaveLength(3);
    expect(record.version).toBe(1);
    expect(record.links?.[0]?.kind).toBe('code');
    await page.close();
  });

  it('an arXiv HTML full text page is clipped', async () => {
    const { page } = await openTab(ff, PAGES.arxivHtml[0]);
    const record = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.source.kind === 'arxiv-html'),
    );
    expect(record.id).toBe('arxiv:1706.03762');
    await page.close();
  });

  it("a PDF, shown in Firefox's own viewer, is stored as incomplete from its URL and completed by its abstract", async () => {
    const pdf = await newPage(ff);
    await pdf.goto(PDF_URL).catch(() => {});
    // The tab shows Firefox's viewer (pdf.js) at the PDF's own URL: no content script runs there.
    await eventually(async () => (await pdf.evaluate(() => location.href)) === PDF_URL);
    expect(await pdf.evaluate(() => document.getElementById('viewerContainer') !== null)).toBe(true);
    const stub = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.id === 'arxiv:2508.16190'),
    );
    expect(stub.incomplete).toBe(true);
    expect(stub.title).toBeUndefined();
    const { page } = await openTab(ff, PAGES.arxivAbsOfPdf[0]);
    const full = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.id === 'arxiv:2508.16190' && !r.incomplete),
    );
    expect(full.title).toBeTruthy();
    await Promise.all([pdf.close(), page.close()]);
  });

  it('a Hugging Face daily listing is clipped in bulk, searchable at once; its paper page adds to a record', async () => {
    const before = (await ids(ff)).length;
    const { page, tabId } = await openTab(ff, PAGES.hfList[0]);
    await clipAll(ff, tabId, 28);
    expect((await ids(ff)).length).toBe(before + 28);
    await page.close();

    const library = await openExtensionPage(ff, 'library.html');
    await fill(library, byTestId('library-search'), 'cross-layer disagreement');
    await eventually(async () => (await count(library, byTestId('library-item'))) === 1);
    expect(await text(library, byTestId('library-item'))).toContain(
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap',
    );
    await library.close();

    const paper = await openTab(ff, PAGES.hfPaper[0]);
    const record = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.id === 'arxiv:2609.31473' && r.source.kind === 'hf-paper'),
    );
    expect(record.authors).toHaveLength(62);
    expect((await ids(ff)).length).toBe(before + 28);
    await paper.page.close();
  });

  it('follows Hugging Face moving to another paper without a reload, once the page shows it', async () => {
    const [url] = PAGES.hfPaper;
    const nextId = '2609.31620';
    const nextUrl = `https://huggingface.co/papers/${nextId}`;
    const { page, tabId } = await openTab(ff, url);
    await reportedTabState(ff, tabId, url);
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
    const state = await reportedTabState(ff, tabId, nextUrl);
    expect(state.papers.map((p) => p.id)).toEqual([`arxiv:${nextId}`]);
    await eventually(async () => (await libraryRecords(ff)).find((r) => r.source.url === nextUrl));
    await page.close();
  });

  it('"Clip this page" reads any scholarly page through its citation meta tags, after a toolbar click', async () => {
    const [url] = PAGES.semanticScholar;
    const { page, tabId } = await openTab(ff, url);
    await sleep(300);
    expect((await libraryRecords(ff)).some((r) => r.source.site === 'web')).toBe(false);
    // Opened as a page, the popup has no access to the tab until the toolbar button is clicked on it.
    const popup = await openPopup(ff, tabId);
    await click(popup, byTestId('clip-page'));
    await eventually(async () => (await text(popup, '[role="alert"]'))?.includes('click its toolbar button'));
    await page.bringToFront(); // the button is clicked on the tab in front, as a person does
    await clickToolbarButton(ff);
    await click(popup, byTestId('clip-page'));
    const record = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.source.site === 'web'),
    );
    expect(record.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
    await Promise.all([popup.close(), page.close()]);
  });

  it('"Clip this page to Papershelf" in the page menu clips the page (the menu item grants activeTab)', async () => {
    const { page } = await openTab(ff, CITED);
    await sleep(300);
    expect((await libraryRecords(ff)).some((r) => r.title === CITED_TITLE)).toBe(false);
    await clickPageMenuItem(ff, page as Page, 'Clip this page to Papershelf');
    const record = await eventually(async () =>
      (await libraryRecords(ff)).find((r) => r.title === CITED_TITLE),
    );
    expect(record.source.url).toBe(CITED);
    await page.close();
  });
});
