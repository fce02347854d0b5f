import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryDb, type StoredPaper } from '../../lib/db';
import {
  applySynced,
  editPapers,
  heldRecords,
  LibraryError,
  recentPapers,
  refreshSaved,
  removePaper,
  removePapers,
  savedIds,
  savePapers,
} from '../../lib/library';
import type { Paper } from '../../lib/paper';

const absPage = (version: number, extra: Partial<Paper> = {}): Paper => ({
  id: 'arxiv:1706.03762',
  arxivId: '1706.03762',
  version,
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer'],
  abstract: 'The dominant sequence transduction models...',
  submitted: '2017-06-12',
  updated: version === 7 ? '2023-08-02' : '2017-06-12',
  source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/1706.03762v${version}` },
  ...extra,
});

describe('library on IndexedDB', () => {
  let db: LibraryDb;
  beforeEach(() => {
    db = new LibraryDb(`test-${Math.random()}`);
  });
  afterEach(() => db.delete());

  it('stores a paper once under its canonical id, whatever versions are seen', async () => {
    await savePapers(db, [absPage(1)], 1000);
    await savePapers(db, [absPage(7)], 2000);
    await savePapers(db, [absPage(1)], 3000);
    const all = await db.papers.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: 'arxiv:1706.03762',
      version: 7,
      updated: '2023-08-02',
      savedAt: 1000,
    });
    expect(all[0]?.changedAt).toBe(3000);
  });

  it('completes a PDF-only record when the abstract page is seen, and a later PDF visit loses nothing', async () => {
    const pdf: Paper = {
      id: 'arxiv:1706.03762',
      arxivId: '1706.03762',
      incomplete: true,
      pdfUrl: 'https://arxiv.org/pdf/1706.03762',
      source: { site: 'arxiv', kind: 'arxiv-pdf', url: 'https://arxiv.org/pdf/1706.03762' },
    };
    await savePapers(db, [pdf]);
    expect((await db.papers.get('arxiv:1706.03762'))?.incomplete).toBe(true);
    await savePapers(db, [absPage(7)]);
    await savePapers(db, [pdf]);
    const record = await db.papers.get('arxiv:1706.03762');
    expect(record?.incomplete).toBeUndefined();
    expect(record?.title).toBe('Attention Is All You Need');
    expect(record?.source.kind).toBe('arxiv-abs');
  });

  it('keeps the Hugging Face fields when the arXiv page is seen after the Hugging Face page', async () => {
    const hf: Paper = {
      ...absPage(7),
      hf: { upvotes: 110, githubRepo: 'https://github.com/a/b' },
      links: [
        { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
      ],
      source: { site: 'huggingface', kind: 'hf-paper', url: 'https://huggingface.co/papers/1706.03762' },
    };
    await savePapers(db, [hf]);
    await savePapers(db, [
      absPage(7, {
        links: [
          { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b' },
          { url: 'https://example.org/project', kind: 'project', host: 'example.org' },
        ],
      }),
    ]);
    const record = await db.papers.get('arxiv:1706.03762');
    expect(record?.hf).toEqual({ upvotes: 110, githubRepo: 'https://github.com/a/b' });
    expect(record?.links?.map((l) => [l.url, l.official])).toEqual([
      ['https://github.com/a/b', true],
      ['https://example.org/project', undefined],
    ]);
  });

  it('refreshes only papers already saved', async () => {
    await savePapers(db, [absPage(1)]);
    const other = { ...absPage(1), id: 'arxiv:2401.02954', arxivId: '2401.02954' };
    await refreshSaved(db, [absPage(7), other]);
    expect(await savedIds(db, ['arxiv:1706.03762', 'arxiv:2401.02954'])).toEqual(['arxiv:1706.03762']);
    expect((await db.papers.get('arxiv:1706.03762'))?.version).toBe(7);
  });

  it('a refresh racing a removal never brings the paper back (check and write are one transaction)', async () => {
    await savePapers(db, [absPage(1)]);
    // Started together: the removal is queued while the refresh is still reading what is saved.
    const refreshing = refreshSaved(db, [absPage(7)]);
    const removing = removePaper(db, 'arxiv:1706.03762');
    await Promise.all([refreshing, removing]);
    expect(await db.papers.get('arxiv:1706.03762')).toBeUndefined();
    expect(await db.removed.get('arxiv:1706.03762')).toBeDefined();
  });

  it('removes a paper and lists the most recent first', async () => {
    const ids = ['arxiv:2101.00001', 'arxiv:2101.00002', 'arxiv:2101.00003'];
    for (const [i, id] of ids.entries()) await savePapers(db, [{ ...absPage(1), id }], i);
    expect((await recentPapers(db, 2)).map((p) => p.id)).toEqual(['arxiv:2101.00003', 'arxiv:2101.00002']);
    expect(await removePaper(db, 'arxiv:2101.00003')).toBe(true);
    expect(await removePaper(db, 'arxiv:2101.00003')).toBe(false);
    expect(await db.papers.count()).toBe(2);
  });

  it('on a full disk, says so and leaves the library exactly as it was', async () => {
    await savePapers(db, [absPage(1)]);
    const before = await db.papers.toArray();
    const realPut = db.papers.put.bind(db.papers);
    // The disk fills up after the first record of the batch is written.
    const fullDisk = vi.spyOn(db.papers, 'bulkPut').mockImplementation((async (records: StoredPaper[]) => {
      if (records[0]) await realPut(records[0]);
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }) as unknown as typeof db.papers.bulkPut);
    const attempt = savePapers(db, [absPage(7), { ...absPage(1), id: 'arxiv:2401.02954' }]);
    await expect(attempt).rejects.toBeInstanceOf(LibraryError);
    await expect(attempt).rejects.toThrow(/disk is full/);
    fullDisk.mockRestore();
    expect(await db.papers.toArray()).toEqual(before);
  });

  it('tries a failed write once more (a connection closed while the service worker slept) before reporting it', async () => {
    await savePapers(db, [absPage(1)]);
    const once = vi
      .spyOn(db.papers, 'bulkPut')
      .mockRejectedValueOnce(new DOMException('The database connection is closing.', 'InvalidStateError'));
    const [saved] = await savePapers(db, [absPage(7)]);
    expect(saved?.version).toBe(7);
    expect(once).toHaveBeenCalledTimes(2);
    once.mockRestore();
    db.close();
    // Closed outright: reopened and written.
    await savePapers(db, [{ ...absPage(1), id: 'arxiv:2401.02954' }]);
    expect(await db.papers.count()).toBe(2);
  });

  it('what sync writes moves its log cursor past itself only when nothing else was waiting to be sent', async () => {
    const sync = 'sync';
    const lastRow = async () => (await db.changes.orderBy('seq').last())?.seq ?? 0;
    const [mine] = await savePapers(db, [absPage(1)], 1000);
    await db.cursors.put({ key: sync, seq: await lastRow() });
    const fromServer = (title: string, at: number) => ({ ...(mine as StoredPaper), title, changedAt: at });
    // Nothing waiting: the rows sync writes are its own echo, not to be sent back.
    await applySynced(db, [fromServer('Attention, from another device', 2000)], { echoCursor: sync });
    expect((await db.cursors.get(sync))?.seq).toBe(await lastRow());
    // A change of this device waits to be sent: the cursor stays before it.
    const waiting = await lastRow();
    await savePapers(db, [{ ...absPage(1), id: 'arxiv:2401.02954' }], 3000);
    await applySynced(db, [fromServer('Attention, again', 4000)], { echoCursor: sync });
    expect((await db.cursors.get(sync))?.seq).toBe(waiting);
  });

  it('what sync merged into papers read before the reader removed or edited them is merged again, never written over', async () => {
    const [a, b] = ['arxiv:1706.03762', 'arxiv:2401.02954'];
    await savePapers(db, [absPage(1), { ...absPage(1), id: b, arxivId: '2401.02954' }], 1000);
    // Sync reads both to merge what another device sent into them ...
    const held = await heldRecords(db, [a, b]);
    const merged = held.records.map((paper) => ({ ...(paper as StoredPaper), changedAt: 1500 }));
    // ... while the reader removes one and stars the other here.
    await removePapers(db, [a], 2000);
    await editPapers(db, [b], { starred: true }, 2000);
    await applySynced(db, merged, { readAt: held.readAt });
    expect(await savedIds(db, [a, b])).toEqual([b]);
    expect((await db.papers.get(b))?.starred).toBe(true);
  });
});
