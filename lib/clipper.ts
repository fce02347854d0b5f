/**
 * The background's message handling, free of browser APIs: the entrypoint hands in the database, the
 * settings store, the per-tab memory, the badge and the ways to read a tab, and routes every message here.
 *
 * A paper page's report carries its paper; a listing's carries only the ids it shows (a 2,000-entry arXiv
 * listing is 40 KB of ids, not 4 MB of records): the records are read from the page when they are needed,
 * to refresh saved papers or to clip them all. Clipping all runs here, in batches of one transaction each,
 * with its progress kept beside the tab, so a closed popup does not stop it and a stopped service worker
 * resumes it where it was.
 */
import type { LibraryDb } from './db';
import { papersFromUrl } from './extract/arxiv-pdf';
import {
  editPapers,
  recentPapers,
  removedIds,
  removePapers,
  restorePapers,
  type SaveMode,
  savedIds,
  savePapers,
} from './library';
import type { IndexStatus, RelatedHit } from './library-index';
import { mergePaper } from './merge';
import { MAX_LISTING_IDS } from './message-rules';
import type {
  BulkClip,
  ContentNotice,
  IndexRequestType,
  ListingPanel,
  ListingRelated,
  Message,
  PageRelated,
  PaperPanel,
  Requests,
  RequestType,
  TabState,
} from './messages';
import { paperFromLink } from './onpage/link';
import { closeHits, isClose, LISTING_RELATED_MAX, PAGE_RELATED_K, relatedFields } from './onpage/related';
import {
  isListingPage,
  ReportRefused,
  senderPage,
  type TrustedPage,
  trustedListing,
  trustedListingPaper,
  trustedPaper,
} from './page-trust';
import type { Paper } from './paper';
import { rateLimiter } from './rate-limit';
import type { RelatedPaper } from './related';
import { onPageSettings, type Settings } from './settings';

/** What the background remembers about a tab: the papers its page holds, or the ids a listing shows. */
export interface TabPage {
  url: string;
  papers: Paper[];
  /** On a listing: the ids of every paper it shows, in order; `papers` is then empty. */
  listing?: string[];
  /** Saved papers closely related to the page's (lib/onpage/related.ts), once worked out: the badge's number. */
  related?: number;
  /**
   * A paper page: its related papers as the index answered when the page was reported, so that the popup shows
   * them with its first answer instead of asking the index then (it asks again, and shows what is current).
   */
  relatedHits?: PageRelated;
}

export interface TabMemory {
  get(tabId: number): Promise<TabPage | undefined>;
  set(tabId: number, page: TabPage): Promise<void>;
}

/** Where running and finished bulk clips are kept (they outlive a stopped service worker). */
export interface BulkStore {
  get(tabId: number): Promise<BulkClip | undefined>;
  set(tabId: number, job: BulkClip): Promise<void>;
  all(): Promise<BulkClip[]>;
}

export interface ClipperDeps {
  db: LibraryDb;
  settings: { get(): Promise<Settings>; set(patch: Partial<Settings>): Promise<Settings> };
  tabs: TabMemory;
  bulk: BulkStore;
  /**
   * Shows on the toolbar how many of the tab's papers are in the library; when none is, how many saved papers
   * are closely related to the page (`related`, when known).
   */
  showSaved(tabId: number, saved: number, total: number, related?: number): Promise<void> | void;
  /**
   * The library index's related papers (`related` request), and the index's state: while it opens or builds,
   * no items. Without it, nothing is ever related.
   */
  related?(
    paper: RelatedPaper,
    k: number,
  ): Promise<{ items: RelatedHit[]; librarySize: number; status: IndexStatus }>;
  /** Reads the page in the tab with the generic extractor (activeTab); resolves to what it found. */
  readPage(tabId: number): Promise<{ url: string; papers: Paper[] }>;
  /**
   * The full records of the papers the tab's page at `url` shows (only `ids` when given), read by its content
   * script; rejects when the tab no longer shows that page.
   */
  readPapers(tabId: number, url: string, ids?: string[]): Promise<Paper[]>;
  /** Counts the tab's navigations: a report made for an earlier document of the tab is not remembered. */
  navigation(tabId: number): number;
  /** Told after every write to the library (the index follows the change log; this wakes it). */
  libraryChanged?(): void;
  /** Tells the content script of a tab's top frame something (the panel's "show this entry"). */
  tellTab?(tabId: number, notice: ContentNotice): void;
  /** The clock of the rate limits (tests). */
  now?(): number;
}

/** Who sent a message: the tab of a content script or of the panel, and a content script's page. */
export interface From {
  tabId?: number;
  /** The page's URL as the browser gives it for the sender. */
  url?: string;
}

/** What the background answers itself; the library index answers the rest. */
export type ClipperRequestType = Exclude<RequestType, IndexRequestType>;

type Handlers = {
  [K in ClipperRequestType]: (message: Message<K>, from: From) => Promise<Requests[K]['response']>;
};

/** Papers per transaction in a bulk clip: quick, yet a smooth progress bar. */
const BULK_BATCH = 50;

/**
 * What each tab's content script may ask, per kind of request; a person browsing stays far below. `saved` counts
 * ids (a 2,000-entry listing asks about 2,000 ids while it is parsed).
 */
const BUDGETS = {
  report: { burst: 20, perSecond: 1 },
  saved: { burst: MAX_LISTING_IDS, perSecond: 500 },
  clip: { burst: 20, perSecond: 1 },
  related: { burst: 10, perSecond: 0.5 },
};

/** How a paper page's papers reach the library: as `savePapers` does, or `show`n and written nowhere. */
type PageMode = SaveMode | 'show';

/** An unsaved entry's best match, worked out for a listing, with what the page says of the entry. */
interface ListingCloseness {
  url: string;
  navigation: number;
  checked: number;
  related: ListingRelated[];
}

export function createClipper(deps: ClipperDeps) {
  const { db, tabs } = deps;
  const running = new Map<number, Promise<void>>();
  const limits = rateLimiter(BUDGETS, deps.now);
  /** The ids a tab's page has asked about, per page: answered only for that page's own entries, a listing's worth. */
  const asked = new Map<number, { url: string; ids: Set<string> }>();
  /** Each tab's last worked-out closeness of its listing, and the work under way (a newer one stops an older). */
  const closeness = new Map<number, { key: string; result: Promise<ListingCloseness | undefined> }>();

  /**
   * The toolbar button follows the tab; an answer does not wait for it (three calls to the browser, each slow
   * while it starts). The calls are made in order, so a later badge never lands under an earlier one.
   */
  function showSaved(tabId: number, saved: number, total: number, related?: number) {
    void Promise.resolve(deps.showSaved(tabId, saved, total, related)).catch(() => {});
  }

  async function tabState(tabId: number): Promise<TabState> {
    const [page, bulk] = await Promise.all([tabs.get(tabId), deps.bulk.get(tabId)]);
    if (!page) return { papers: [], savedIds: [], ...(bulk ? { bulk } : {}) };
    if (page.listing) {
      const saved = await savedIds(db, page.listing);
      showSaved(tabId, saved.length, page.listing.length, page.related);
      return {
        url: page.url,
        papers: [],
        savedIds: saved,
        listing: { count: page.listing.length },
        ...(bulk?.url === page.url ? { bulk } : {}),
      };
    }
    // A saved paper shows as the library holds it with this page folded in: a PDF tab shows its title.
    const pageIds = page.papers.map((p) => p.id);
    const [stored, removedOrSaved] = await Promise.all([db.papers.bulkGet(pageIds), removedIds(db, pageIds)]);
    const papers = page.papers.map((paper, i) => {
      const known = stored[i];
      return known ? mergePaper(known, paper) : paper;
    });
    const ids = papers.filter((_, i) => stored[i]).map((p) => p.id);
    const removed = removedOrSaved.filter((id) => !ids.includes(id));
    showSaved(tabId, ids.length, papers.length, page.related);
    return {
      url: page.url,
      papers,
      savedIds: ids,
      ...(removed.length > 0 ? { removedIds: removed } : {}),
      ...(page.relatedHits ? { related: page.relatedHits } : {}),
    };
  }

  async function save(papers: Paper[], mode: SaveMode) {
    const written = await savePapers(db, papers, Date.now(), mode);
    if (written.length > 0) deps.libraryChanged?.();
    return written;
  }

  /** Tells the index after any change the reader makes. */
  function changed<T>(result: T[]): T[] {
    if (result.length > 0) deps.libraryChanged?.();
    return result;
  }

  /**
   * A paper page: saves its papers when asked to (or on visit), refreshes them when already saved; `show`
   * only remembers what the tab shows.
   */
  async function seePaperPage(
    tabId: number | undefined,
    navigation: number,
    url: string,
    papers: Paper[],
    mode: PageMode,
  ) {
    if (mode !== 'show') await save(papers, mode);
    const ids = await savedIds(
      db,
      papers.map((p) => p.id),
    );
    // The tab moved on while this report was handled: what it said is saved, but not pinned on the new page.
    if (tabId === undefined || deps.navigation(tabId) !== navigation) return { savedIds: ids };
    await tabs.set(tabId, { url, papers });
    const state = await tabState(tabId);
    const [paper] = papers;
    if (paper) void relatedOfPage(tabId, navigation, url, paper, ids.length === 0).catch(() => {});
    return state;
  }

  /**
   * A paper page's related papers. A page that loads asks twice at once (its report, for the badge and the
   * popup, and its chip): the question in flight is shared rather than worked out twice in the index, which
   * after a browser restart is still reading itself back.
   */
  function pageRelated(paper: Paper) {
    const ask = deps.related;
    if (!ask) return undefined;
    const question = relatedFields(paper);
    const key = JSON.stringify(question);
    let answer = relatedInFlight.get(key);
    if (!answer) {
      answer = ask(question, PAGE_RELATED_K).finally(() => relatedInFlight.delete(key));
      relatedInFlight.set(key, answer);
    }
    return answer;
  }
  const relatedInFlight = new Map<string, ReturnType<NonNullable<ClipperDeps['related']>>>();

  /** The saved papers closely related to `paper`, best first; `status` while the index is not ready. */
  async function closeTo(paper: Paper): Promise<{ items: RelatedHit[]; status?: IndexStatus }> {
    const asked = pageRelated(paper);
    if (!asked) return { items: [] };
    const { items, status } = await asked;
    return status.state === 'ready' ? { items: closeHits(items) } : { items: [], status };
  }

  /**
   * Keeps what was worked out about the tab's page beside it (still the same page): how many saved papers are
   * close to it (the badge's number, shown again when it changed) and a paper page's related papers.
   */
  async function notePage(
    tabId: number,
    navigation: number,
    url: string,
    note: Pick<TabPage, 'related' | 'relatedHits'>,
  ) {
    const page = await tabs.get(tabId);
    if (deps.navigation(tabId) !== navigation || page?.url !== url) return;
    const badgeChanged = note.related !== undefined && note.related !== page.related;
    if (!badgeChanged && !note.relatedHits) return;
    await tabs.set(tabId, { ...page, ...note });
    if (badgeChanged) await tabState(tabId);
  }

  /**
   * A paper page's related papers, asked as it is reported: kept beside the tab's page for the popup; when the
   * paper is not saved, how many are close is the badge's number.
   */
  async function relatedOfPage(
    tabId: number,
    navigation: number,
    url: string,
    paper: Paper,
    unsaved: boolean,
  ) {
    const relatedHits = await readyRelated(paper);
    if (!relatedHits) return;
    await notePage(tabId, navigation, url, {
      ...(unsaved ? { related: closeHits(relatedHits.items).length } : {}),
      relatedHits,
    });
  }

  /** A paper page's related papers as the tab keeps them; undefined while the index is not ready. */
  async function readyRelated(paper: Paper): Promise<PageRelated | undefined> {
    const answer = await pageRelated(paper);
    if (answer?.status.state !== 'ready') return undefined;
    return { paperId: paper.id, items: answer.items, librarySize: answer.librarySize };
  }

  /** The paper of the tab's page, when it shows one (not a listing). */
  const pagePaper = (page: TabPage | undefined) => (page?.listing ? undefined : page?.papers[0]);

  /** The tab's page as reported, if it still is the page at `url`. */
  async function shownPage(tabId: number | undefined, url: string): Promise<TabPage | undefined> {
    const page = tabId === undefined ? undefined : await tabs.get(tabId);
    return page?.url === url ? page : undefined;
  }

  /** A paper page's related papers and links, as the library holds it with the page folded in. */
  async function paperPanel(page: TabPage | undefined): Promise<PaperPanel> {
    const paper = pagePaper(page);
    if (!paper) return { kind: 'paper', saved: false, items: [], links: [] };
    const stored = await db.papers.get(paper.id);
    const shown = stored ? mergePaper(stored, paper) : paper;
    const { items, status } = await closeTo(shown);
    return {
      kind: 'paper',
      saved: stored !== undefined,
      items,
      links: shown.links ?? [],
      ...(status ? { status } : {}),
    };
  }

  /** Which of `ids` are saved, read from the primary key index alone; in the order of `ids`. */
  async function savedKeys(ids: string[]): Promise<string[]> {
    const found = new Set(await db.papers.where(':id').anyOf(ids).primaryKeys());
    return ids.filter((id) => found.has(id));
  }

  /**
   * Unsaved entries of the tab's listing closely related to the library, with their best match: the first
   * LISTING_RELATED_MAX unsaved entries, their records read from the page, one related query each. Worked out
   * once per page; a newer page of the tab stops the work for an older one. Undefined while the index is not
   * ready.
   */
  function listingCloseness(tabId: number, page: TabPage): Promise<ListingCloseness | undefined> {
    const navigation = deps.navigation(tabId);
    const key = `${navigation} ${page.url}`;
    const known = closeness.get(tabId);
    if (known?.key === key) return known.result;
    const current = () => closeness.get(tabId)?.key === key;
    const result = (async () => {
      const listed = page.listing ?? [];
      const saved = new Set(await savedKeys(listed));
      const unsaved = listed.filter((id) => !saved.has(id)).slice(0, LISTING_RELATED_MAX);
      const entries = unsaved.length > 0 ? await deps.readPapers(tabId, page.url, unsaved) : [];
      const related: ListingRelated[] = [];
      for (const entry of entries) {
        if (!current()) return undefined;
        if (!deps.related || !unsaved.includes(entry.id)) continue;
        const { items, status } = await deps.related(relatedFields(entry), 1);
        if (status.state !== 'ready') return undefined;
        const [match] = items;
        if (match && isClose(match.reason))
          related.push({
            id: entry.id,
            ...(entry.title ? { title: entry.title } : {}),
            ...(entry.authors?.[0] ? { firstAuthor: entry.authors[0] } : {}),
            match,
          });
      }
      return { url: page.url, navigation, checked: entries.length, related };
    })();
    closeness.set(tabId, { key, result });
    // Not ready yet, or failed: asked again later, worked out again.
    result.then(
      (done) => done === undefined && current() && closeness.delete(tabId),
      () => current() && closeness.delete(tabId),
    );
    return result;
  }

  /**
   * A listing: remembers its ids; its saved papers are refreshed from the page (`refresh`, after a load or a
   * person's click), never clipped on visit.
   */
  async function seeListing(
    tabId: number,
    navigation: number,
    page: TrustedPage,
    ids: string[],
    refresh: boolean,
  ) {
    const saved = await savedIds(db, ids);
    if (saved.length > 0 && refresh) {
      // A newer version or new links on the listing update the saved records; a failure only skips that.
      deps
        .readPapers(tabId, page.url, saved)
        .then((papers) => save(listingRecords(page, papers, saved), 'refresh'))
        .catch(() => {});
    }
    if (deps.navigation(tabId) !== navigation) return { savedIds: saved };
    await tabs.set(tabId, { url: page.url, papers: [], listing: ids });
    await tabState(tabId);
    return { savedIds: saved };
  }

  /** A listing's records as the page read them, for the ids it reported only, their source the page's own. */
  function listingRecords(page: TrustedPage, papers: Paper[], ids: Iterable<string>): Paper[] {
    const wanted = new Set(ids);
    return papers.filter((paper) => wanted.has(paper.id)).map((paper) => trustedListingPaper(page, paper));
  }

  /** The tab of a content script or the panel: every on-page request names one. */
  function senderTab(from: From): number {
    if (from.tabId === undefined) throw new ReportRefused('Papershelf answers this only for a tab.');
    return from.tabId;
  }

  /** Which of `ids` a tab's page may ask about: its own entries, a listing's worth of them. */
  function mayAsk(tabId: number, page: TrustedPage, ids: string[]): string[] {
    if (!isListingPage(page)) {
      const own = page.names && `arxiv:${page.names.arxivId}`;
      if (ids.some((id) => id !== own))
        throw new ReportRefused('A paper page asks only about its own paper.');
      return ids;
    }
    const listed = trustedListing(page, ids);
    let known = asked.get(tabId);
    if (known?.url !== page.url) {
      known = { url: page.url, ids: new Set() };
      asked.set(tabId, known);
    }
    const fresh = listed.filter((id) => !known.ids.has(id));
    if (known.ids.size + fresh.length > MAX_LISTING_IDS)
      throw new ReportRefused('This page asked about more entries than a listing shows.');
    for (const id of fresh) known.ids.add(id);
    return listed;
  }

  /**
   * Clips papers a person clicked on, on the page or in its panel: a paper they removed is not brought back
   * unless they were told and clicked again (`restore`).
   */
  async function clipClicked(papers: Paper[], restore: boolean | undefined, tabId: number) {
    const ids = papers.map((paper) => paper.id);
    const removed = restore ? [] : await removedIds(db, ids);
    if (removed.length > 0) return { savedIds: await savedIds(db, ids), removedIds: removed };
    await save(papers, restore ? 'request' : 'visit');
    await tabState(tabId);
    return { savedIds: await savedIds(db, ids) };
  }

  /** One entry of the tab's listing as the page shows it now, if the listing reported it. */
  async function listedEntry(tabId: number, page: TabPage, id: string): Promise<Paper> {
    const trusted = senderPage(page.url, page.url);
    if (!page.listing?.includes(id))
      throw new Error('This entry is not one the listing in this tab showed: reload the page and try again.');
    const [paper] = listingRecords(trusted, await deps.readPapers(tabId, page.url, [id]), [id]);
    if (!paper) throw new Error('This entry is no longer on the page: reload the page and try again.');
    return paper;
  }

  /** Clips every paper of the listing in the tab, resuming a job stopped half-way. */
  function runBulk(tabId: number): Promise<void> {
    const known = running.get(tabId);
    if (known) return known;
    const run = (async () => {
      const job = await deps.bulk.get(tabId);
      if (job?.state !== 'running') return;
      try {
        // Only what the listing reported when it was shown: entries the page added since are not clipped.
        const page = await tabs.get(tabId);
        const reported = page?.url === job.url ? (page.listing ?? []) : [];
        const papers = listingRecords(
          senderPage(job.url, job.url),
          await deps.readPapers(tabId, job.url),
          reported,
        );
        job.total = papers.length;
        for (let at = job.done; at < papers.length; at += BULK_BATCH) {
          // Papers the reader removed stay removed: clipping a whole listing is not asking for each of them.
          await save(papers.slice(at, at + BULK_BATCH), 'visit');
          job.done = Math.min(at + BULK_BATCH, papers.length);
          await deps.bulk.set(tabId, job);
        }
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        job.error =
          `${(error as Error)?.message ?? String(error)} ` +
          `${job.done} of ${job.total} papers were clipped; open the listing again to clip the rest.`;
      }
      await deps.bulk.set(tabId, job);
      await tabState(tabId).catch(() => {});
    })().finally(() => running.delete(tabId));
    running.set(tabId, run);
    return run;
  }

  const handlers: Handlers = {
    'page-papers': async ({ url, papers = [], listing, via, userActivation }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'report');
      const page = senderPage(url, from.url, via);
      // An app's move to another page that no person asked for (a script's pushState): shown, never written.
      const acted = via !== 'in-page' || userActivation === true;
      // The tab's navigation when the report arrived: by the time it is handled, the tab may have moved on.
      const navigation = deps.navigation(tabId);
      const settings = await deps.settings.get();
      const onPage = onPageSettings(settings);
      if (isListingPage(page)) {
        if (papers.length > 0) throw new ReportRefused('A listing reports the ids it shows, not papers.');
        const ids = mayAsk(tabId, page, listing ?? []);
        return { ...(await seeListing(tabId, navigation, page, ids, acted)), onPage };
      }
      if (listing) throw new ReportRefused('A paper page reports its paper, not a listing.');
      const trusted = papers.map((paper) => trustedPaper(page, paper));
      const mode = !acted ? 'show' : settings.autoClip ? 'visit' : 'refresh';
      const { savedIds } = await seePaperPage(tabId, navigation, url, trusted, mode);
      return { savedIds, onPage };
    },
    'page-saved': async ({ url, ids }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'saved', Math.max(1, ids.length));
      // The page the tab reported: its own ids only. A listing asked about while it is still parsed (before
      // its report): the ids of the document the browser says the tab loaded, a listing's worth.
      const reported = await shownPage(tabId, url);
      const own = reported && new Set(reported.listing ?? reported.papers.map((paper) => paper.id));
      if (own && ids.some((id) => !own.has(id)))
        throw new ReportRefused('This page asks only about the papers it shows.');
      const asked = own ? ids : mayAsk(tabId, senderPage(url, from.url), ids);
      // Keys only: a listing's marks need no records (2,000 saved abstracts would take a while to read).
      const savedIds = await savedKeys(asked);
      // The toolbar button follows the library as the page does (a removal in the library page, a clip on
      // another device).
      if (reported && own) showSaved(tabId, savedIds.length, own.size, reported.related);
      return { savedIds, onPage: onPageSettings(await deps.settings.get()) };
    },
    // The content script's own clips: only what its tab reported, and only while the tab still shows it.
    'clip-entry': async ({ url, id, restore }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'clip');
      const page = await shownPage(tabId, url);
      if (!page?.listing)
        throw new Error(
          'This entry is not one the listing in this tab showed: reload the page and try again.',
        );
      return clipClicked([await listedEntry(tabId, page, id)], restore, tabId);
    },
    'clip-shown': async ({ url, restore }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'clip');
      const page = await shownPage(tabId, url);
      if (!page || page.listing || page.papers.length === 0)
        throw new Error('This tab shows another page now: reload the page and try again.');
      return clipClicked(page.papers, restore, tabId);
    },
    'page-related': async ({ url }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'related');
      const panel = await paperPanel(await shownPage(tabId, url));
      return {
        saved: panel.saved,
        related: panel.items.length,
        ...(panel.status ? { status: panel.status } : {}),
      };
    },
    'listing-related': async ({ url }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'related');
      const page = await shownPage(tabId, url);
      if (!page?.listing) return { related: [], total: 0, checked: 0 };
      const navigation = deps.navigation(tabId);
      const found = await listingCloseness(tabId, page);
      if (found) await notePage(tabId, navigation, url, { related: found.related.length });
      return {
        related: found?.related.map((entry) => entry.id) ?? [],
        total: page.listing.length,
        checked: found?.checked ?? 0,
      };
    },
    'panel-content': async (_, from) => {
      const tabId = senderTab(from);
      const page = await tabs.get(tabId);
      if (!page) return undefined;
      if (!page.listing) return paperPanel(page);
      const found = await listingCloseness(tabId, page);
      const saved = new Set(await savedKeys(found?.related.map((entry) => entry.id) ?? []));
      const panel: ListingPanel = {
        kind: 'listing',
        total: page.listing.length,
        checked: found?.checked ?? 0,
        // Closest first: the most shared authors, then the most shared key terms; page order between equals.
        related: (found?.related ?? [])
          .filter((entry) => !saved.has(entry.id))
          .map((entry, i) => ({ entry, i }))
          .sort(
            (a, b) =>
              b.entry.match.reason.authors.length - a.entry.match.reason.authors.length ||
              b.entry.match.reason.terms.length - a.entry.match.reason.terms.length ||
              a.i - b.i,
          )
          .map(({ entry }) => entry),
      };
      if (!found) panel.status = { state: 'opening', done: 0, total: 0 };
      return panel;
    },
    'panel-clip': async ({ id, restore }, from) => {
      const tabId = senderTab(from);
      limits.take(tabId, 'clip');
      const page = await tabs.get(tabId);
      if (!page) throw new Error('This tab shows no paper to clip: reload the page and try again.');
      if (page.listing) return clipClicked([await listedEntry(tabId, page, id)], restore, tabId);
      const papers = page.papers.filter((paper) => paper.id === id);
      if (papers.length === 0) throw new Error('This paper is not the one this tab shows: reload the page.');
      return clipClicked(papers, restore, tabId);
    },
    'panel-show': async ({ id, close }, from) => {
      const tabId = senderTab(from);
      if (close) deps.tellTab?.(tabId, { type: 'close-panel' });
      else if (id && (await tabs.get(tabId))?.listing?.includes(id))
        deps.tellTab?.(tabId, { type: 'show-entry', id });
      return {};
    },
    'clip-link': async ({ url }) => {
      const paper = paperFromLink(url);
      if (!paper) throw new Error('This link is not to an arXiv or Hugging Face paper.');
      await save([paper], 'request');
      return { savedIds: [paper.id] };
    },
    'clip-page': async ({ tabId }) => {
      const navigation = deps.navigation(tabId);
      const { url, papers } = await deps.readPage(tabId);
      return (await seePaperPage(tabId, navigation, url, papers, 'request')) as TabState;
    },
    'tab-state': ({ tabId }) => tabState(tabId),
    'tab-related': async ({ tabId }) => {
      const page = await tabs.get(tabId);
      const paper = pagePaper(page);
      if (!paper) return {};
      // Worked out already: `tab-state` carries them too, and the index is not asked again.
      const kept = page?.relatedHits?.paperId === paper.id ? page.relatedHits : undefined;
      const related = kept ?? (await readyRelated(paper));
      return related ? { related } : {};
    },
    // What the page said, as the tab's memory holds it: never a record merged with the library.
    clip: async ({ tabId, ids }) => {
      const page = await tabs.get(tabId);
      const papers = (page?.papers ?? []).filter((paper) => !ids || ids.includes(paper.id));
      if (papers.length === 0)
        throw new Error('This tab shows no paper to clip: reload the page and try again.');
      await save(papers, 'request');
      await tabState(tabId);
      return { savedIds: papers.map((p) => p.id) };
    },
    'clip-all': async ({ tabId }) => {
      const page = await tabs.get(tabId);
      if (!page?.listing)
        throw new Error('This tab shows no listing to clip: reload the page and try again.');
      const current = await deps.bulk.get(tabId);
      if (current?.state === 'running' && current.url === page.url) return current;
      const job: BulkClip = { url: page.url, tabId, state: 'running', done: 0, total: page.listing.length };
      await deps.bulk.set(tabId, job);
      void runBulk(tabId);
      return job;
    },
    unclip: async ({ id, tabId }) => {
      const removed = changed(await removePapers(db, [id])).length > 0;
      if (tabId !== undefined) await tabState(tabId);
      return { removed };
    },
    remove: async ({ ids }) => ({ removed: changed(await removePapers(db, ids)) }),
    'undo-remove': async ({ ids, tabId }) => {
      const restored = changed(await restorePapers(db, ids));
      if (tabId !== undefined) await tabState(tabId);
      return { restored };
    },
    'edit-papers': async ({ ids, edit }) => ({
      changed: changed(await editPapers(db, ids, edit)).map((paper) => paper.id),
    }),
    recent: ({ limit }) => recentPapers(db, limit),
    'get-settings': () => deps.settings.get(),
    'set-settings': ({ type: _type, ...patch }) => deps.settings.set(patch),
  };

  return {
    /** Routes one message; rejects with a readable error for an unknown type. */
    handle<K extends ClipperRequestType>(
      message: Message<K>,
      from: From = {},
    ): Promise<Requests[K]['response']> {
      // Own keys only: `constructor` or `hasOwnProperty` is an unknown type, not an inherited function.
      const handler = (Object.hasOwn(handlers, message?.type) ? handlers[message.type] : undefined) as
        | Handlers[K]
        | undefined;
      if (!handler) return Promise.reject(new Error(`Unknown message type: ${String(message?.type)}`));
      return handler(message, from);
    },
    /**
     * "Clip the current paper" (the keyboard shortcut): the paper the tab's page reported, else whatever paper
     * the page holds, read on request (the shortcut grants activeTab). A listing is not one paper.
     */
    async clipTab(tabId: number): Promise<{ savedIds: string[] }> {
      const page = await tabs.get(tabId);
      if (page?.listing)
        throw new Error(
          'This tab shows a listing: clip its entries beside them, or all of them from the popup.',
        );
      if (page && page.papers.length > 0) return handlers.clip({ type: 'clip', tabId }, {});
      const { savedIds } = await handlers['clip-page']({ type: 'clip-page', tabId }, {});
      return { savedIds };
    },
    /**
     * A PDF tab (no DOM a content script can read: its paper comes from the URL). `shown`: it has loaded, and
     * the tab remembers its paper, written nowhere (any site can load any PDF URL in a window of its own, a
     * version the paper never had too); `read`: the reader has had it in front of them a while, and it is
     * clipped as a visited page is (refreshed only, when automatic clipping is off).
     */
    async seePdf(tabId: number, url: string, stage: 'shown' | 'read'): Promise<void> {
      const papers = papersFromUrl(url);
      if (papers.length === 0) return;
      const navigation = deps.navigation(tabId);
      const { autoClip } = await deps.settings.get();
      const mode = stage === 'shown' ? 'show' : autoClip ? 'visit' : 'refresh';
      await seePaperPage(tabId, navigation, url, papers, mode);
    },
    /** Forgets what a closed (or navigated) tab asked. */
    forgetTab(tabId: number): void {
      limits.forget(tabId);
      asked.delete(tabId);
      closeness.delete(tabId);
    },
    /** Resumes the bulk clips a stopped service worker left running (called when it starts). */
    async resumeBulk(): Promise<void> {
      const jobs = await deps.bulk.all();
      await Promise.all(jobs.filter((job) => job.state === 'running').map((job) => runBulk(job.tabId)));
    },
    /** Settles when the tab's bulk clip, if any, is over (tests). */
    bulkSettled: (tabId: number): Promise<void> => running.get(tabId) ?? Promise.resolve(),
  };
}
