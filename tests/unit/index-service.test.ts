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
    // Opened again as after a restart, its search index read back only once it is wanted.
    const searchRead = vi.spyOn(store.snapshots, 'bulkGet');
    const service = createIndexService(db, store, {
      ...options,
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

describe('search', () => {
  it('after a restart, answers from the words alone while the search index is read back, saying so', async () => {
    const titled = (n: number, title: string): Paper => ({ ...paper(n), title });
    await savePapers(db, [
      titled(1, 'Sparse attention for long documents'),
      titled(2, 'Dense retrieval of long documents'),
      titled(3, 'Sparse autoencoders'),
    ]);
    const options = { saveDelayMs: 60_000, readCitations: () => import('../../lib/citations/import') };
    const first = createIndexService(db, store, options);
    await first.index.ready;
    await first.index.save();
    first.index.close();
    // Opened again as after a restart; the search index's rows arrive when the test says.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const bulkGet = store.snapshots.bulkGet.bind(store.snapshots);
    vi.spyOn(store.snapshots, 'bulkGet').mockImplementation(((keys: string[]) =>
      held.then(() => bulkGet(keys))) as typeof store.snapshots.bulkGet);
    const service = createIndexService(db, store, options);
    const early = await service.handle({
      type: 'search',
      query: 'sparse documents',
      limit: 10,
      withHits: true,
    });
    expect(early).toMatchObject({ ids: [paper(1).id], total: 1, size: 3, provisional: true });
    expect(early.status.state).toBe('opening');
    expect(early.hits?.map((hit) => hit.title)).toEqual(['Sparse attention for long documents']);
    // A search the words alone cannot answer waits for the search index (a prefix here).
    const waiting = service.handle({ type: 'search', query: 'sparse autoenc', limit: 10 });
    release();
    expect(await waiting).toMatchObject({ ids: [paper(3).id], status: { state: 'ready' } });
    const later = await service.handle({ type: 'search', query: 'sparse documents', limit: 10 });
    expect(later).toMatchObject({ ids: [paper(1).id], status: { state: 'ready' } });
    expect(later.provisional).toBeUndefined();
    expect(later.papers).toBeUndefined();
    // A page that has not opened the library itself yet asks for the records with the answer.
    const withPapers = await service.handle({
      type: 'search',
      query: 'sparse',
      limit: 10,
      withPapers: true,
    });
    expect(withPapers.papers).toEqual(await db.papers.bulkGet(withPapers.ids));
    expect(withPapers.papers?.map((record) => record.title).sort()).toEqual([
      'Sparse attention for long documents',
      'Sparse autoencoders',
    ]);
    service.index.close();
  });
});
