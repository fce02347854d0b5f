/**
 * `npm run screenshots`: the README's pictures, taken in Chromium from the extension as built in
 * .output/chrome-mv3 (this script builds nothing: `npm run build` first), with the end-to-end harness serving saved
 * pages at their real URLs. Tests never write them.
 *
 * - docs/popup.png, docs/popup-dark.png: the popup on SentencePiece (code link, related papers with reasons) in a
 *   library of 80 real cs papers of 2025 (8 about tokenization);
 * - docs/listing.png: an arXiv listing with its marks (one entry saved, the others one click from the library);
 * - docs/library.png, docs/library-dark.png: the library page at 10,000 real cs papers of 2025 with a paper's
 *   details open (from ../shared/datasets; with 80 papers when the datasets are absent, and it says so).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { type Browser, eventually, inRoots, launch, openPopup, openTab, serve } from '../tests/e2e/harness';
import { MARK_HOSTS, readMarks } from '../tests/e2e/page-world';
import { runCli } from './cli';
import { DATASETS } from './jsonl';

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const CS_2025 = join(DATASETS, 'arxiv-daily-cs-2025', 'papers.jsonl.gz');
const SENTENCEPIECE = [
  'https://arxiv.org/abs/1808.06226v1',
  'arxiv-abs/1808.06226v1-2026-github-in-abstract.html',
];
const LISTING = [
  'https://arxiv.org/list/cond-mat.mtrl-sci/new',
  'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
];
const LISTED_ABS = [
  'https://arxiv.org/abs/2609.22268v1',
  'arxiv-abs/2609.22268v1-2026-09-newheader-codelink-msc.html',
];

async function importFile(browser: Browser, file: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
  await page.getByTestId('import-input').setInputFiles(file);
  await eventually(
    async () => (await page.getByTestId('import-message').getAttribute('data-state')) === 'done',
    300_000,
  );
  await page.close();
}

async function shoot(page: Page, path: string, scheme: 'light' | 'dark', fullPage = false): Promise<string> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForTimeout(200);
  await page.screenshot({ path, fullPage });
  return path;
}

const step = (what: string) => process.stderr.write(`screenshots: ${what}\n`);

async function screenshots(): Promise<string> {
  const browser = await launch();
  const scratch = mkdtempSync(join(tmpdir(), 'papershelf-shots-'));
  const written: string[] = [];
  try {
    for (const [url, file] of [SENTENCEPIECE, LISTING, LISTED_ABS])
      await serve(browser.context, url as string, file as string);
    await importFile(browser, READING_LIST);
    // The library at 10,000 papers, when the real ones are here.
    let size = 80;
    if (existsSync(CS_2025)) {
      const lines = gunzipSync(readFileSync(CS_2025)).toString('utf8').split('\n', 10_080).slice(80);
      const list = join(scratch, 'cs-2025-10000.jsonl');
      writeFileSync(list, `${lines.join('\n')}\n`);
      await importFile(browser, list);
      size = 10_080;
    } else {
      process.stderr.write(`screenshots: no ${CS_2025}: the library picture shows 80 papers\n`);
    }

    step('library imported');
    // A listing: one entry saved (its abstract page visited), the others with their clip button.
    const listed = await openTab(browser, LISTED_ABS[0] as string);
    await listed.page.close();
    const listing = await openTab(browser, LISTING[0] as string);
    await listing.page.setViewportSize({ width: 1000, height: 640 });
    // The marks are drawn in closed roots: read over the DevTools protocol, as the tests do.
    await eventually(async () =>
      (await inRoots(listing.page, MARK_HOSTS, readMarks, null)).some((mark) => mark.marks.includes('saved')),
    );
    // The entries alone: the saved page's own style sheets are not served here.
    await listing.page.locator('dl#articles').screenshot({ path: 'docs/listing.png' });
    written.push('docs/listing.png');
    await listing.page.close();

    step('listing shot');
    const { tabId } = await openTab(browser, SENTENCEPIECE[0] as string);
    const popup = await openPopup(browser, tabId);
    await popup.setViewportSize({ width: 420, height: 760 });
    await popup.getByTestId('related-item').first().waitFor({ timeout: 30_000 });
    written.push(await shoot(popup, 'docs/popup.png', 'light'));
    written.push(await shoot(popup, 'docs/popup-dark.png', 'dark'));

    step('popup shots');
    const library = await browser.context.newPage();
    await library.setViewportSize({ width: 1200, height: 760 });
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await eventually(async () => {
      const count = (await library.getByTestId('library-count').textContent()) ?? '';
      return Number(count.replace(/\D/g, '')) >= size;
    }, 60_000);
    await library.getByTestId('library-search').fill('subword tokenization');
    await eventually(async () => (await library.getByTestId('library-item').count()) > 0, 30_000);
    await library.getByTestId('library-item').first().locator('.paper-row-authors').click();
    await library.waitForTimeout(1000);
    written.push(await shoot(library, 'docs/library.png', 'light'));
    written.push(await shoot(library, 'docs/library-dark.png', 'dark'));
    return `${written.join('\n')}\n`;
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await runCli('screenshots', screenshots);
