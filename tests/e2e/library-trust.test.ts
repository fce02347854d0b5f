/**
 * The library page a researcher trusts, in Chromium with the built extension: what the reader keeps on papers
 * (tags, notes, reading state) survives a reload, facets count right, selection acts on what is selected,
 * removing can be undone, and the list stays small in the DOM however long the library is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, eventually, launch, libraryRecords, openTab, serve } from './harness';

/** A citation file as pandoc reads it, written back as CSL-JSON (pandoc is Debian's; .ci/run installs it). */
const pandoc = (from: 'bibtex' | 'csljson', text: string): string =>
  execFileSync('pandoc', ['-f', from, '-t', 'csljson'], { input: text }).toString();

// 80 real cs papers of 2025, 8 of them about tokenizers; then 120 more (the last of the year).
const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const LAST_120 = 'tests/fixtures/library/cs-2025-last-120.jsonl';

let browser: Browser;
let page: Page;

const count = () => page.getByTestId('library-count').textContent();
const rows = () => page.getByTestId('library-item');
const row = (id: string) => page.locator(`[data-testid="library-item"][data-id="${id}"]`);
/** Clicks a row where it has no control of its own (its meta line), with modifier keys. */
const clickRow = (item: Locator, modifiers: ('Shift' | 'ControlOrMeta')[] = []) =>
  item.locator('.paper-row-meta').click({ modifiers });
const chips = (item: Locator) => item.getByTestId('tag').locator('.tag-name').allTextContents();
const record = async (id: string) => (await libraryRecords(browser.worker)).find((r) => r.id === id);

async function importFile(file: string, expected: string) {
  await page.getByTestId('import-input').setInputFiles(file);
  await eventually(
    async () => (await page.getByTestId('import-message').getAttribute('data-state')) === 'done',
    30_000,
  );
  await eventually(async () => (await count()) === expected);
}

/** The ids of the first `n` rows, top down (once they are drawn). */
const firstIds = (n: number) =>
  eventually(async () => {
    const drawn = await rows().evaluateAll((all) =>
      all.map((li) => [Number(li.getAttribute('aria-posinset')), li.dataset.id ?? ''] as const),
    );
    const ids = drawn
      .sort((a, b) => a[0] - b[0])
      .slice(0, n)
      .map(([, id]) => id);
    return ids.length === n && drawn[0]?.[0] === 1 && ids;
  });

describe('the library page, trusted with a real library', () => {
  beforeAll(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await importFile(READING_LIST, '80 papers');
  });
  afterAll(() => browser?.close());

  it('keeps tags and notes across a reload', async () => {
    const [id] = await firstIds(1);
    const item = row(id as string);
    const input = item.getByTestId('tag-input');
    await input.fill('to read first');
    await input.press('Enter');
    await input.fill('tokenizers');
    await input.press('Enter');
    await eventually(async () => (await chips(item)).length === 2);
    expect(await chips(item)).toEqual(['to read first', 'tokenizers']);
    // A chip's × takes its tag off.
    await item.getByTestId('tag').filter({ hasText: 'to read first' }).getByTestId('tag-remove').click();
    await eventually(async () => (await chips(item)).join() === 'tokenizers');

    // The note, in the details of the focused row: saved after a pause in typing, without leaving the field.
    await clickRow(item);
    const note = page.getByTestId('note-input');
    await note.fill('Compare with SentencePiece: section 3 and the appendix.');
    await eventually(async () =>
      (await record(id as string))?.note?.startsWith('Compare with SentencePiece'),
    );
    // And on leaving the field, at once.
    await note.fill('Compare with SentencePiece: section 3 only.');
    await page.getByTestId('library-search').focus();
    await eventually(
      async () => (await record(id as string))?.note === 'Compare with SentencePiece: section 3 only.',
      600,
    );

    await page.reload();
    await eventually(async () => (await count()) === '80 papers');
    await eventually(async () => (await chips(row(id as string))).join() === 'tokenizers');
    await clickRow(row(id as string));
    await eventually(
      async () =>
        (await page.getByTestId('note-input').inputValue()) === 'Compare with SentencePiece: section 3 only.',
    );
    expect((await record(id as string))?.tags).toEqual(['tokenizers']);
  });

  it('shows the focused paper in full: abstract, links, related papers with their reasons', async () => {
    const tokenizer = rows().filter({ hasText: 'Boundless Byte Pair' });
    await page.getByTestId('library-search').fill('boundless byte pair');
    await eventually(async () => (await count()) === '1 of 80 papers');
    await clickRow(tokenizer);
    const detail = page.getByTestId('paper-detail');
    await eventually(
      async () => (await detail.getAttribute('data-id')) === (await tokenizer.getAttribute('data-id')),
    );
    expect((await detail.getByTestId('detail-abstract').textContent())?.length).toBeGreaterThan(200);
    await detail.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
    // The papers it is closest to are the other tokenizer papers, each with a reason.
    const reasons = await detail.getByTestId('related-reason').allTextContents();
    expect(reasons.length).toBeGreaterThan(2);
    expect(reasons.every((reason) => reason.length > 0)).toBe(true);
    expect((await detail.getByTestId('related-item').allTextContents()).join(' ')).toMatch(/[Tt]oken/);
    await page.getByTestId('library-search').fill('');
    await eventually(async () => (await count()) === '80 papers');
  });

  it('counts papers by reading state, and filters by it', async () => {
    const [a, b, c] = await firstIds(3);
    await row(a as string)
      .getByTestId('read-state')
      .selectOption('read');
    await row(b as string)
      .getByTestId('read-state')
      .selectOption('read');
    await row(c as string)
      .getByTestId('read-state')
      .selectOption('reading');
    const states = page.getByTestId('filter-read-state');
    await eventually(
      async () =>
        (await states.locator('option').allTextContents()).join('|') ===
        'Any reading state|Unread (77)|Reading (1)|Read (2)',
    );
    await states.selectOption('read');
    await eventually(async () => (await count()) === '2 of 80 papers');
    expect((await rows().evaluateAll((all) => all.map((li) => li.dataset.id))).sort()).toEqual([a, b].sort());
    await states.selectOption('reading');
    await eventually(async () => (await count()) === '1 of 80 papers');
    expect(await rows().getAttribute('data-id')).toBe(c);
    await states.selectOption('');
    await eventually(async () => (await count()) === '80 papers');
  });

  it('selects three rows with shift-click and tags them all', async () => {
    const ids = await firstIds(5);
    await clickRow(row(ids[1] as string));
    await clickRow(row(ids[3] as string), ['Shift']);
    await eventually(
      async () => (await page.getByTestId('selection-count').textContent()) === '3 papers selected',
    );
    const selected = () =>
      page
        .locator('[data-testid="library-item"][data-selected="true"]')
        .evaluateAll((all) => all.map((li) => li.dataset.id));
    expect((await selected()).sort()).toEqual([ids[1], ids[2], ids[3]].sort());
    // Ctrl/cmd-click takes one off and puts one on.
    await clickRow(row(ids[2] as string), ['ControlOrMeta']);
    await clickRow(row(ids[4] as string), ['ControlOrMeta']);
    await eventually(async () => (await selected()).sort().join() === [ids[1], ids[3], ids[4]].sort().join());

    const input = page.getByTestId('selection-tag-input');
    await input.fill('survey');
    await input.press('Enter');
    await eventually(async () => {
      const tagged = (await libraryRecords(browser.worker)).filter((r) => r.tags.includes('survey'));
      return (
        tagged
          .map((r) => r.id)
          .sort()
          .join() === [ids[1], ids[3], ids[4]].sort().join()
      );
    });
    await eventually(async () =>
      (await page.getByTestId('filter-tag').locator('option').allTextContents()).includes('survey (3)'),
    );
    await page.getByTestId('clear-selection').click();
    expect(await page.getByTestId('selection').count()).toBe(0);
  });

  it('removes two papers, and Undo brings them back as they were', async () => {
    const ids = (await firstIds(2)) as [string, string];
    const tagsBefore = (await record(ids[0]))?.tags;
    for (const id of ids) await row(id).getByTestId('select-paper').click();
    await eventually(
      async () => (await page.getByTestId('selection-count').textContent()) === '2 papers selected',
    );
    await page.getByTestId('remove-selected').click();
    await eventually(async () => (await count()) === '78 papers');
    expect(await page.getByTestId('toast').textContent()).toContain('Removed 2 papers');
    const left = (await libraryRecords(browser.worker)).map((r) => r.id);
    expect(left).not.toContain(ids[0]);
    expect(left).not.toContain(ids[1]);

    await page.getByTestId('undo').click();
    await eventually(async () => (await count()) === '80 papers');
    await eventually(async () => (await row(ids[0]).count()) === 1 && (await row(ids[1]).count()) === 1);
    expect((await record(ids[0]))?.tags).toEqual(tagsBefore);
    expect(await page.getByTestId('toast').count()).toBe(0);
  });

  it('exports the selection, else the search, else the whole library, as a downloaded file', async () => {
    const download = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path()) as string, 'utf8') };
    };
    const ids = (await firstIds(2)) as [string, string];
    for (const id of ids) await row(id).getByTestId('select-paper').click();
    await eventually(
      async () => (await page.getByTestId('selection-count').textContent()) === '2 papers selected',
    );
    const bib = await download('export-bibtex');
    expect(bib.name).toMatch(/^papershelf-\d{4}-\d{2}-\d{2}\.bib$/);
    expect(bib.text.match(/^@\w+\{/gm)).toHaveLength(2);
    for (const id of ids) expect(bib.text).toContain(`eprint = {${id.replace('arxiv:', '')}}`);
    // pandoc reads the file: two entries, each with its title.
    const read = JSON.parse(pandoc('bibtex', bib.text)) as { title?: string }[];
    expect(read).toHaveLength(2);
    expect(read.every((entry) => (entry.title ?? '').length > 10)).toBe(true);
    await page.getByTestId('clear-selection').click();

    await page.getByTestId('library-search').fill('tokenization');
    await eventually(
      async () =>
        (await page.locator('.library-list').getAttribute('aria-busy')) === 'false' &&
        /^\d+ of 80 papers$/.test((await count()) ?? ''),
    );
    const found = Number((await count())?.split(' ')[0]);
    const ris = await download('export-ris');
    expect(ris.name).toMatch(/\.ris$/);
    expect(ris.text.match(/^TY {2}- /gm)).toHaveLength(found);
    await page.getByTestId('library-search').fill('');
    await eventually(async () => (await count()) === '80 papers');

    const csl = await download('export-csl');
    expect(csl.name).toMatch(/\.json$/);
    expect(JSON.parse(csl.text)).toHaveLength(80);
    expect(JSON.parse(pandoc('csljson', csl.text))).toHaveLength(80);
  });

  it('says how much space the library takes', async () => {
    await eventually(async () =>
      /^Uses \d+(\.\d)? (kB|MB|GB) on disk/.test(
        (await page.getByTestId('storage-usage').textContent()) ?? '',
      ),
    );
  });

  it('keeps at most a screenful of rows in the DOM, and scrolls to the very last paper', async () => {
    await importFile(LAST_120, '200 papers');
    expect(await rows().count()).toBeLessThan(40);
    // The list as the page orders it: the newest clip first, the same order as IndexedDB's savedAt index.
    const ordered = await page.evaluate(
      () =>
        new Promise<string[]>((done, fail) => {
          const open = indexedDB.open('papershelf');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const keys = open.result
              .transaction('papers')
              .objectStore('papers')
              .index('savedAt')
              .getAllKeys();
            keys.onsuccess = () => done((keys.result as string[]).reverse());
          };
        }),
    );
    expect(ordered).toHaveLength(200);
    const last = ordered[199] as string;

    const shown = () => rows().evaluateAll((all) => all.map((li) => li.dataset.id));
    for (let step = 0; step < 30 && !(await shown()).includes(last); step++) {
      await page.mouse.wheel(0, 2500);
      await page.waitForTimeout(100);
      expect(await rows().count()).toBeLessThan(120);
    }
    await eventually(async () => (await shown()).includes(last));
    await row(last).scrollIntoViewIfNeeded();
    expect(await row(last).getAttribute('aria-posinset')).toBe('200');
    expect(await row(last).isVisible()).toBe(true);
    expect(await rows().count()).toBeLessThan(40);
  });

  it('says when arXiv has a later version than the one clipped', async () => {
    // Attention Is All You Need, clipped at v1 (a real v1 page derived from the v7 capture), then seen at v7.
    await serve(
      browser.context,
      'https://arxiv.org/abs/1706.03762v1',
      'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html',
    );
    await serve(
      browser.context,
      'https://arxiv.org/abs/1706.03762v7',
      'arxiv-abs/1706.03762v7-2026-08-newheader.html',
    );
    for (const version of [1, 7]) {
      const { page: tab } = await openTab(browser, `https://arxiv.org/abs/1706.03762v${version}`);
      await eventually(async () => (await record('arxiv:1706.03762'))?.version === version);
      await tab.close();
    }
    await page.getByTestId('library-search').fill('attention is all you need');
    const item = row('arxiv:1706.03762');
    await eventually(async () => (await item.count()) === 1);
    await eventually(
      async () => (await item.getByTestId('version-update').textContent()) === 'Updated to v7 (you saved v1)',
    );
  });
});
