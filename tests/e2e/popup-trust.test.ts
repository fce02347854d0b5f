/**
 * The popup on a saved paper: reading state, tags and note kept in the library; remove with undo; a removed
 * paper stays removed when its page is visited again, and "Clip again" brings it back; a later version shows
 * as an update of the one clipped. Attention Is All You Need at v1 (a page derived from the v7 capture) and v7.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, eventually, launch, libraryRecords, openPopup, openTab, serve } from './harness';

const V1 = 'https://arxiv.org/abs/1706.03762v1';
const V7 = 'https://arxiv.org/abs/1706.03762v7';
const ID = 'arxiv:1706.03762';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await serve(browser.context, V1, 'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html');
  await serve(browser.context, V7, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
}, 60_000);
afterAll(() => browser?.close());

const record = async () => (await libraryRecords(browser.worker)).find((paper) => paper.id === ID);

async function popupFor(url: string): Promise<{ popup: Page; page: Page }> {
  const { page, tabId } = await openTab(browser, url);
  const popup = await openPopup(browser, tabId);
  await popup.getByTestId('clip-toggle').waitFor();
  return { popup, page };
}

describe('the popup on a saved paper', () => {
  it('keeps the reading state, tags and note in the library', async () => {
    const { popup, page } = await popupFor(V1);
    await expect.poll(() => popup.getByTestId('clip-toggle').getAttribute('data-state')).toBe('saved');
    await popup.getByTestId('read-state').selectOption('reading');
    await popup.getByTestId('tag-input').fill('transformers');
    await popup.getByTestId('tag-input').press('Enter');
    await popup.getByTestId('note-input').fill('Read section 3.2 again');
    await popup.getByTestId('note-input').blur();
    await eventually(async () => {
      const saved = await record();
      return (
        saved?.readState === 'reading' &&
        saved.tags.includes('transformers') &&
        saved.note === 'Read section 3.2 again'
      );
    });
    // Opened again, the popup shows what was kept.
    await popup.reload();
    await expect.poll(() => popup.getByTestId('tag').allTextContents()).toEqual(['transformers×']);
    expect(await popup.getByTestId('note-input').inputValue()).toBe('Read section 3.2 again');
    expect(await popup.getByTestId('read-state').inputValue()).toBe('reading');
    await popup.close();
    await page.close();
  });

  it('shows a later version as an update of the one clipped', async () => {
    const { popup, page } = await popupFor(V7);
    await expect
      .poll(() => popup.getByTestId('version-update').textContent(), { timeout: 10_000 })
      .toBe('Updated to v7 (you saved v1)');
    await popup.close();
    await page.close();
  });

  it('copies the paper as BibTeX that pandoc reads, with its arXiv fields', async () => {
    const { popup, page } = await popupFor(V7);
    // What reaches the clipboard (reading it back needs a permission headless Chromium cannot grant here).
    await popup.evaluate(() => {
      navigator.clipboard.writeText = async (text: string) => {
        (window as unknown as { copied: string }).copied = text;
      };
    });
    await popup.getByTestId('copy-bibtex').click();
    await expect.poll(() => popup.locator('.copied').textContent()).toBe('BibTeX copied');
    const bibtex = await popup.evaluate(() => (window as unknown as { copied: string }).copied);
    expect(bibtex).toMatch(/eprint\s*=\s*\{1706\.03762\}/);
    expect(bibtex).toMatch(/archiveprefix\s*=\s*\{arXiv\}/i);
    const [entry] = JSON.parse(
      execFileSync('pandoc', ['-f', 'bibtex', '-t', 'csljson'], { input: bibtex }).toString(),
    );
    expect(entry.title).toBe('Attention Is All You Need');
    expect(entry.author[0]).toMatchObject({ family: 'Vaswani', given: 'Ashish' });
    await popup.close();
    await page.close();
  });

  it('removes with undo: Undo brings the paper back with its tags', async () => {
    const { popup, page } = await popupFor(V7);
    await popup.getByTestId('clip-toggle').click();
    await eventually(async () => (await record()) === undefined);
    await popup.getByTestId('undo').click();
    await eventually(async () => (await record())?.tags.includes('transformers'));
    await expect.poll(() => popup.getByTestId('clip-toggle').getAttribute('data-state')).toBe('saved');
    await popup.close();
    await page.close();
  });

  it('a removed paper stays removed when its page is visited again; Clip again brings it back', async () => {
    const first = await popupFor(V7);
    await first.popup.getByTestId('clip-toggle').click();
    await eventually(async () => (await record()) === undefined);
    await first.popup.close();
    await first.page.close();

    // Automatic clipping is on: the visit would clip it, but the reader removed it.
    const { popup, page } = await popupFor(V7);
    await expect.poll(() => popup.getByTestId('removed-note').count()).toBe(1);
    expect(await record()).toBeUndefined();
    expect(await popup.getByTestId('clip-toggle').textContent()).toBe('Clip again');
    await popup.getByTestId('clip-toggle').click();
    await eventually(async () => (await record())?.tags.includes('transformers'));
    await popup.close();
    await page.close();
  });
});
