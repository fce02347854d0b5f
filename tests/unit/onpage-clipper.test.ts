/**
 * The background's side of the on-page views (lib/clipper.ts, lib/page-trust.ts): what a content script may
 * clip (only what its own tab reported), what it is told (saved ids, settings, a count of close papers), what
 * the panel is told, what a page's report is worth, the link menu's clip, the shortcut's clip and the related
 * count on the badge. Who may send each request is in message-rules.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClipperDeps, createClipper, type TabPage } from '../../lib/clipper';
import { LibraryDb } from '../../lib/db';
import type { IndexStatus, RelatedHit } from '../../lib/library-index';
import type { BulkClip, ContentNotice, ReportOrigin } from '../../lib/messages';
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
  let clock = 0;
  const pages = new Map<number, TabPage>();
  const badges = new Map<number, { saved: number; total: number; related?: number }>();
  const jobs = new Map<number, BulkClip>();
  const asked: RelatedPaper[] = [];
  const told: { tabId: number; notice: ContentNotice }[] = [];
  /** What the library index answers for each paper id asked about (best first). */
  const relatedHits = new Map<string, RelatedHit[]>();
  const readable = new Map<number, { url: string; papers: Paper[] }>();
  /** What each tab's content script reads from its page now (a listing's records). */
  const onPage = new Map<number, { url: string; papers: Paper[] }>();
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
    readPapers: async (tabId, url, ids) => {
      const page = onPage.get(tabId);
      if (page?.url !== url) throw new Error('The tab shows another page now.');
      return page.papers.filter((paper) => !ids || ids.includes(paper.id));
    },
    navigation: () => 0,
    related: async (paper, k) => {
      asked.push(paper);
      return {
        items: (relatedHits.get(paper.id) ?? []).slice(0, k),
        librarySize: relatedHits.size,
        status: indexStatus,
      };
    },
    tellTab: (tabId, notice) => void told.push({ tabId, notice }),
    now: () => clock,
  };
  const setIndex = (status: IndexStatus) => {
    indexStatus = status;
  };
  const tick = (ms: number) => {
    clock += ms;
  };
  return {
    db,
    clipper: createClipper(deps),
    pages,
    badges,
    relatedHits,
    asked,
    readable,
    onPage,
    told,
    jobs,
    setIndex,
    tick,
    deps,
  };
}

/** Holds the index's answers until the function returned is called. */
function holdIndexAnswers(env: ReturnType<typeof setup>): () => void {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const answer = env.deps.related;
  if (!answer) throw new Error('no index');
  env.deps.related = async (paper, k) => {
    await opened;
    return answer(paper, k);
  };
  return open;
}

describe('on-page requests in the background', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });
  afterEach(() => env.db.delete());

  /** The listing at LISTING in `tabId`, its entries as the page shows them, reported by their ids. */
  const showListing = (tabId: number, ids: string[], entries = ids.map(entry)) => {
    env.onPage.set(tabId, { url: LISTING, papers: entries });
    return env.clipper.handle(
      { type: 'page-papers', url: LISTING, listing: ids.map((id) => `arxiv:${id}`) },
      { tabId, url: LISTING },
    );
  };
  const showPaper = (tabId: number, paper: Paper, origin: ReportOrigin = {}) =>
    env.clipper.handle(
      { type: 'page-papers', url: paper.source.url, papers: [paper], ...origin },
      { tabId, url: paper.source.url },
    );
  const clipEntry = (tabId: number, id: string, url = LISTING, restore?: boolean) =>
    env.clipper.handle(
      { type: 'clip-entry', url, id: `arxiv:${id}`, ...(restore ? { restore } : {}) },
      { tabId, url },
    );

  it('tells a listing which of its ids are saved, with the on-page settings, and nothing more', async () => {
    await env.clipper.handle({ type: 'clip-link', url: 'https://arxiv.org/abs/2401.00002' });
    const reply = await env.clipper.handle(
      { type: 'page-saved', url: LISTING, ids: ['arxiv:2401.00001', 'arxiv:2401.00002'] },
      { tabId: 3, url: LISTING },
    );
    expect(reply).toEqual({
      savedIds: ['arxiv:2401.00002'],
      onPage: { autoClip: true, showMarks: true, showChip: true },
    });
    // The report's reply is the same two things: no record, note, tag or date of the library.
    expect(await showListing(3, ['2401.00001', '2401.00002'])).toEqual(reply);
    await env.clipper.handle({ type: 'clip-link', url: 'https://arxiv.org/abs/2401.00001' });
    expect(Object.keys(await showPaper(5, absPaper('2401.00001'))).sort()).toEqual(['onPage', 'savedIds']);
  });

  it('answers a page only about its own papers: a listing a listing’s worth of arXiv ids, a paper page its paper', async () => {
    const ask = (ids: string[], url = LISTING, tabId = 3) =>
      env.clipper.handle({ type: 'page-saved', url, ids }, { tabId, url });
    await expect(ask(['url:https://evil.example/'])).rejects.toThrow(/no arXiv id/);
    // A page that rewrites itself into a made-up listing of many thousand ids is cut off at a listing's worth.
    const made = (from: number) =>
      Array.from({ length: 2500 }, (_, i) => `arxiv:2501.${String(from + i).padStart(5, '0')}`);
    await ask(made(0));
    env.tick(10_000);
    await ask(made(2500));
    env.tick(10_000);
    await expect(ask(made(5000))).rejects.toThrow(/more entries than a listing/);
    // Asked again, the same ids are no more.
    await ask(made(0).slice(0, 10));
    const abs = 'https://arxiv.org/abs/2401.00001v2';
    expect((await ask(['arxiv:2401.00001'], abs, 5)).savedIds).toEqual([]);
    await expect(ask(['arxiv:2401.00002'], abs, 5)).rejects.toThrow(/only about its own paper/);
    // Once the listing is reported, only its own entries.
    await showListing(4, ['2401.00001']);
    await expect(ask(['arxiv:2401.00002'], LISTING, 4)).rejects.toThrow(/only about the papers it shows/);
  });

  it("clips one entry as the tab's page shows it now, and refuses any id that listing did not report", async () => {
    // The page says its entry is an abstract page (trusted more than a listing's abridged entry): it is not.
    await showListing(3, ['2401.00001', '2401.00002'], [absPaper('2401.00001'), entry('2401.00002')]);
    expect(await clipEntry(3, '2401.00001')).toEqual({ savedIds: ['arxiv:2401.00001'] });
    expect(await env.db.papers.get('arxiv:2401.00001')).toMatchObject({
      title: 'Entry 2401.00001',
      source: { site: 'arxiv', kind: 'arxiv-list', url: LISTING },
    });
    expect(env.badges.get(3)).toMatchObject({ saved: 1, total: 2 });

    const refused = [
      // Not on the tab's listing; on it but from another tab; on it but the tab shows another page now.
      clipEntry(3, '2401.99999'),
      clipEntry(4, '2401.00002'),
      clipEntry(3, '2401.00002', `${LISTING}?skip=25`),
    ];
    for (const clip of refused) await expect(clip).rejects.toThrow(/not one the listing in this tab showed/);
    expect(await env.db.papers.count()).toBe(1);
  });

  it('a click on an entry the reader removed says so, and clips it only on a second click', async () => {
    await showListing(3, ['2401.00001']);
    await clipEntry(3, '2401.00001');
    await env.db.papers.update('arxiv:2401.00001', { tags: ['kept'] });
    await env.clipper.handle({ type: 'remove', ids: ['arxiv:2401.00001'] });
    expect(await clipEntry(3, '2401.00001')).toEqual({ savedIds: [], removedIds: ['arxiv:2401.00001'] });
    expect(await env.db.papers.count()).toBe(0);
    expect(await clipEntry(3, '2401.00001', LISTING, true)).toEqual({ savedIds: ['arxiv:2401.00001'] });
    expect(await env.db.papers.get('arxiv:2401.00001')).toMatchObject({ tags: ['kept'] });
  });

  it("clips the tab's paper page for its chip, only while the tab shows it, and says when the reader removed it", async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    await showPaper(5, absPaper('2401.00001'));
    expect(await env.db.papers.count()).toBe(0);
    await expect(
      env.clipper.handle({ type: 'clip-shown', url: `${url}v2` }, { tabId: 5, url: `${url}v2` }),
    ).rejects.toThrow(/another page/);
    expect(await env.clipper.handle({ type: 'clip-shown', url }, { tabId: 5, url })).toEqual({
      savedIds: ['arxiv:2401.00001'],
    });
    await env.clipper.handle({ type: 'remove', ids: ['arxiv:2401.00001'] });
    expect(await env.clipper.handle({ type: 'clip-shown', url }, { tabId: 5, url })).toEqual({
      savedIds: [],
      removedIds: ['arxiv:2401.00001'],
    });
    expect(await env.clipper.handle({ type: 'clip-shown', url, restore: true }, { tabId: 5, url })).toEqual({
      savedIds: ['arxiv:2401.00001'],
    });
  });

  it('tells a paper page how many close papers it has, and only the panel what they are', async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    env.relatedHits.set('arxiv:2401.00001', [
      hit('a', ['subword tokenization', 'BPE']),
      hit('b', ['tokenization']),
      hit('c', [], ['Taku Kudo']),
    ]);
    await showPaper(5, absPaper('2401.00001'));
    // The content script gets a count: no title, author or link of the library.
    expect(await env.clipper.handle({ type: 'page-related', url }, { tabId: 5, url })).toEqual({
      saved: false,
      related: 2,
    });
    const panel = await env.clipper.handle({ type: 'panel-content' }, { tabId: 5 });
    if (panel?.kind !== 'paper') throw new Error('A paper page has a paper panel.');
    expect(panel.items.map((item) => item.id)).toEqual(['a', 'c']);
    expect(panel.links.map((link) => link.url)).toEqual(['https://github.com/a/b']);
    // Only what relatedness reads is passed to the index.
    expect(Object.keys(env.asked[0] ?? {}).sort()).toEqual(['abstract', 'id', 'title']);
    // Nothing saved: the badge counts the close papers.
    await expect.poll(() => env.badges.get(5)).toMatchObject({ saved: 0, related: 2 });
    // Another tab, or a page the tab no longer shows, gets nothing.
    expect((await env.clipper.handle({ type: 'page-related', url }, { tabId: 6, url })).related).toBe(0);
    expect(await env.clipper.handle({ type: 'panel-content' }, { tabId: 6 })).toBeUndefined();
  });

  it('asks the index once when a page report and its chip ask about the same paper at once', async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['subword tokenization', 'BPE'])]);
    // The index answers only once the chip has asked too (after a restart it is still reading itself back).
    const open = holdIndexAnswers(env);
    await showPaper(5, absPaper('2401.00001'));
    const chip = env.clipper.handle({ type: 'page-related', url }, { tabId: 5, url });
    await new Promise((resolve) => setTimeout(resolve, 100));
    open();
    expect((await chip).related).toBe(1);
    await expect.poll(() => env.badges.get(5)).toMatchObject({ saved: 0, related: 1 });
    expect(env.asked).toHaveLength(1);
  });

  it("answers the popup's tab-related with the question the page's report asked, while in flight", async () => {
    env = setup({ autoClip: false });
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['subword tokenization', 'BPE']), hit('b', ['bpe'])]);
    const open = holdIndexAnswers(env);
    await showPaper(5, absPaper('2401.00001'));
    const popup = env.clipper.handle({ type: 'tab-related', tabId: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    open();
    expect(await popup).toEqual({
      related: {
        paperId: 'arxiv:2401.00001',
        items: env.relatedHits.get('arxiv:2401.00001'),
        librarySize: 1,
      },
    });
    expect(env.asked).toHaveLength(1);
    // Once worked out, kept with the tab: asked again, the index is not.
    await expect.poll(async () => (await env.pages.get(5))?.relatedHits?.paperId).toBe('arxiv:2401.00001');
    expect((await env.clipper.handle({ type: 'tab-related', tabId: 5 })).related?.items).toHaveLength(2);
    expect(env.asked).toHaveLength(1);
    // A tab that reported nothing has none.
    expect(await env.clipper.handle({ type: 'tab-related', tabId: 6 })).toEqual({});
  });

  it("keeps a reported paper page's related papers for the popup's first answer", async () => {
    env = setup();
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['subword tokenization', 'BPE']), hit('b', ['bpe'])]);
    // Clipped on visit (saved): its related papers are kept all the same, whether close or not.
    await showPaper(5, absPaper('2401.00001'));
    const popupAsks = () => env.clipper.handle({ type: 'tab-state', tabId: 5 });
    await expect
      .poll(async () => (await popupAsks()).related?.items.map((item) => item.id))
      .toEqual(['a', 'b']);
    expect((await popupAsks()).related).toMatchObject({ paperId: 'arxiv:2401.00001', librarySize: 1 });
    // Not while the index is still opening: the popup asks it then.
    env.setIndex({ state: 'opening', done: 0, total: 0 });
    await showPaper(6, absPaper('2401.00001'));
    await new Promise((r) => setTimeout(r, 20));
    expect((await env.clipper.handle({ type: 'tab-state', tabId: 6 })).related).toBeUndefined();
  });

  it('says the index is not ready rather than that nothing is related, and leaves the badge alone', async () => {
    env = setup({ autoClip: false });
    const url = 'https://arxiv.org/abs/2401.00001';
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['subword tokenization', 'BPE'])]);
    const building = { state: 'building', done: 10, total: 80 } as const;
    env.setIndex(building);
    await showPaper(5, absPaper('2401.00001'));
    expect(await env.clipper.handle({ type: 'page-related', url }, { tabId: 5, url })).toEqual({
      saved: false,
      related: 0,
      status: building,
    });
    await showListing(3, ['2401.00001']);
    const listing = await env.clipper.handle(
      { type: 'listing-related', url: LISTING },
      { tabId: 3, url: LISTING },
    );
    expect(listing).toEqual({ related: [], total: 1, checked: 0 });
    expect(env.badges.get(5)?.related).toBeUndefined();
    expect(env.badges.get(3)?.related).toBeUndefined();
  });

  it("finds a listing's unsaved entries close to the library from the page's own records, and ranks them in the panel", async () => {
    await showListing(3, ['2401.00001', '2401.00002', '2401.00003', '2401.00004']);
    await clipEntry(3, '2401.00003');
    env.relatedHits.set('arxiv:2401.00001', [hit('a', ['graph'])]);
    env.relatedHits.set('arxiv:2401.00002', [hit('b', ['graph neural network', 'message passing'])]);
    env.relatedHits.set('arxiv:2401.00003', [hit('c', ['x', 'y'])]);
    env.relatedHits.set('arxiv:2401.00004', [hit('d', ['x', 'y'], ['Ada Lovelace'])]);
    const reply = await env.clipper.handle(
      { type: 'listing-related', url: LISTING },
      { tabId: 3, url: LISTING },
    );
    // 00001 shares one term only; 00003 is saved. Ids only: the reasons are for the panel.
    expect(reply).toEqual({ related: ['arxiv:2401.00002', 'arxiv:2401.00004'], total: 4, checked: 3 });
    expect(env.asked.map((paper) => paper.id)).toEqual([
      'arxiv:2401.00001',
      'arxiv:2401.00002',
      'arxiv:2401.00004',
    ]);
    // What was asked about came from the page, read by the background: the entries' own titles.
    expect(env.asked[0]?.title).toBe('Entry 2401.00001');
    // Something on the listing is saved: the badge counts the saved, not the related.
    expect(env.badges.get(3)).toMatchObject({ saved: 1, related: 2 });
    // The panel ranks them, a shared author first, each with what the page says of it and its match.
    const panel = await env.clipper.handle({ type: 'panel-content' }, { tabId: 3 });
    if (panel?.kind !== 'listing') throw new Error('A listing has a listing panel.');
    expect(panel.related.map((entry) => [entry.id, entry.title, entry.match.id])).toEqual([
      ['arxiv:2401.00004', 'Entry 2401.00004', 'd'],
      ['arxiv:2401.00002', 'Entry 2401.00002', 'b'],
    ]);
    // Worked out once for the page: the panel did not ask the index again.
    expect(env.asked).toHaveLength(3);
    // "Show on the page" reaches the tab's content script, for an entry of its listing only.
    await env.clipper.handle({ type: 'panel-show', id: 'arxiv:2401.00004' }, { tabId: 3 });
    await env.clipper.handle({ type: 'panel-show', id: 'arxiv:2401.99999' }, { tabId: 3 });
    expect(env.told).toEqual([{ tabId: 3, notice: { type: 'show-entry', id: 'arxiv:2401.00004' } }]);
  });

  it("asks about a listing entry's text only as far as an abstract goes, however much the page sends", async () => {
    const abstract = 'An abstract of an ordinary length about subword tokenization. '.repeat(30);
    const flooded: Paper = {
      ...entry('2401.00001'),
      title: 'T'.repeat(50_000),
      abstract: 'tokenization '.repeat(8000),
      authors: Array.from({ length: 2000 }, (_, i) => `Author ${i}`),
      categories: Array.from({ length: 300 }, (_, i) => `cs.X${i}`),
    };
    const ordinary: Paper = {
      ...entry('2401.00002'),
      abstract,
      authors: ['Ada Lovelace'],
      categories: ['cs.CL'],
    };
    await showListing(3, ['2401.00001', '2401.00002'], [flooded, ordinary]);
    await env.clipper.handle({ type: 'listing-related', url: LISTING }, { tabId: 3, url: LISTING });
    const [asked, whole] = env.asked;
    expect(asked?.title?.length).toBeLessThanOrEqual(1000);
    expect(asked?.abstract?.length).toBeLessThanOrEqual(5000);
    expect(asked?.authors?.length).toBeLessThanOrEqual(100);
    expect(asked?.categories?.length).toBeLessThanOrEqual(20);
    // An entry as arXiv prints one is asked about whole.
    expect(whole).toMatchObject({ abstract, authors: ['Ada Lovelace'], categories: ['cs.CL'] });
  });

  it('a newer page in the tab stops the work for the older one', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `2401.${String(i).padStart(5, '0')}`);
    await showListing(3, ids);
    // An index that takes a while per entry.
    const quick = env.deps.related?.bind(env.deps);
    env.deps.related = async (paper, k) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return (quick as NonNullable<typeof quick>)(paper, k);
    };
    const first = env.clipper.handle({ type: 'listing-related', url: LISTING }, { tabId: 3, url: LISTING });
    await vi.waitFor(() => expect(env.asked.length).toBeGreaterThan(0));
    // The tab shows another listing before the first is worked out.
    const other = `${LISTING}?skip=25`;
    const next = ids.map((id) => id.replace('2401.', '2402.'));
    env.onPage.set(3, { url: other, papers: next.map(entry) });
    await env.clipper.handle(
      { type: 'page-papers', url: other, listing: next.map((id) => `arxiv:${id}`) },
      { tabId: 3, url: other },
    );
    await env.clipper.handle({ type: 'listing-related', url: other }, { tabId: 3, url: other });
    await first;
    const askedOf = (prefix: string) => env.asked.filter((paper) => paper.id.startsWith(prefix)).length;
    expect(askedOf('arxiv:2402.')).toBe(50);
    expect(askedOf('arxiv:2401.')).toBeLessThan(50);
  });

  it('the panel clips an entry of its own tab only', async () => {
    await showListing(3, ['2401.00001']);
    expect(await env.clipper.handle({ type: 'panel-clip', id: 'arxiv:2401.00001' }, { tabId: 3 })).toEqual({
      savedIds: ['arxiv:2401.00001'],
    });
    await expect(
      env.clipper.handle({ type: 'panel-clip', id: 'arxiv:2401.00001' }, { tabId: 4 }),
    ).rejects.toThrow(/no paper to clip/);
    await expect(
      env.clipper.handle({ type: 'panel-clip', id: 'arxiv:2401.00002' }, { tabId: 3 }),
    ).rejects.toThrow(/not one the listing in this tab showed/);
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
    await showPaper(5, absPaper('2401.00001'));
    expect(await env.clipper.clipTab(5)).toEqual({ savedIds: ['arxiv:2401.00001'] });
    env.readable.set(6, { url: 'https://openreview.net/forum?id=x', papers: [absPaper('2401.00007')] });
    expect(await env.clipper.clipTab(6)).toEqual({ savedIds: ['arxiv:2401.00007'] });
    await showListing(3, ['2401.00001']);
    await expect(env.clipper.clipTab(3)).rejects.toThrow(/listing/);
  });
});

describe('what a page report is worth: the background believes the browser, not the page', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });
  afterEach(() => env.db.delete());
  const report = (paper: Paper, url: string, sender = url, origin: ReportOrigin = {}) =>
    env.clipper.handle({ type: 'page-papers', url, papers: [paper], ...origin }, { tabId: 5, url: sender });

  it('refuses a paper page reporting a paper, or a version, its URL does not name', async () => {
    const url = 'https://arxiv.org/abs/1706.03762v7';
    await expect(report(absPaper('2501.99999'), url)).rejects.toThrow(/1706\.03762's/);
    await expect(report({ ...absPaper('1706.03762'), version: 9 }, url)).rejects.toThrow(/v7/);
    expect(await env.db.papers.count()).toBe(0);
  });

  it('refuses a report made for another URL than the one the browser says the page is at (a pushState)', async () => {
    const paper = absPaper('2501.99999');
    await expect(
      report(paper, 'https://arxiv.org/abs/2501.99999v1', 'https://arxiv.org/abs/1706.03762v7'),
    ).rejects.toThrow(/moved on/);
    // arXiv has no in-page navigation: a report of one is a script's.
    const url = 'https://arxiv.org/abs/2501.99999v1';
    await expect(report(paper, url, url, { via: 'in-page', userActivation: true })).rejects.toThrow(
      /without a load/,
    );
    expect(await env.db.papers.count()).toBe(0);
  });

  it("takes the page's kind from its URL, never from what the page claims", async () => {
    const url = 'https://huggingface.co/papers/2401.00001';
    // The page claims to be arXiv's abstract page (the most trusted) with an "official" link of its choosing.
    await report(absPaper('2401.00001'), url);
    expect(await env.db.papers.get('arxiv:2401.00001')).toMatchObject({
      source: { site: 'huggingface', kind: 'hf-paper', url },
    });
    // Nor can a listing report papers, or a paper page a listing.
    await expect(report(entry('2401.00002'), LISTING)).rejects.toThrow(/ids it shows/);
    await expect(
      env.clipper.handle({ type: 'page-papers', url, listing: ['arxiv:2401.00002'] }, { tabId: 5, url }),
    ).rejects.toThrow(/not a listing/);
  });

  it('a Hugging Face page reached in-page without a person acting is shown, not clipped nor refreshed', async () => {
    const url = 'https://huggingface.co/papers/2401.00001';
    await report(absPaper('2401.00001'), url, url, { via: 'in-page', userActivation: false });
    expect(await env.db.papers.count()).toBe(0);
    expect((await env.clipper.handle({ type: 'tab-state', tabId: 5 })).papers.map((p) => p.id)).toEqual([
      'arxiv:2401.00001',
    ]);
    // A saved paper is not rewritten either.
    await report(absPaper('2401.00001'), url);
    await report({ ...absPaper('2401.00001'), title: 'Rewritten', version: 9 }, url, url, {
      via: 'in-page',
      userActivation: false,
    });
    expect((await env.db.papers.get('arxiv:2401.00001'))?.title).toBe('Entry 2401.00001');
    // After a person's click, it is clipped as on a load.
    const next = 'https://huggingface.co/papers/2401.00002';
    await report(absPaper('2401.00002'), next, next, { via: 'in-page', userActivation: true });
    expect(await env.db.papers.get('arxiv:2401.00002')).toBeDefined();
  });

  it('a listing never makes a link of a saved paper official, and never brings back a removed paper', async () => {
    const saved = { ...absPaper('2401.00001'), links: [] };
    await report(saved, 'https://arxiv.org/abs/2401.00001');
    await env.clipper.handle({ type: 'clip-link', url: 'https://arxiv.org/abs/2401.00002' });
    await env.clipper.handle({ type: 'remove', ids: ['arxiv:2401.00002'] });
    const official = {
      url: 'https://github.com/evil/repo',
      kind: 'code',
      host: 'github.com',
      official: true,
    } as const;
    env.onPage.set(3, {
      url: LISTING,
      papers: [{ ...entry('2401.00001'), links: [official] }, entry('2401.00002')],
    });
    await env.clipper.handle(
      { type: 'page-papers', url: LISTING, listing: ['arxiv:2401.00001', 'arxiv:2401.00002'] },
      { tabId: 3, url: LISTING },
    );
    await vi.waitFor(async () =>
      expect((await env.db.papers.get('arxiv:2401.00001'))?.links?.map((link) => link.url)).toEqual([
        official.url,
      ]),
    );
    expect((await env.db.papers.get('arxiv:2401.00001'))?.links?.[0]?.official).toBeUndefined();
    expect(await env.db.papers.get('arxiv:2401.00002')).toBeUndefined();
  });

  it('"Clip all" clips only the entries the listing reported, not those its page added since', async () => {
    const reported = ['2401.00001', '2401.00002'];
    env.onPage.set(3, { url: LISTING, papers: [...reported, '2501.99999'].map(entry) });
    await env.clipper.handle(
      { type: 'page-papers', url: LISTING, listing: reported.map((id) => `arxiv:${id}`) },
      { tabId: 3, url: LISTING },
    );
    await env.clipper.handle({ type: 'clip-all', tabId: 3 });
    await env.clipper.bulkSettled(3);
    expect((await env.db.papers.toCollection().primaryKeys()).sort()).toEqual([
      'arxiv:2401.00001',
      'arxiv:2401.00002',
    ]);
    expect(env.jobs.get(3)).toMatchObject({ state: 'done', done: 2, total: 2 });
  });

  it('refuses a tab asking too often, and answers again once it has waited', async () => {
    const url = 'https://arxiv.org/abs/2401.00001';
    const ask = () => env.clipper.handle({ type: 'page-related', url }, { tabId: 5, url });
    for (let i = 0; i < 10; i++) await ask();
    await expect(ask()).rejects.toThrow(/too often/);
    // Another tab has its own budget.
    await env.clipper.handle({ type: 'page-related', url }, { tabId: 6, url });
    env.tick(5000);
    await ask();
  });

  it('refuses a tab reporting, or clipping, too often: a page rewriting itself or pushing URLs, a script clicking', async () => {
    const url = 'https://arxiv.org/abs/2401.00001';
    for (let i = 0; i < 20; i++) await report(absPaper('2401.00001'), url);
    await expect(report(absPaper('2401.00001'), url)).rejects.toThrow(/too often/);
    const clip = () => env.clipper.handle({ type: 'clip-shown', url }, { tabId: 5, url });
    for (let i = 0; i < 20; i++) await clip();
    await expect(clip()).rejects.toThrow(/too often/);
    env.tick(1000);
    await report(absPaper('2401.00001'), url);
    await clip();
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
