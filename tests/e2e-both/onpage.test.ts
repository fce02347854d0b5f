/**
 * What Papershelf draws on the pages themselves, in Chromium and in Firefox: the marks beside a listing's
 * entries (in shadow roots the page's styles cannot reach, styled by the extension's own sheet), one click to
 * clip an entry, a paper page's chip; and, in Firefox, whose link menu a test can open, "Clip linked paper".
 * (The marks on a 2,000-entry list, related marks, the chip's panel and the options are in tests/e2e/onpage.)
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  clickInView,
  clickPageMenuItem,
  eventually,
  inRoots,
  launch,
  libraryRecords,
  needsBrowserWindow,
  onlyIn,
  openTab,
  serve,
  serveHtml,
} from './harness';

const LISTING = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const ABS = 'https://arxiv.org/abs/1808.06226v1';
const BLOG = 'https://blog.example.org/reading-list';

/**
 * Each mark, read inside its closed root: the entry's id, its marks' states, whether it offers "+ Clip", and the
 * clip button's look.
 */
function marksOf(page: Page) {
  return inRoots(
    browser,
    page,
    '[data-papershelf="mark"]',
    (roots) =>
      roots.map((root) => {
        const clip = root.querySelector('[data-testid="papershelf-clip"]');
        return {
          id: (root.host as HTMLElement).dataset.papershelfId,
          states: [...root.querySelectorAll('[data-testid="papershelf-mark"]')].map((m) =>
            m.getAttribute('data-state'),
          ),
          clip: clip !== null,
          radius: clip ? getComputedStyle(clip).borderTopLeftRadius : undefined,
        };
      }),
    null,
  );
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  serve(browser, LISTING, 'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html');
  serve(browser, ABS, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  serveHtml(
    browser,
    BLOG,
    '<!doctype html><title>Reading list</title><p style="font-size:40px">Read <a id="paper" ' +
      'href="https://arxiv.org/abs/2401.02954v1">the DeepSeek LLM paper</a> this week.</p>',
  );
}, 60_000);
afterAll(() => browser?.close());

describe('on the page', () => {
  it("marks every entry of an arXiv listing, styled by the extension's sheet; one click clips that entry alone", async () => {
    const { page } = await openTab(browser, LISTING);
    const marks = await eventually(async () => {
      const now = await marksOf(page);
      return now.length === 3 && now;
    });
    expect(marks.map((m) => m.id)).toContain('arxiv:2609.22268');
    // Nothing saved yet: each entry offers "+ Clip", drawn with the marks' own rounded style.
    expect(marks.every((m) => m.clip && m.states.length === 0 && m.radius === '999px')).toBe(true);

    // A real click on the entry's "+ Clip", inside its closed shadow root.
    await clickInView(
      browser,
      page,
      '[data-papershelf-id="arxiv:2609.22268"]',
      '[data-testid="papershelf-clip"]',
    );
    const record = await eventually(async () =>
      (await libraryRecords(browser)).find((r) => r.id === 'arxiv:2609.22268'),
    );
    expect(record.source.kind).toBe('arxiv-list');
    expect((await libraryRecords(browser)).map((r) => r.id)).toEqual(['arxiv:2609.22268']);
    await eventually(async () =>
      (await marksOf(page)).find((m) => m.id === 'arxiv:2609.22268')?.states.includes('saved'),
    );
    await page.close();
  });

  it('puts a chip on a paper page clipped on visit: "In your library"', async () => {
    const { page } = await openTab(browser, ABS);
    const chip = await eventually(() =>
      inRoots(
        browser,
        page,
        '[data-papershelf="chip"]',
        ([root]) =>
          root?.querySelector('[data-testid="papershelf-chip"]')?.getAttribute('aria-label') ?? false,
        null,
      ),
    );
    expect(chip).toMatch(/^In your library/);
    expect((await libraryRecords(browser)).some((r) => r.id === 'arxiv:1808.06226')).toBe(true);
    await page.close();
  });

  // Chromium's menus are native, out of a test's reach (tests/e2e/onpage sends the menu's message instead).
  it.runIf(onlyIn('firefox'))(
    '"Clip linked paper" in the right-click menu of a link to an arXiv paper stores it, incomplete',
    async (test) => {
      await needsBrowserWindow(browser, test);
      const { page } = await openTab(browser, BLOG);
      await clickPageMenuItem(browser, page, 'Clip linked paper', '#paper');
      const record = await eventually(async () =>
        (await libraryRecords(browser)).find((r) => r.id === 'arxiv:2401.02954'),
      );
      expect(record).toMatchObject({ arxivId: '2401.02954', incomplete: true });
      await page.close();
    },
  );
});
