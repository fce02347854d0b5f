/**
 * The library index's side of the message contract (lib/index-service.ts), driven as its worker is: what a page
 * learns from `index-status`, and what the background's `index-sync` costs after a restart.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryDb } from '../../lib/db';
import { createIndexService } from '../../lib/index-service';
import { removePaper, savePapers } from '../../lib/library';
import { IndexStoreDb } from '../../lib/library-index';
import type { Paper } from '../../lib/paper';

const paper = (n: number): Paper => ({
  id: `arxiv:2501.${String(10000 + n)}`,
  arxivId: `2501.${String(10000 + n)}`,
  title: `Paper ${n}`,
  source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/2501.${String(10000 + n)}` },
});

let db: LibraryDb;
let store: IndexStoreDb;
beforeEach(() => {
  db = new LibraryDb(`service-${Math.random()}`);
  store = new IndexStoreDb(`service-store-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
  await store.delete();
});

describe('index-status', () => {
  it("tells the library's size once ready, with the writes just made (a page need not count the table)", async () => {
    await savePapers(db, [paper(1), paper(2), paper(3)]);
    const service = createIndexService(db, store, {
      saveDelayMs: 60_000,
      readCitations: () => import('../../lib/citations/import'),
    });
    await expect
      .poll(async () => (await service.handle({ type: 'index-status' })).state, { timeout: 10_000 })
      .toBe('ready');
    expect(await service.handle({ type: 'index-status' })).toMatchObject({ state: 'ready', size: 3 });
    // Written meanwhile by another context: the answer counts them without being told.
    await savePapers(db, [paper(4), paper(5)]);
    await removePaper(db, paper(1).id);
    expect(await service.handle({ type: 'index-status' })).toMatchObject({ size: 4 });
    service.index.close();
  });
});

describe('index-sync', () => {
  it('catches the related index up without reading a large search index back; a search then has the write too', async () => {
    await savePapers(db, [paper(1), paper(2)]);
    const options = { saveDelayMs: 60_000, readCitations: () => import('../../lib/citations/import') };
    const first = createIndexService(db, store, options);
    await first.index.ready;
    await first.index.save();
    first.index.close();
    // Opened again as after a restart, with a search index too large to read back before it is wanted.
    const searchRead = vi.spyOn(store.snapshots, 'bulkGet');
    const service = createIndexService(db, store, {
      ...options,
      readSearchAtOnceMax: 1,
      searchDelayMs: 60_000,
    });
    await service.index.opened('related');
    await savePapers(db, [paper(3)]);
    expect(await service.handle({ type: 'index-sync' })).toEqual({ changed: 1 });
    expect(searchRead).not.toHaveBeenCalled();
    const found = await service.handle({ type: 'search', query: 'paper 3', limit: 10 });
    expect(found.ids).toContain(paper(3).id);
    expect(searchRead).toHaveBeenCalledTimes(1);
    service.index.close();
  });
});
