/**
 * Imports refused and imported on the library page, in Chromium and in Firefox: a truncated backup and 50 MB of
 * garbage are refused and change nothing; a Zotero BibTeX file is imported with its summary; an import reaches
 * the marks of a listing open in another tab. (A backup restored into a fresh profile is in
 * tests/e2e/backup.test.ts: it reads the file the browser downloads.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMarks } from '../e2e/page-world';
import {
  type Browser,
  browserName,
  byTestId,
  click,
  EXTENSION,
  eventually,
  importFile,
  inRoots,
  launch,
  openExtensionPage,
  openTab,
  serve,
  table,
} from './harness';

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const files = mkdtempSync(join(tmpdir(), 'papershelf-imports-'));
let b: Browser | undefined;
afterAll(() => b?.close());

describe(`the index worker of the ${browserName} build`, () => {
  it('starts without the citation reader and PouchDB, which it loads only for an import or sync', () => {
    const script = (name: string) => readFileSync(join(EXTENSION, name), 'utf8');
    // Text of citation-js and of PouchDB, found in the parts that carry them and nowhere in the worker.
    const citationJs = '@citation-js/core';
    const pouchDb = 'PouchDB is just';
    expect(script('worker-citations.js')).toContain(citationJs);
    expect(script('worker-pouch.js')).toContain(pouchDb);
    expect(script('index-worker.js')).not.toContain(citationJs);
    expect(script('index-worker.js')).not.toContain(pouchDb);
  });
});

describe(`imports refused and imported, in ${browserName}`, () => {
  it('a truncated backup and 50 MB of garbage are refused and change nothing; a Zotero BibTeX file is imported', async () => {
    b = await launch();
    const page = await openExtensionPage(b, 'library.html');
    expect((await importFile(page, READING_LIST)).state).toBe('done');
    const before = await table(page, 'papers');

    // The library's own backup, as the page hands it to the browser to download, cut short.
    await page.evaluate(() => {
      const made = window as unknown as { backup?: Promise<string> };
      URL.createObjectURL = (blob: Blob) => {
        made.backup = (blob as Blob).text();
        return 'blob:kept-by-the-test';
      };
      HTMLAnchorElement.prototype.click = () => {};
    });
    await click(page, byTestId('export-json'));
    const backup = await eventually(async () =>
      page.evaluate(() => (window as unknown as { backup?: Promise<string> }).backup),
    );
    expect(JSON.parse(backup)).toMatchObject({ format: 'papershelf-backup' });
    const truncated = join(files, 'truncated.json');
    writeFileSync(truncated, backup.slice(0, 5000));
    const cut = await importFile(page, truncated);
    expect(cut.state).toBe('failed');
    expect(cut.text).toMatch(/not whole JSON.*nothing was imported/i);

    const garbage = join(files, 'garbage.bin');
    const bytes = Buffer.alloc(50 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(garbage, bytes);
    const refused = await importFile(page, garbage);
    expect(refused.state).toBe('failed');
    expect(refused.text).toMatch(/nothing was imported/i);
    expect(await table(page, 'papers')).toEqual(before);

    // SOURCES.md: 57 records, 14 with an arXiv id, 31 with a DOI only, 12 with neither.
    const bibtex = await importFile(page, 'tests/fixtures/citations/zotero-bibtex-nowcasting-2022.bib');
    expect(bibtex.state).toBe('done');
    expect(bibtex.text).toMatch(/12 skipped/);
    const added = Number(/([\d,]+) papers added/.exec(bibtex.text ?? '')?.[1]);
    expect(added).toBeGreaterThanOrEqual(40);
    expect((await table(page, 'papers')).length).toBe(before.length + added);
  }, 120_000);

  it('an import reaches the marks of a listing open in another tab, without a reload or a return to the tab', async () => {
    b ??= await launch();
    const browser = b;
    const listing = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
    serve(browser, listing, 'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html');
    const { page: tab } = await openTab(browser, listing);
    // The states of an entry's mark ("saved", "related"), once drawn: read in its closed root, as a test may.
    const markOf = async (id: string) =>
      (await inRoots(browser, tab, `[data-papershelf-id="${id}"]`, readMarks, null))[0]?.marks;
    // The listing's first entry, not saved yet: its mark is drawn, not saved (close to the library's papers, it
    // may be "related" once the index answers).
    expect(await eventually(() => markOf('arxiv:2609.22268'))).not.toContain('saved');
    // A reading list holding that entry, as the listing shows it, imported in the library page's own tab.
    const list = join(files, 'one-listed-paper.jsonl');
    writeFileSync(
      list,
      `${JSON.stringify({
        id: '2609.22268',
        title:
          'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
        abstract: 'Accurately modelling the temporal evolution of heterogeneous temperature fields.',
        categories: ['cond-mat.mtrl-sci'],
        authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
        date: '2026-09-22',
      })}\n`,
    );
    const library = await openExtensionPage(browser, 'library.html');
    expect((await importFile(library, list)).state).toBe('done');
    // The listing's tab is never shown again: the background tells it, as after a clip.
    await eventually(async () => (await markOf('arxiv:2609.22268'))?.includes('saved'));
  }, 60_000);
});
