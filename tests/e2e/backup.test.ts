/**
 * Backups in Chromium: a library with tags, notes, a removed paper and a setting, backed up through
 * `export-json`, downloaded, restored into a fresh browser profile: the same library. (Imports refused and
 * imported, in both browsers: tests/e2e-both/imports.test.ts.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { RemovedPaper } from '../../lib/db';
import { type Browser, eventually, importFile, launch, libraryRecords, openLibrary } from './harness';

declare const chrome: typeof import('wxt/browser').browser;

const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const files = mkdtempSync(join(tmpdir(), 'papershelf-backup-'));
const browsers: Browser[] = [];
afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

/** Every record of a table of the extension's library database, by id. */
function table(page: Page, name: string): Promise<unknown[]> {
  return page.evaluate(
    (store) =>
      new Promise<unknown[]>((done, fail) => {
        const open = indexedDB.open('papershelf');
        open.onsuccess = () => {
          const all = open.result.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => done(all.result);
          all.onerror = () => fail(all.error);
        };
        open.onerror = () => fail(open.error);
      }),
    name,
  );
}

describe('backup into a fresh browser and back', () => {
  it('gives back the same library: papers, tags, notes, states, dates, removed papers and settings', async () => {
    const first = await launch();
    browsers.push(first);
    const page = await openLibrary(first);
    expect((await importFile(page, READING_LIST)).state).toBe('done');
    const ask = (message: unknown) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);
    await ask({
      type: 'edit-papers',
      ids: ['arxiv:2504.00178', 'arxiv:2506.18639'],
      edit: { addTags: ['tokenizers'], readState: 'reading', note: 'Compare with BPE', starred: true },
    });
    await ask({ type: 'remove', ids: ['arxiv:2503.11677'] });
    await ask({ type: 'set-settings', autoClip: false });
    const papers = await table(page, 'papers');
    const removed = (await table(page, 'removed')) as RemovedPaper[];
    expect(papers).toHaveLength(79);
    expect(removed.map((entry) => entry.id)).toEqual(['arxiv:2503.11677']);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const backupFile = join(files, 'backup.json');
    await (await downloading).saveAs(backupFile);
    expect(JSON.parse(readFileSync(backupFile, 'utf8'))).toMatchObject({ format: 'papershelf-backup' });

    // A fresh profile: another browser, an empty library.
    const second = await launch();
    browsers.push(second);
    const fresh = await openLibrary(second);
    const restored = await importFile(fresh, backupFile);
    expect(restored.state).toBe('done');
    expect(restored.text).toContain('79 papers added');
    const byId = (records: unknown[]) =>
      [...(records as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await table(fresh, 'papers'))).toEqual(byId(papers));
    expect(await table(fresh, 'removed')).toEqual(removed);
    await expect
      .poll(() => fresh.evaluate(() => chrome.runtime.sendMessage({ type: 'get-settings' })))
      .toMatchObject({ ok: true, value: { autoClip: false } });
    // Restored papers are searchable at once.
    await fresh.getByTestId('library-search').fill('boundless pre-tokenization');
    await eventually(async () =>
      (await fresh.getByTestId('library-item').first().textContent())?.includes('Boundless Byte Pair'),
    );
    expect((await libraryRecords(second.worker)).length).toBe(79);
  }, 120_000);
});
