/**
 * The background's side of the on-page views (lib/clipper.ts): what a content script may clip (only what its
 * own tab reported), what it is told (saved ids, settings, close papers), the link menu's clip, the shortcut's
 * clip and the related count on the badge; and who may send each request (lib/message-rules.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClipperDeps, createClipper, type TabPage } from '../../lib/clipper';
import { LibraryDb } from '../../lib/db';
import type { IndexStatus, RelatedHit } from '../../lib/library-index';
import { checkMessage, MessageRefused, type Sender } from '../../lib/message-rules';
import type { BulkClip } from '../../lib/messages';
import { isClose } from '../../lib/onpage/related';
import type { Paper } from '../../lib/paper';
import type { RelatedPaper } from '../../lib/related';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';

const LISTING = 'https://arxiv.org/list/cs.CL/new';
const entry = (arxivId: string): Paper => ({
  id: `arxiv:${arxivId}`,
  arxivId,
  title: `Entry ${arxivId}`,
  source: { site: 'arxiv', kind: 'arxiv-list', url: LISTING },
});
const absPaper = (arxivId: string): Paper => ({
  ...entry(arxivId),
  abstract: 'About subword tokenization.',
  links: [{ url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b' }],
  source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/${arxivId}` },
});
const hit = (id: string, terms: string[], authors: string[] = []): RelatedHit => ({
  id,
  title: `Saved ${id}`,
  url: `https://arxiv.org/abs/${id}`,
  reason: { terms, authors },
});

function setup(initial: Partial<Settings> = {}) {
  const db = new LibraryDb(`onpage-${Math.random()}`);
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const pages = new Map<number, TabPage>();
  const badges = new Map<number, { saved: number; total: number; related?: number }>();
  const jobs = new Map<number, BulkClip>();
  const asked: RelatedPaper[] = [];
  /** What the library index answers for each paper id asked about (best first). */
  const relatedHits = new Map<string, RelatedHit[]>();
  const readable = new Map<number, { url: string; papers: Paper[] }>();
  let indexStatus: IndexStatus = { state: 'ready', done: 0, total: 0 };
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
    bulk: {
      get: async (id) => jobs.get(id),
      set: async (id, job) => void jobs.set(id, job),
      all: async () => [...jobs.values()],
    },
    showSaved: (tabId, saved, total, related) => void badges.set(tabId, { saved, total, related }),
    readPage: async (tabId) => readable.get(tabId) ?? { url: 'about:blank', papers: [] },
    readPapers: async () => [],
    navigation: () => 0,
    related: async (paper, k) => {
      asked.push(paper);
      return { items: (relatedHits.get(paper.id) ?? []).slice(0, k), status: indexStatus };
    },
  };
  const setIndex = (status: IndexStatus) => {
    indexStatus = status;
  };
  return { db, clipper: createClipper(deps), pages, badges, relatedHits, asked, readable, setIndex };
}

describe('on-page requests in the background', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });
  afterEach(() => env.db.delete());

  const showListing = (tabId: number, ids: string[]) =>
    env.clipper.handle({ type: 'page-papers', url: LISTING, listing: ids.map((id) => `arxiv:${id}`) }, tabId);

  it('tells a listing which ids are saved, with the on-page settings', async () => {
    await env.clipper.handle({ type: 'clip-link', url: 'https://arxiv.org/abs/2401.00002' });
    const reply = await env.clipper.handle(
      { type: 'page-saved', ids: ['arxiv:2401.00001', 'arxiv:2401.00002'] },
      3,
    );
    expect(reply).toEqual({
      savedIds: ['arxiv:2401.00002'],
      onPage: { autoClip: true, showMarks: true, showChip: true },
    });
    const report = await showListing(3, ['2401.00001']);
    expect(report.onPage).toEqual({ autoClip: true, showMarks: true, showChip: true });
  });

  it('clips one entry of the tab listing, and refuses any id that listing did not report', async () => {
    await showListing(3, ['2401.00001', '2401.00002']);
    expect(
      await env.clipper.handle({ type: 'clip-entry', url: LISTING, paper: entry('2401.00001') }, 3),
    ).toEqual({ savedIds: ['arxiv:2401.00001'] });
    expect((await env.db.papers.get('arxiv:2401.00001'))?.title).toBe('Entry 2401.00001');
    expect(env.badges.get(3)).toMatchObject({ saved: 1, total: 2 });

    const refused = [
      // Not on the tab's listing; on it but from another tab; on it but the tab shows another page now.
      env.clipper.handle({ type: 'clip-entry', url: LISTING, paper: entry('2401.99999') }, 3),
      env.clipper.handle({ type: 'clip-entry', url: LISTING, paper: entry('2401.00002') }, 4),
      env.clipper.handle({ type: 'clip-entry', url: `${LISTING}?skip=25`, paper: entry('2401.00002') }, 3),
      // A listed id passed off as its abstract page (more trusted than a listing's abridged entry).
      env.clipper.handle({ type: 'clip-entry', url: LISTING, paper: absPaper('2401.00002') }, 3),
    ];
    for (const clip of refused) await expect(clip).rejects.toThrow(/not one the listing in this tab showed/);
    expect(await env.db.papers.count()).toBe(1);
  });

  it("clips the tab's paper page for its chip, only while the tab shows it", async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    await env.clipper.handle({ type: 'page-papers', url, papers: [absPaper('2401.00001')] }, 5);
    expect(await env.db.papers.count()).toBe(0);
    await expect(env.clipper.handle({ type: 'clip-shown', url: `${url}v2` }, 5)).rejects.toThrow(
      /another page/,
    );
    expect(await env.clipper.handle({ type: 'clip-shown', url }, 5)).toEqual({
      savedIds: ['arxiv:2401.00001'],
    });
    expect(await env.db.papers.count()).toBe(1);
  });

  it('gives a paper page its close papers (two key terms or an author) and its links', async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    env.relatedHits.set('arxiv:2401.00001', [
      hit('a', ['subword tokenization', 'BPE']),
      hit('b', ['tokenization']),
      hit('c', [], ['Taku Kudo']),
    ]);
    await env.clipper.handle({ type: 'page-papers', url, papers: [absPaper('2401.00001')] }, 5);
    const chip = await env.clipper.handle({ type: 'page-related', url }, 5);
    expect(chip.saved).toBe(false);
    expect(chip.items.map((item) => item.id)).toEqual(['a', 'c']);
    expect(chip.links.map((link) => link.url)).toEqual(['https://github.com/a/b']);
    // Only what relatedness reads is passed to the index.
    expect(Object.keys(env.asked[0] ?? {}).sort()).toEqual(['abstract', 'id', 'title']);
    // Nothing saved: the badge counts the close papers.
    await expect.poll(() => env.badges.get(5)).toMatchObject({ saved: 0, related: 2 });
    // Another tab, or a page the tab no longer shows, gets nothing.
    expect((await env.clipper.handle({ type: 'page-related', url }, 6)).items).toEqual([]);
    expect((await env.clipper.handle({ type: 'page-related', url: LISTING }, 5)).items).toEqual([]);
  });

  it('says the index is not ready rather than that nothing is related, and leaves the badge alone', async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['subword tokenization', 'BPE'])]);
    const building = { state: 'building', done: 10, total: 80 } as const;
    env.setIndex(building);
    await env.clipper.handle({ type: 'page-papers', url, papers: [absPaper('2401.00001')] }, 5);
    expect(await env.clipper.handle({ type: 'page-related', url }, 5)).toMatchObject({
      items: [],
      status: building,
    });
    await showListing(3, ['2401.00001']);
    const listing = await env.clipper.handle(
      { type: 'listing-related', url: LISTING, papers: [{ id: 'arxiv:2401.00001', title: 't' }] },
      3,
    );
    expect(listing.related).toEqual([]);
    expect(env.badges.get(5)?.related).toBeUndefined();
    expect(env.badges.get(3)?.related).toBeUndefined();
  });

  it("marks a listing's unsaved entries close to the library, only ids it reported, and counts them", async () => {
    await showListing(3, ['2401.00001', '2401.00002', '2401.00003']);
    await env.clipper.handle({ type: 'clip-entry', url: LISTING, paper: entry('2401.00003') }, 3);
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['graph'])]);
    env.relatedHits.set('arxiv:2401.00002', [hit('b', ['graph neural network', 'message passing'])]);
    env.relatedHits.set('arxiv:2401.00003', [hit('c', ['x', 'y'])]);
    env.relatedHits.set('arxiv:2401.00009', [hit('d', ['x', 'y'])]);
    const ids = ['2401.00001', '2401.00002', '2401.00003', '2401.00009'];
    const { related } = await env.clipper.handle(
      { type: 'listing-related', url: LISTING, papers: ids.map((id) => ({ id: `arxiv:${id}`, title: id })) },
      3,
    );
    // 00001 shares one term only; 00003 is saved; 00009 is not on this tab's listing.
    expect(related.map((r) => [r.id, r.match.id])).toEqual([['arxiv:2401.00002', 'b']]);
    expect(env.asked.map((paper) => paper.id)).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002']);
    // Something on the listing is saved: the badge counts the saved, not the related.
    expect(env.badges.get(3)).toMatchObject({ saved: 1, related: 1 });
  });

  it('"Clip linked paper" stores the paper a link names as incomplete; a link to no paper is refused', async () => {
    await env.clipper.handle({ type: 'clip-link', url: 'https://huggingface.co/papers/2401.00005' });
    expect(await env.db.papers.get('arxiv:2401.00005')).toMatchObject({ incomplete: true });
    await expect(env.clipper.handle({ type: 'clip-link', url: 'https://example.com/' })).rejects.toThrow(
      /not to an arXiv or Hugging Face paper/,
    );
  });

  it('the clip shortcut clips the reported paper, reads any other page, and refuses a listing', async () => {
    env = setup({ autoClip: false });
    await env.clipper.handle(
      { type: 'page-papers', url: 'https://arxiv.org/abs/2401.00001', papers: [absPaper('2401.00001')] },
      5,
    );
    expect(await env.clipper.clipTab(5)).toEqual({ savedIds: ['arxiv:2401.00001'] });
    env.readable.set(6, { url: 'https://openreview.net/forum?id=x', papers: [absPaper('2401.00007')] });
    expect(await env.clipper.clipTab(6)).toEqual({ savedIds: ['arxiv:2401.00007'] });
    await showListing(3, ['2401.00001']);
    await expect(env.clipper.clipTab(3)).rejects.toThrow(/listing/);
  });
});

describe('isClose', () => {
  it('takes two shared key terms, or a shared author', () => {
    expect(isClose({ terms: ['a', 'b'], authors: [] })).toBe(true);
    expect(isClose({ terms: [], authors: ['Ada Lovelace'] })).toBe(true);
    expect(isClose({ terms: ['a'], authors: [] })).toBe(false);
    expect(isClose({ terms: [], authors: [] })).toBe(false);
  });
});

describe('who may send the on-page requests', () => {
  const content: Sender = { role: 'content', tabId: 7 };
  const page: Sender = { role: 'extension' };
  const refused = (message: unknown, sender: Sender) => () => checkMessage(message, sender);

  it('accepts the content script requests from a content script only', () => {
    const requests = [
      { type: 'page-saved', ids: ['arxiv:1'] },
      { type: 'clip-entry', url: LISTING, paper: entry('2401.00001') },
      { type: 'clip-shown', url: LISTING },
      { type: 'page-related', url: LISTING },
      { type: 'listing-related', url: LISTING, papers: [{ id: 'arxiv:1', title: 't' }] },
    ];
    for (const message of requests) {
      expect(checkMessage(message, content)).toMatchObject(message);
      expect(refused(message, page)).toThrow(MessageRefused);
    }
  });

  it('accepts "clip-link" and the new settings from extension pages only', () => {
    expect(checkMessage({ type: 'clip-link', url: 'https://arxiv.org/abs/1' }, page)).toBeTruthy();
    expect(refused({ type: 'clip-link', url: 'https://arxiv.org/abs/1' }, content)).toThrow(MessageRefused);
    expect(refused({ type: 'clip-link', url: 'javascript:alert(1)' }, page)).toThrow(/not an http/);
    expect(checkMessage({ type: 'set-settings', showMarks: false, showChip: true }, page)).toEqual({
      type: 'set-settings',
      showMarks: false,
      showChip: true,
    });
  });

  it('bounds what a content script sends: a listing-related of more than 200 entries is refused', () => {
    const papers = Array.from({ length: 201 }, (_, i) => ({ id: `arxiv:${i}` }));
    expect(refused({ type: 'listing-related', url: LISTING, papers }, content)).toThrow(/more than 200/);
  });
});
