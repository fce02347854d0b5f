/**
 * `npm run screenshots`: the README's pictures, docs/library.png and docs/popup.png, taken in Chromium from the
 * extension as built in .output/chrome-mv3 (this script builds nothing: `npm run build` first), with the
 * end-to-end harness serving saved abstract pages at their real URLs. Tests never write them.
 */
import type { Page } from 'playwright-core';
import {
  type Browser,
  eventually,
  launch,
  libraryRecords,
  openPopup,
  openTab,
  serve,
} from '../tests/e2e/harness';
import { runCli } from './cli';

// Clipped in this order, so the library lists Dolma first; the popup shows Dolma's code and dataset links.
const PAGES = [
  [
    'arxiv:1808.06226',
    'https://arxiv.org/abs/1808.06226v1',
    'arxiv-abs/1808.06226v1-2026-github-in-abstract.html',
  ],
  ['arxiv:2401.02954', 'https://arxiv.org/abs/2401.02954v1', 'arxiv-abs/2401.02954v1-2026.html'],
  ['arxiv:1706.03762', 'https://arxiv.org/abs/1706.03762v7', 'arxiv-abs/1706.03762v7-2026-08-newheader.html'],
  [
    'arxiv:2402.00159',
    'https://arxiv.org/abs/2402.00159v2',
    'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html',
  ],
] as const;
const LIBRARY = 'docs/library.png';
const POPUP = 'docs/popup.png';

/** Visits every page (papers are clipped on visit); returns the last one's tab, left open for the popup. */
async function clipAll(browser: Browser): Promise<{ page: Page; tabId: number }> {
  let last: { page: Page; tabId: number } | undefined;
  for (const [id, url] of PAGES) {
    await last?.page.close();
    last = await openTab(browser, url);
    await eventually(async () => (await libraryRecords(browser.worker)).some((r) => r.id === id));
  }
  if (!last) throw new Error('no page to clip');
  return last;
}

async function screenshots(): Promise<string> {
  const browser = await launch();
  try {
    for (const [, url, file] of PAGES) await serve(browser.context, url, file);
    const { tabId } = await clipAll(browser);

    const library = await browser.context.newPage();
    await library.setViewportSize({ width: 1000, height: 720 });
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await eventually(
      async () => (await library.getByTestId('library-count').textContent()) === `${PAGES.length} papers`,
    );
    await library.screenshot({ path: LIBRARY, fullPage: true });

    const popup = await openPopup(browser, tabId);
    await popup.setViewportSize({ width: 400, height: 460 });
    await eventually(async () => (await popup.getByTestId('code-link').count()) === 2);
    await popup.screenshot({ path: POPUP });
    return `${LIBRARY}\n${POPUP}\n`;
  } finally {
    await browser.close();
  }
}

await runCli('screenshots', screenshots);
