import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClipper } from '../../lib/clipper';
import { LibraryDb } from '../../lib/db';
import type { Paper } from '../../lib/paper';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

const paper = (arxivId: string, kind: Paper['source']['kind'] = 'arxiv-abs'): Paper => ({
  id: `arxiv:${arxivId}`,
  arxivId,
  title: `Paper ${arxivId}`,
  source: { site: 'arxiv', kind, url: `https://arxiv.org/abs/${arxivId}` },
});

function setup(initial: Partial<Settings> = {}) {
  const db = new LibraryDb(`clipper-${Math.random()}`);
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const pages = new Map<number, { url: string; papers: Paper[] }>();
  const badges = new Map<number, [number, number]>();
  const readable = new Map<number, { url: string; papers: Paper[] }>();
  const clipper = createClipper({
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
    readPage: async (tabId) => readable.get(tabId) ?? { url: 'about:blank', papers: [] },
  });
  return { db, clipper, badges, readable };
}

describe('background message handling', () => {
  let env: ReturnType<typeof setup>;
  afterEach(() => env.db.delete());

  describe('with automatic clipping (the default)', () => {
    beforeEach(() => {
      env = setup();
    });

    it('saves the paper a content script reports and marks the tab', async () => {
      const reply = await env.clipper.handle(
        { type: 'page-papers', url: 'https://arxiv.org/abs/1706.03762', papers: [paper('1706.03762')] },
        7,
      );
      expect(reply.savedIds).toEqual(['arxiv:1706.03762']);
      expect(await env.db.papers.count()).toBe(1);
      expect(env.badges.get(7)).toEqual([1, 1]);
      const state = await env.clipper.handle({ type: 'tab-state', tabId: 7 });
      expect(state.papers.map((p) => p.id)).toEqual(['arxiv:1706.03762']);
      expect(state.savedIds).toEqual(['arxiv:1706.03762']);
    });

    it('shows a PDF tab with what the library knows of its paper', async () => {
      await env.clipper.handle({ type: 'clip', papers: [paper('1706.03762')] });
      const pdf: Paper = {
        id: 'arxiv:1706.03762',
        arxivId: '1706.03762',
        version: 7,
        incomplete: true,
        source: { site: 'arxiv', kind: 'arxiv-pdf', url: 'https://arxiv.org/pdf/1706.03762v7' },
      };
      const state = await env.clipper.handle({ type: 'page-papers', url: pdf.source.url, papers: [pdf] }, 4);
      expect(state.savedIds).toEqual(['arxiv:1706.03762']);
      const shown = (await env.clipper.handle({ type: 'tab-state', tabId: 4 })).papers[0];
      expect(shown).toMatchObject({ title: 'Paper 1706.03762', version: 7 });
      expect(shown?.incomplete).toBeUndefined();
    });

    it('does not clip a listing on visit, but clips all of it on request', async () => {
      const listing = [paper('2609.00001', 'hf-list'), paper('2609.00002', 'hf-list')];
      await env.clipper.handle(
        { type: 'page-papers', url: 'https://huggingface.co/papers', papers: listing },
        3,
      );
      expect(await env.db.papers.count()).toBe(0);
      await env.clipper.handle({ type: 'clip', papers: listing, tabId: 3 });
      expect(await env.db.papers.count()).toBe(2);
      expect(env.badges.get(3)).toEqual([2, 2]);
    });

    it('stores nothing for a page without papers', async () => {
      await env.clipper.handle({ type: 'page-papers', url: 'https://arxiv.org/help', papers: [] }, 1);
      expect(await env.db.papers.count()).toBe(0);
      expect((await env.clipper.handle({ type: 'tab-state', tabId: 1 })).papers).toEqual([]);
    });

    it('unclips, and the tab shows it as unsaved', async () => {
      await env.clipper.handle({ type: 'page-papers', url: 'u', papers: [paper('1706.03762')] }, 7);
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

    it('lists recent clips and answers unknown messages with an error', async () => {
      await env.clipper.handle({ type: 'clip', papers: [paper('2101.00001')] });
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
      await env.clipper.handle({ type: 'page-papers', url: 'u', papers: [paper('1706.03762')] }, 2);
      expect(await env.db.papers.count()).toBe(0);
      expect((await env.clipper.handle({ type: 'tab-state', tabId: 2 })).savedIds).toEqual([]);
      await env.clipper.handle({ type: 'clip', papers: [paper('1706.03762')], tabId: 2 });
      const newer = { ...paper('1706.03762'), version: 7 };
      await env.clipper.handle({ type: 'page-papers', url: 'u', papers: [newer] }, 2);
      expect((await env.db.papers.get('arxiv:1706.03762'))?.version).toBe(7);
    });

    it('switches back to automatic clipping through settings', async () => {
      expect(await env.clipper.handle({ type: 'set-settings', autoClip: true })).toEqual({ autoClip: true });
      expect((await env.clipper.handle({ type: 'get-settings' })).autoClip).toBe(true);
    });
  });
});
