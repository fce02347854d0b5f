/**
 * Accessibility, measured with axe-core in Chromium: no serious or critical violation on the popup (a paper with
 * code links and related papers), the library page (with papers and a detail pane) and the options page, in light
 * and in dark.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, eventually, launch, openPopup, openTab, serve } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical violations axe finds on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the extension's policy forbids the inline script a tag would add.
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run(),
  )) as { violations: Violation[] };
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let browser: Browser;
let tabId: number;
beforeAll(async () => {
  browser = await launch();
  await serve(browser.context, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  const library = await browser.context.newPage();
  await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
  await library.getByTestId('import-input').setInputFiles(READING_LIST);
  await eventually(
    async () => (await library.getByTestId('import-message').getAttribute('data-state')) === 'done',
  );
  await library.close();
  ({ tabId } = await openTab(browser, SENTENCEPIECE));
}, 60_000);
afterAll(() => browser?.close());

describe.each(['light', 'dark'] as const)('in %s', (scheme) => {
  it('the popup on a paper with code and related papers', async () => {
    const popup = await openPopup(browser, tabId);
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
    expect(await violations(popup)).toEqual([]);
    await popup.close();
  });

  it('the library page with papers and a detail pane', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByTestId('library-item').first().waitFor();
    await page
      .getByTestId('library-item')
      .first()
      .locator('.paper-row-title')
      .click({ modifiers: [] })
      .catch(() => {});
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('the options page', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.locator('body').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
