import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClipperDeps, createClipper, type TabPage } from '../../lib/clipper';
import { LibraryDb, type StoredPaper } from '../../lib/db';
import type { BulkClip } from '../../lib/messages';
import type { Paper } from '../../lib/paper';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

const paper = (arxivId: string, kind: Paper['source']['kind'] = 'arxiv-abs'): Paper => ({
  id: `arxiv:${arxivId}`,
  arxivId,
  title: `Paper ${arxivId}`,
  source: { site: 'arxiv', kind, url: `https://arxiv.org/abs/${arxivId}` },
});

const stored = (p: Paper): StoredPaper => ({
  ...p,
  savedAt: 1,
  changedAt: 1,
  tags: [],
  readState: 'unread',
  starred: false,
});

function setup(initial: Partial<Settings> = {}) {
  const db = new LibraryDb(`clipper-${Math.random()}`);
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const pages = new Map<number, TabPage>();
  const badges = new Map<number, [number, number]>();
  const readable = new Map<number, { url: string; papers: Paper[] }>();
  // What each tab's content script would read from its page (listings), and the tabs' navigations.
  const shown = new Map<number, { url: string; papers: Paper[] }>();
  const navigations = new Map<number, number>();
  const jobs = new Map<number, BulkClip>();
  const deps: ClipperDeps = {
    db,
    settings: {
      get: async () => settings,
      set: async (patch) => {
        settings = { ...settings, ...patch };
        return settings;
      },
    },
    tabs: { get: async (id) => pages.get(id), set: async (id, page) => void pages.set(id, page) },
    showSaved: (tabId, saved, total) => void badges.set(tabId, [saved, total]),
    readPage: async (tabId: number) => readable.get(tabId) ?? { url: 'about:blank', papers: [] },
    bulk: {
      get: async (tabId: number) => (jobs.has(tabId) ? { ...(jobs.get(tabId) as BulkClip) } : undefined),
      set: async (tabId: number, job: BulkClip) => void jobs.set(tabId, { ...job }),
      all: async () => [...jobs.values()],
    },
    readPapers: async (tabId: number, url: string, ids?: string[]) => {
      const page = shown.get(tabId);
      if (page?.url !== url) throw new Error('The tab shows another page now.');
      return page.papers.filter((p) => !ids || ids.includes(p.id));
    },
    navigation: (tabId: number) => navigations.get(tabId) ?? 0,
  };
  const clipper = createClipper(deps);
  return { db, clipper, badges, readable, shown, navigations, jobs, pages, deps };
}

/** A paper page's report, as its content script sends it from the paper's abstract page. */
function seePaper(env: ReturnType<typeof setup>, tabId: number, shown: Paper) {
  const url = shown.source.url;
  return env.clipper.handle({ type: 'page-papers', url, papers: [shown] }, { tabId, url });
}

/** A listing of `n` papers shown in tab `tabId` and reported by its ids, as the content script does. */
async function showListing(
  env: ReturnType<typeof setup>,
  tabId: number,
  n: number,
  url = 'https://arxiv.org/list/cs.CL/new',
) {
  const papers = Array.from({ length: n }, (_, i) =>
    paper(`2609.${String(i).padStart(5, '0')}`, 'arxiv-list'),
  );
  env.shown.set(tabId, { url, papers });
  await env.clipper.handle({ type: 'page-papers', url, listing: papers.map((p) => p.id) }, { tabId, url });
  return papers;
}

describe('background message handling', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env.db.delete());

  describe('with automatic clipping (the default)', () => {
    beforeEach(() => {
      env = setup();
    });

    it('saves the paper a content script reports and marks the tab', async () => {
      const reply = await seePaper(env, 7, paper('1706.03762'));
      expect(reply.savedIds).toEqual(['arxiv:1706.03762']);
      expect(await env.db.papers.count()).toBe(1);
      expect(env.badges.get(7)).toEqual([1, 1]);
      const state = await env.clipper.handle({ type: 'tab-state', tabId: 7 });
      expect(state.papers.map((p) => p.id)).toEqual(['arxiv:1706.03762']);
      expect(state.savedIds).toEqual(['arxiv:1706.03762']);
    });

    it("answers a tab's state without waiting for the toolbar button, which it still updates", async () => {
      await seePaper(env, 7, paper('1706.03762'));
      const asked: number[] = [];
      // The browser's toolbar calls, slow while it starts: here they never finish.
      env.deps.showSaved = (tabId) => {
        asked.push(tabId);
        return new Promise<void>(() => {});
      };
      const state = await Promise.race([
        env.clipper.handle({ type: 'tab-state', tabId: 7 }),
        new Promise<never>((_, refuse) => setTimeout(() => refuse(new Error('waited for the badge')), 1000)),
      ]);
      expect(state.savedIds).toEqual(['arxiv:1706.03762']);
      expect(asked).toEqual([7]);
    });

    it('shows a PDF tab with what the library knows of its paper', async () => {
      await seePaper(env, 1, paper('1706.03762'));
      await env.clipper.seePdf(4, 'https://arxiv.org/pdf/1706.03762v7', 'shown');
      const shown = (await env.clipper.handle({ type: 'tab-state', tabId: 4 })).papers[0];
      expect(shown).toMatchObject({ title: 'Paper 1706.03762', version: 7 });
      expect(shown?.incomplete).toBeUndefined();
    });

    it('writes nothing for a PDF loaded but not read: a site loading a version the paper never had changes no record', async () => {
      await seePaper(env, 1, { ...paper('1706.03762'), version: 7, updated: '2023-08-02', doi: '10.1/x' });
      const before = await env.db.papers.get('arxiv:1706.03762');
      await env.clipper.seePdf(4, 'https://arxiv.org/pdf/1706.03762v99', 'shown');
      expect(await env.db.papers.get('arxiv:1706.03762')).toEqual(before);
      // In front of the reader a while, it is read: clipped (here refreshed) as a visited page is.
      await env.clipper.seePdf(4, 'https://arxiv.org/pdf/1706.03762v8', 'read');
      expect(await env.db.papers.get('arxiv:1706.03762')).toMatchObject({ version: 8, doi: '10.1/x' });
    });

    it('does not clip a listing on visit, but clips all of it on request, in the background', async () => {
      await showListing(env, 3, 120);
      expect(await env.db.papers.count()).toBe(0);
      const state = await env.clipper.handle({ type: 'tab-state', tabId: 3 });
      expect(state.listing).toEqual({ count: 120 });
      const job = await env.clipper.handle({ type: 'clip-all', tabId: 3 });
      expect(job).toMatchObject({ state: 'running', total: 120 });
      await env.clipper.bulkSettled(3);
      expect(await env.db.papers.count()).toBe(120);
      expect(env.jobs.get(3)).toMatchObject({ state: 'done', done: 120, total: 120 });
      expect(env.badges.get(3)).toEqual([120, 120]);
    });

    it('a bulk clip stopped half-way (the service worker stopped) is resumed where it was, one transaction a batch', async () => {
      const papers = await showListing(env, 3, 120);
      // The worker stopped after the first batch of 50: its job says so, the library holds those 50.
      await env.db.papers.bulkPut(papers.slice(0, 50).map((p) => stored(p)));
      env.jobs.set(3, {
        tabId: 3,
        url: 'https://arxiv.org/list/cs.CL/new',
        state: 'running',
        done: 50,
        total: 120,
      });
      const restarted = createClipper(env.deps);
      const written = vi.spyOn(env.db.papers, 'bulkPut');
      await restarted.resumeBulk();
      expect(await env.db.papers.count()).toBe(120);
      expect(env.jobs.get(3)).toMatchObject({ state: 'done', done: 120 });
      // 70 papers left: two batches, each in its own write.
      expect(written).toHaveBeenCalledTimes(2);
    });

    it('a bulk clip whose listing is gone fails with what was clipped and what to do', async () => {
      await showListing(env, 3, 10);
      env.shown.set(3, { url: 'https://arxiv.org/abs/1706.03762', papers: [] });
      await env.clipper.handle({ type: 'clip-all', tabId: 3 });
      await env.clipper.bulkSettled(3);
      expect(env.jobs.get(3)?.state).toBe('failed');
      expect(env.jobs.get(3)?.error).toMatch(/0 of 10 papers were clipped; open the listing again/);
    });

    it("refreshes a listing's saved papers from the page, and keeps only ids in the tab's memory", async () => {
      const papers = await showListing(env, 3, 3);
      await env.db.papers.put(stored({ ...(papers[1] as Paper), version: 1 }));
      env.shown.set(3, {
        url: 'https://arxiv.org/list/cs.CL/new',
        papers: papers.map((p) => ({ ...p, version: 2 })),
      });
      const url = 'https://arxiv.org/list/cs.CL/new';
      await env.clipper.handle(
        { type: 'page-papers', url, listing: papers.map((p) => p.id) },
        { tabId: 3, url },
      );
      await vi.waitFor(async () =>
        expect((await env.db.papers.get(papers[1]?.id as string))?.version).toBe(2),
      );
      expect(await env.db.papers.count()).toBe(1);
      expect(env.pages.get(3)).toEqual({
        url: 'https://arxiv.org/list/cs.CL/new',
        papers: [],
        listing: papers.map((p) => p.id),
      });
    });

    it('a report that arrives after the tab moved on is saved but not pinned on the new page', async () => {
      const late = seePaper(env, 5, paper('1706.03762'));
      // The tab navigates while the report is being handled.
      env.navigations.set(5, 1);
      await late;
      expect(env.pages.get(5)).toBeUndefined();
      expect(await env.db.papers.count()).toBe(1);
    });

    it('clips what the page said, never a record sent back by the popup', async () => {
      await seePaper(env, 7, paper('1706.03762'));
      await env.clipper.handle({ type: 'unclip', id: 'arxiv:1706.03762', tabId: 7 });
      await env.clipper.handle({ type: 'clip', tabId: 7, ids: ['arxiv:1706.03762'] });
      expect(await env.db.papers.get('arxiv:1706.03762')).toMatchObject({
        title: 'Paper 1706.03762',
        tags: [],
      });
      await expect(env.clipper.handle({ type: 'clip', tabId: 99 })).rejects.toThrow(/no paper to clip/);
    });

    it('stores nothing for a page without papers', async () => {
      const url = 'https://arxiv.org/abs/1706.03762';
      await env.clipper.handle({ type: 'page-papers', url, papers: [] }, { tabId: 1, url });
      expect(await env.db.papers.count()).toBe(0);
      expect((await env.clipper.handle({ type: 'tab-state', tabId: 1 })).papers).toEqual([]);
    });

    it('unclips, and the tab shows it as unsaved', async () => {
      await seePaper(env, 7, paper('1706.03762'));
      expect((await env.clipper.handle({ type: 'unclip', id: 'arxiv:1706.03762', tabId: 7 })).removed).toBe(
        true,
      );
      expect(await env.db.papers.count()).toBe(0);
      expect(env.badges.get(7)).toEqual([0, 1]);
    });

    it('clips any page on request with what the page reader found', async () => {
      const doiPaper: Paper = {
        id: 'doi:10.1000/xyz',
        title: 'A paper on a publisher site',
        source: { site: 'web', kind: 'citation-meta', url: 'https://example.org/p' },
      };
      env.readable.set(9, { url: 'https://example.org/p', papers: [doiPaper] });
      const state = await env.clipper.handle({ type: 'clip-page', tabId: 9 });
      expect(state.savedIds).toEqual(['doi:10.1000/xyz']);
      expect(await env.db.papers.get('doi:10.1000/xyz')).toMatchObject({
        title: 'A paper on a publisher site',
      });
    });

    it('a page reader that fails says so and leaves what the tab showed as it was', async () => {
      await seePaper(env, 9, paper('1706.03762'));
      env.deps.readPage = async () => {
        throw new Error("Papershelf's reader failed on this page; nothing was changed.");
      };
      await expect(env.clipper.handle({ type: 'clip-page', tabId: 9 })).rejects.toThrow(/reader failed/);
      expect(env.pages.get(9)?.papers.map((p) => p.id)).toEqual(['arxiv:1706.03762']);
    });

    it('lists recent clips and answers unknown messages with an error', async () => {
      await seePaper(env, 1, paper('2101.00001'));
      expect((await env.clipper.handle({ type: 'recent', limit: 5 })).map((p) => p.id)).toEqual([
        'arxiv:2101.00001',
      ]);
      // biome-ignore lint/suspicious/noExplicitAny: a hostile message is not typed
      await expect(env.clipper.handle({ type: 'drop-everything' } as any)).rejects.toThrow(/Unknown message/);
    });
  });

  describe('with manual clipping', () => {
    beforeEach(() => {
      env = setup({ autoClip: false });
    });

    it('remembers the paper without saving it, and refreshes it once saved', async () => {
      await seePaper(env, 2, paper('1706.03762'));
      expect(await env.db.papers.count()).toBe(0);
      expect((await env.clipper.handle({ type: 'tab-state', tabId: 2 })).savedIds).toEqual([]);
      await env.clipper.handle({ type: 'clip', tabId: 2 });
      const newer = { ...paper('1706.03762'), version: 7 };
      await seePaper(env, 2, newer);
      expect((await env.db.papers.get('arxiv:1706.03762'))?.version).toBe(7);
    });

    it('switches back to automatic clipping through settings', async () => {
      expect(await env.clipper.handle({ type: 'set-settings', autoClip: true })).toEqual({
        ...DEFAULT_SETTINGS,
        autoClip: true,
      });
      expect((await env.clipper.handle({ type: 'get-settings' })).autoClip).toBe(true);
    });
  });
});
