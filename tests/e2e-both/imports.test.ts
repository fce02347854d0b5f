/**
 * Imports refused and imported on the library page, in Chromium and in Firefox: a truncated backup and 50 MB of
 * garbage are refused and change nothing; a Zotero BibTeX file is imported with its summary. (A backup restored
 * into a fresh profile is in tests/e2e/backup.test.ts: it reads the file the browser downloads.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserName,
  byTestId,
  click,
  eventually,
  importFile,
  launch,
  openExtensionPage,
  table,
} from './harness';

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const files = mkdtempSync(join(tmpdir(), 'papershelf-imports-'));
let b: Browser | undefined;
afterAll(() => b?.close());

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
    writeFileSync(garbage, Buffer.from(Array.from({ length: 50 * 1024 * 1024 }, (_, i) => (i * 7919) % 251)));
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
});
