/**
 * The popup on a saved paper, in Chromium and in Firefox: reading state, tags and note kept in the library;
 * remove with undo; a removed paper stays removed when its page is visited again, and "Clip again" brings it
 * back; a later version shows as an update of the one clipped. Attention Is All You Need at v1 (a page derived
 * from the v7 capture) and v7.
 */
import { execFileSync } from 'node:child_process';
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
  launch,
  libraryRecords,
  openPopup,
  openTab,
  serve,
  text,
  texts,
  value,
} from './harness';

const QWEN2 = 'https://arxiv.org/abs/2407.10671v4';
const HANDMADE = 'https://arxiv.org/abs/hep-th/9901001v2';
const V1 = 'https://arxiv.org/abs/1706.03762v1';
const V7 = 'https://arxiv.org/abs/1706.03762v7';
const ID = 'arxiv:1706.03762';

let b: Browser;
beforeAll(async () => {
  b = await launch();
  serve(b, V1, 'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html');
  serve(b, V7, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
  serve(b, QWEN2, 'arxiv-abs/2407.10671v4-2026-4versions.html');
  serve(b, HANDMADE, 'arxiv-abs/hep-th-9901001v2-handmade-oldid-withdrawn.html');
});
afterAll(() => b?.close());

const record = async () => (await libraryRecords(b)).find((paper) => paper.id === ID);
const toggleState = (popup: Page) => attribute(popup, byTestId('clip-toggle'), 'data-state');

async function popupFor(url: string): Promise<{ popup: Page; page: Page; tabId: number }> {
  const { page, tabId } = await openTab(b, url);
  const popup = await openPopup(b, tabId);
  await popup.waitForSelector(byTestId('clip-toggle'));
  return { popup, page, tabId };
}

describe(`what the popup says of a paper, in ${browserName}`, () => {
  it('many authors as "et al.", all of them a click away; v1 and latest dates; categories', async () => {
    // Qwen2's page: 62 authors from An Yang to Zhihao Fan; v1 of 15 Jul 2024, v4 of 10 Sep 2024; cs.CL, cs.AI.
    const { popup, page } = await popupFor(QWEN2);
    const authors = byTestId('paper-authors');
    expect(await text(popup, authors)).toBe('An Yang et al.all 62 authors');
    expect(await attribute(popup, byTestId('authors-toggle'), 'aria-expanded')).toBe('false');
    await click(popup, byTestId('authors-toggle'));
    await eventually(async () => (await text(popup, authors))?.includes('Baosong Yang'));
    const all = (await text(popup, authors)) ?? '';
    expect(all.startsWith('An Yang, Baosong Yang, ')).toBe(true);
    expect(all.endsWith('Zhifang Guo, Zhihao Fanfewer')).toBe(true);
    expect(all.split(', ')).toHaveLength(62);
    expect(await text(popup, byTestId('paper-dates'))).toBe('v1 2024-07-15 · v4 2024-09-10');
    expect(await text(popup, byTestId('paper-meta'))).toBe('arXiv:2407.10671v4 · cs.CL, cs.AI');
    expect(await count(popup, byTestId('paper-venue'))).toBe(0);
    await Promise.all([popup.close(), page.close()]);
  });

  it('the venue and the DOI, which links to the publisher', async () => {
    // The hand-made old-style page: Nucl.Phys. B550 (1999) 1-20, DOI 10.1016/S0550-3213(99)00001-1.
    const { popup, page } = await popupFor(HANDMADE);
    const venue = byTestId('paper-venue');
    await popup.waitForSelector(venue);
    expect(await text(popup, venue)).toBe('Nucl.Phys. B550 (1999) 1-20 · doi:10.1016/S0550-3213(99)00001-1');
    expect(await attribute(popup, `${venue} a`, 'href')).toBe(
      'https://doi.org/10.1016/S0550-3213(99)00001-1',
    );
    await Promise.all([popup.close(), page.close()]);
  });
});

describe(`the popup on a saved paper, in ${browserName}`, () => {
  it('keeps the reading state, tags and note in the library', async () => {
    const { popup, page, tabId } = await popupFor(V1);
    await eventually(async () => (await toggleState(popup)) === 'saved');
    await popup.select(byTestId('read-state'), 'reading');
    await fill(popup, byTestId('tag-input'), 'transformers');
    await popup.keyboard.press('Enter');
    await fill(popup, byTestId('note-input'), 'Read section 3.2 again');
    await popup.$eval(byTestId('note-input'), (e) => (e as HTMLElement).blur());
    await eventually(async () => {
      const saved = await record();
      return (
        saved?.readState === 'reading' &&
        saved.tags.includes('transformers') &&
        saved.note === 'Read section 3.2 again'
      );
    });
    await popup.close();
    // Opened again, the popup shows what was kept.
    const again = await openPopup(b, tabId);
    await eventually(async () => (await texts(again, byTestId('tag'))).join() === 'transformers×');
    expect(await value(again, byTestId('note-input'))).toBe('Read section 3.2 again');
    expect(await value(again, byTestId('read-state'))).toBe('reading');
    await again.close();
    await page.close();
  });

  it('shows a later version as an update of the one clipped', async () => {
    const { popup, page } = await popupFor(V7);
    await eventually(
      async () => (await text(popup, byTestId('version-update'))) === 'Updated to v7 (you saved v1)',
    );
    await popup.close();
    await page.close();
  });

  it('copies the paper as BibTeX that pandoc reads, with its arXiv fields', async () => {
    const { popup, page } = await popupFor(V7);
    // What reaches the clipboard (reading it back needs a permission a headless browser cannot grant here).
    await popup.evaluate(() => {
      navigator.clipboard.writeText = async (text: string) => {
        (window as unknown as { copied: string }).copied = text;
      };
    });
    await click(popup, byTestId('copy-bibtex'));
    await eventually(async () => (await text(popup, '.copied')) === 'BibTeX copied');
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
    await click(popup, byTestId('clip-toggle'));
    await eventually(async () => (await record()) === undefined);
    await click(popup, byTestId('undo'));
    await eventually(async () => (await record())?.tags.includes('transformers'));
    await eventually(async () => (await toggleState(popup)) === 'saved');
    await popup.close();
    await page.close();
  });

  it('a removed paper stays removed when its page is visited again; Clip again brings it back', async () => {
    const first = await popupFor(V7);
    await eventually(async () => (await toggleState(first.popup)) === 'saved');
    await click(first.popup, byTestId('clip-toggle'));
    await eventually(async () => (await record()) === undefined);
    await first.popup.close();
    await first.page.close();

    // Automatic clipping is on: the visit would clip it, but the reader removed it.
    const { popup, page } = await popupFor(V7);
    await eventually(async () => (await count(popup, byTestId('removed-note'))) === 1);
    expect(await record()).toBeUndefined();
    expect(await text(popup, byTestId('clip-toggle'))).toBe('Clip again');
    await click(popup, byTestId('clip-toggle'));
    await eventually(async () => (await record())?.tags.includes('transformers'));
    await popup.close();
    await page.close();
  });
});
