/**
 * The library page a researcher trusts, in Chromium with the built extension: what the reader keeps on papers
 * (tags, notes, reading state) survives a reload, facets count right, selection acts on what is selected,
 * removing can be undone, and the list stays small in the DOM however long the library is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  eventually,
  importFile,
  launch,
  libraryRecords,
  openTab,
  serve,
  serveHtml,
} from './harness';

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

async function importAll(file: string, expected: string) {
  expect((await importFile(page, file)).state).toBe('done');
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

/**
 * Waits for the first `n` rows, read with `read`, to be `expected` (the list follows a new order or search a
 * moment later), then asserts it: a failure shows what the rows were.
 */
async function showsFirst<T>(n: number, read: (id: string) => T, expected: T[]) {
  const shown = async () => ((await firstIds(n)) as string[]).map(read);
  await eventually(async () => JSON.stringify(await shown()) === JSON.stringify(expected), 5000).catch(
    () => undefined,
  );
  expect(await shown()).toEqual(expected);
}

describe('the library page, trusted with a real library', () => {
  beforeAll(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await importAll(READING_LIST, '80 papers');
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
    await importAll(LAST_120, '200 papers');
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

  // The tests below read the library as the ones above left it, and leave the search box empty.

  it('sorts by clipped, submitted and relevance', async () => {
    const records = await libraryRecords(browser.worker);
    const byId = new Map(records.map((r) => [r.id, r]));
    const sort = page.getByTestId('sort');
    const search = page.getByTestId('library-search');

    // Newest submitted: the first rows carry the library's latest v1 dates, in order.
    await search.fill('');
    await sort.selectOption('submitted');
    const latest = records
      .map((r) => r.submitted ?? '')
      .sort()
      .reverse()
      .slice(0, 8);
    await showsFirst(8, (id) => byId.get(id)?.submitted, latest);

    // A search for "speech": its papers come from both imports, so they were clipped at two times.
    await search.fill('speech');
    await eventually(async () => /^\d+ of \d+ papers$/.test((await count()) ?? ''));
    const found = Number((await count())?.split(' ')[0]);
    expect(found).toBeGreaterThan(4);

    // Newest clipped: the found papers by descending savedAt.
    await sort.selectOption('clipped');
    const ids = await firstIds(found);
    const clipped = ids.map((id) => byId.get(id)?.savedAt ?? 0).sort((a, b) => b - a);
    await showsFirst(found, (id) => byId.get(id)?.savedAt, clipped);

    // Best match: the papers with "speech" in their title before those with it only elsewhere.
    await sort.selectOption('relevance');
    const inTitle = (id: string) => /\bspeech/i.test(byId.get(id)?.title ?? '');
    const titled = ids.filter(inTitle).length;
    expect(titled).toBeGreaterThan(0);
    expect(titled).toBeLessThan(found);
    await showsFirst(
      found,
      inTitle,
      [...Array(found)].map((_, i) => i < titled),
    );

    await search.fill('');
    await eventually(async () => (await count()) === `${records.length} papers`);
  });

  it('counts and filters by year, tag and site', async () => {
    const total = (await libraryRecords(browser.worker)).length;
    await page.getByTestId('library-search').fill('');
    await page.getByTestId('sort').selectOption('relevance');
    await eventually(async () => (await count()) === `${total} papers`);

    // Years: one option per year, newest first, each with its number of papers.
    const perYear = new Map<number, number>();
    for (const r of await libraryRecords(browser.worker)) {
      const year = Number((r.submitted ?? r.updated ?? '').slice(0, 4));
      perYear.set(year, (perYear.get(year) ?? 0) + 1);
    }
    const years = page.getByTestId('filter-year');
    expect(await years.locator('option').allTextContents()).toEqual([
      'All years',
      ...[...perYear].sort((a, b) => b[0] - a[0]).map(([year, n]) => `${year} (${n})`),
    ]);
    // Attention Is All You Need, clipped by the version test, is the one paper of 2017.
    expect(perYear.get(2017)).toBe(1);
    await years.selectOption('2017');
    await eventually(async () => (await count()) === `1 of ${total} papers`);
    expect(await rows().getAttribute('data-id')).toBe('arxiv:1706.03762');
    await years.selectOption('');
    await eventually(async () => (await count()) === `${total} papers`);

    // Tags: two papers tagged here join the tags the tests above gave; each tag counts its papers.
    const tagged = (await firstIds(2)) as [string, string];
    for (const id of tagged) {
      const input = row(id).getByTestId('tag-input');
      await input.fill('to compare');
      await input.press('Enter');
      await eventually(async () => (await chips(row(id))).includes('to compare'));
    }
    const perTag = new Map<string, number>();
    for (const r of await libraryRecords(browser.worker)) {
      for (const tag of r.tags) perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
    }
    expect(perTag.get('to compare')).toBe(2);
    const tags = page.getByTestId('filter-tag');
    const tagOptions = [
      'All tags',
      ...[...perTag]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([tag, n]) => `${tag} (${n})`),
    ];
    await eventually(
      async () => (await tags.locator('option').allTextContents()).join('|') === tagOptions.join('|'),
    );
    await tags.selectOption('to compare');
    await eventually(async () => (await count()) === `2 of ${total} papers`);
    expect((await rows().evaluateAll((all) => all.map((li) => li.dataset.id))).sort()).toEqual(
      [...tagged].sort(),
    );
    await tags.selectOption('');
    await eventually(async () => (await count()) === `${total} papers`);

    // Sites: every paper so far was read from arXiv (the reading lists name arXiv ids).
    const sites = page.getByTestId('filter-site');
    const siteOptions = () => sites.locator('option').allTextContents();
    expect((await libraryRecords(browser.worker)).every((r) => r.source.site === 'arxiv' && !r.hf)).toBe(
      true,
    );
    expect(await siteOptions()).toEqual([
      'All sites',
      `arXiv (${total})`,
      'Hugging Face (0)',
      'Other sites (0)',
    ]);

    // A paper clipped from its Hugging Face page counts under Hugging Face, and is what that filter leaves.
    await serve(browser.context, 'https://huggingface.co/papers/2609.31473', 'hf-paper/2609.31473.html');
    const { page: tab } = await openTab(browser, 'https://huggingface.co/papers/2609.31473');
    await eventually(async () => (await record('arxiv:2609.31473'))?.source.site === 'huggingface');
    await tab.close();
    await eventually(async () => (await count()) === `${total + 1} papers`);
    await eventually(
      async () =>
        (await siteOptions()).join('|') ===
        ['All sites', `arXiv (${total})`, 'Hugging Face (1)', 'Other sites (0)'].join('|'),
    );
    await sites.selectOption('huggingface');
    await eventually(async () => (await count()) === `1 of ${total + 1} papers`);
    expect(await rows().evaluateAll((all) => all.map((li) => li.dataset.id))).toEqual(['arxiv:2609.31473']);

    // An arXiv paper then seen on Hugging Face keeps its arXiv record and counts under both sites.
    const hfPage = readFileSync('tests/fixtures/hf-paper/2609.31473.html', 'utf8').replaceAll(
      '2609.31473',
      '1706.03762',
    );
    await serveHtml(browser.context, 'https://huggingface.co/papers/1706.03762', hfPage);
    const { page: seen } = await openTab(browser, 'https://huggingface.co/papers/1706.03762');
    await eventually(async () => (await record('arxiv:1706.03762'))?.hf !== undefined);
    await seen.close();
    expect((await record('arxiv:1706.03762'))?.source.site).toBe('arxiv');
    await eventually(async () => (await count()) === `2 of ${total + 1} papers`);
    expect((await rows().evaluateAll((all) => all.map((li) => li.dataset.id))).sort()).toEqual([
      'arxiv:1706.03762',
      'arxiv:2609.31473',
    ]);
    expect(await siteOptions()).toEqual([
      'All sites',
      `arXiv (${total})`,
      'Hugging Face (2)',
      'Other sites (0)',
    ]);
    await sites.selectOption('arxiv');
    await eventually(async () => (await count()) === `${total} of ${total + 1} papers`);
    await sites.selectOption('');
    await eventually(async () => (await count()) === `${total + 1} papers`);
  });
});
