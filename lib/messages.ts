/** The one typed contract between the content script, the popup, the options page and the background. */
import type { StoredPaper } from './db';
import type { PaperEdit } from './library';
import type { IndexStatus, PaperHit, RelatedHit, SortOrder } from './library-index';
import type { Paper, PaperLink } from './paper';
import type { RelatedPaper } from './related';
import type { Facets, SearchFilters } from './search';
import type { OnPageSettings, Settings } from './settings';
import type { SyncStatus } from './sync/status';

/** What the popup needs to show for a tab. */
export interface TabState {
  url?: string;
  /** The paper page's papers, as the library holds them with the page folded in; empty on a listing. */
  papers: Paper[];
  /** Canonical ids of the tab's papers that are in the library. */
  savedIds: string[];
  /** Canonical ids of the tab's papers the reader removed (a visit does not clip them again). */
  removedIds?: string[];
  /** A listing: how many papers it shows. */
  listing?: { count: number };
  /** The listing's bulk clip, running or finished. */
  bulk?: BulkClip;
  /** A paper page: its related papers as worked out when the page was reported (the popup's first answer). */
  related?: PageRelated;
}

/** The related papers of a tab's paper, worked out when the page was reported. */
export interface PageRelated {
  paperId: string;
  items: RelatedHit[];
  librarySize: number;
}

/** "Clip all" of a listing, run by the background; kept beside the tab so that it can be resumed. */
export interface BulkClip {
  tabId: number;
  url: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error?: string;
}

/** Background -> a content script: the full records of the papers its page shows (`ids` only, when given). */
export interface ReadPapersRequest {
  type: 'read-papers';
  /** The page the background means: a tab that moved on answers with an error. */
  url: string;
  ids?: string[];
}

export type ReadPapersReply = { ok: true; value: Paper[] } | { ok: false; error: string };

/**
 * Background -> the content scripts of the tabs it holds a page for: the library changed (a clip from the popup,
 * a removal in the library page); the page asks again which of its papers are saved.
 */
export interface LibraryChangedNotice {
  type: 'library-changed';
}

/** What a paper page's chip tells its content script: no more than the chip draws (titles stay in the panel). */
export interface PageRelatedCount {
  saved: boolean;
  /** How many saved papers are close to the page's paper (lib/onpage/related.ts). */
  related: number;
  /** The library index while it opens or builds (no count yet). */
  status?: IndexStatus;
}

/** What the on-page panel (an extension page framed in the tab) shows of a paper page. */
export interface PaperPanel {
  kind: 'paper';
  saved: boolean;
  /** Closely related saved papers, best first. */
  items: RelatedHit[];
  links: PaperLink[];
  status?: IndexStatus;
}

/** An unsaved listing entry close to the library: what the page says of it, and its best match there. */
export interface ListingRelated {
  id: string;
  title?: string;
  firstAuthor?: string;
  match: RelatedHit;
}

/** What the on-page panel shows of a listing: its entries close to the library, closest first. */
export interface ListingPanel {
  kind: 'listing';
  /** Entries the listing shows. */
  total: number;
  /** Unsaved entries looked at (the first LISTING_RELATED_MAX of them). */
  checked: number;
  related: ListingRelated[];
  status?: IndexStatus;
}

/** How a content script's report came: with the page's load, or after an in-page navigation (Hugging Face). */
export interface ReportOrigin {
  /** `in-page`: the app moved to this URL without a load; arXiv pages never do. */
  via?: 'load' | 'in-page';
  /** For `in-page`: whether a person had just clicked or typed (`navigator.userActivation.isActive`). */
  userActivation?: boolean;
}

/** Background -> the content script: the panel asks the page to show an entry (a click on it in the panel). */
export interface ShowEntryNotice {
  type: 'show-entry';
  id: string;
}

/** Background -> the content script: the reader closed the panel from inside it. */
export interface ClosePanelNotice {
  type: 'close-panel';
}

/** What a content script hears from the extension. */
export type ContentNotice = ReadPapersRequest | LibraryChangedNotice | ShowEntryNotice | ClosePanelNotice;

export interface Requests {
  /**
   * Content script -> background: the papers on the page it runs in (the tab comes from the sender); on a
   * listing, only the ids it shows (`listing`). The background takes the page's kind and URL from the sender,
   * never from the papers, and answers only which of them are saved.
   */
  'page-papers': {
    request: { url: string; papers?: Paper[]; listing?: string[] } & ReportOrigin;
    /** `onPage`: the settings the content script follows (marks, chip, automatic clipping). */
    response: { savedIds: string[]; onPage: OnPageSettings };
  };
  /**
   * Content script -> background: which of a listing's ids are saved, and the on-page settings; asked before
   * the listing is read whole, so that its marks show at once (a 2,000-entry listing takes ~200 ms to read).
   * Only ids of the tab's own page are answered, a bounded number of them.
   */
  'page-saved': {
    request: { url: string; ids: string[] };
    response: { savedIds: string[]; onPage: OnPageSettings };
  };
  /**
   * Content script -> background: clip one entry of the tab's listing, by an id that listing reported (the
   * background reads its record from the page). A paper the reader removed is not brought back unless
   * `restore` says the reader was told and clicked again: `removedIds` says so.
   */
  'clip-entry': {
    request: { url: string; id: string; restore?: boolean };
    response: { savedIds: string[]; removedIds?: string[] };
  };
  /** Content script -> background: clip the paper of the page in its tab, as reported (the chip's "Clip"). */
  'clip-shown': {
    request: { url: string; restore?: boolean };
    response: { savedIds: string[]; removedIds?: string[] };
  };
  /** Content script -> background: what the chip of the paper page in its tab counts. */
  'page-related': { request: { url: string }; response: PageRelatedCount };
  /**
   * Content script -> background: which unsaved entries of the tab's listing are closely related to the
   * library (the background reads their records from the page, and works them out in the library index).
   */
  'listing-related': {
    request: { url: string };
    response: { related: string[]; total: number; checked: number };
  };
  /** The on-page panel -> background: what to show for the page of the tab it is framed in. */
  'panel-content': { request: Record<never, never>; response: PaperPanel | ListingPanel | undefined };
  /** The on-page panel -> background: clip a paper of its tab's page (an entry of a listing, by id). */
  'panel-clip': {
    request: { id: string; restore?: boolean };
    response: { savedIds: string[]; removedIds?: string[] };
  };
  /** The on-page panel -> background: show an entry of the listing in its tab, or close the panel. */
  'panel-show': { request: { id?: string; close?: boolean }; response: Record<never, never> };
  /** The link menu -> background: clip the paper a link names, incomplete until its page is visited. */
  'clip-link': { request: { url: string }; response: { savedIds: string[] } };
  /** Popup -> background: read any scholarly page on request ("Clip this page") and save what it holds. */
  'clip-page': { request: { tabId: number }; response: TabState };
  'tab-state': { request: { tabId: number }; response: TabState };
  /**
   * Popup -> background, as it opens: the related papers of the tab's paper page, once the index answers (the
   * question the page's report asked is shared while in flight); none for a listing or a tab not reported.
   */
  'tab-related': { request: { tabId: number }; response: { related?: PageRelated } };
  /** Popup -> background: clip the tab's papers (only `ids`, when given) as its page reported them. */
  clip: { request: { tabId: number; ids?: string[] }; response: { savedIds: string[] } };
  /** Popup -> background: clip every paper of the listing in the tab; the popup then watches `tab-state`. */
  'clip-all': { request: { tabId: number }; response: BulkClip };
  unclip: { request: { id: string; tabId?: number }; response: { removed: boolean } };
  /** Removes papers (remembered, so that it can be undone); resolves to the ids removed. */
  remove: { request: { ids: string[] }; response: { removed: string[] } };
  'undo-remove': { request: { ids: string[]; tabId?: number }; response: { restored: string[] } };
  /** Tags, note, reading state and star of papers. */
  'edit-papers': { request: { ids: string[]; edit: PaperEdit }; response: { changed: string[] } };
  recent: { request: { limit: number }; response: StoredPaper[] };
  'get-settings': { request: Record<never, never>; response: Settings };
  'set-settings': { request: Partial<Settings>; response: Settings };
  /** Pages -> the library index (through the background): the papers matching a query, best first. */
  search: {
    request: {
      query: string;
      filters?: SearchFilters;
      offset?: number;
      limit: number;
      withHits?: boolean;
      /** The records of `ids` with the answer: a page whose own reads of the library would come late. */
      withPapers?: boolean;
      sort?: SortOrder;
      /** The asking page (any id of its own): a search it has since replaced is answered `overtaken`. */
      client?: string;
    };
    /** `hits`: display rows of `ids`, when asked for; `status`: the index is still opening or building. */
    /**
     * `total`: papers matching; `size`: papers in the library (a count of the papers table walks all of it in
     * Chromium: ~100 ms at 50k, too slow for a keystroke).
     */
    response: {
      total: number;
      size?: number;
      ids: string[];
      hits?: PaperHit[];
      /** With `withPapers`: the records of `ids` (those still in the library), in their order. */
      papers?: StoredPaper[];
      status: IndexStatus;
      overtaken?: true;
      /**
       * Answered while the search index is still read back after a restart, from the words of titles and
       * abstracts alone (LibraryIndex.findWhileOpening): to be asked again once the index is `ready`.
       */
      provisional?: true;
    };
  };
  /** Pages -> the library index: the saved papers most related to a paper, saved or not. */
  related: {
    request: { paper: RelatedPaper; k: number };
    response: { items: RelatedHit[]; librarySize: number; status: IndexStatus };
  };
  /** The library's facets with their counts; undefined while the index is being built. */
  facets: { request: Record<never, never>; response: Facets | undefined };
  /** `size`: papers in the library, once the index is ready (a count of the papers table walks all of it). */
  'index-status': { request: Record<never, never>; response: IndexStatus & { size?: number } };
  /** Background -> the library index: the library changed, catch up now (keeps it warm). */
  'index-sync': { request: Record<never, never>; response: { changed: number } };
  /** Library page -> the library index: import the reading list stored under `key` (lib/imports.ts). */
  'import-start': { request: { key: string }; response: Record<never, never> };
  'import-cancel': { request: { key: string }; response: Record<never, never> };
  /** Extension pages -> sync (lib/sync): where it stands. */
  'sync-status': { request: Record<never, never>; response: SyncStatus };
  /** Options page -> sync: connect to a server (checked before anything is sent); rejects with the reason. */
  'sync-connect': {
    request: { url: string; user: string; password: string; passphrase: string };
    response: SyncStatus;
  };
  /** Options page -> sync: pull and push now; retry an unreachable server at once. */
  'sync-now': { request: Record<never, never>; response: SyncStatus };
  /** Options page -> sync: stop syncing, keep the library. */
  'sync-disconnect': { request: Record<never, never>; response: SyncStatus };
}

/** Sync's requests: answered beside the library index, in its worker, where replication runs. */
export const SYNC_REQUESTS = [
  'sync-status',
  'sync-connect',
  'sync-now',
  'sync-disconnect',
] as const satisfies readonly RequestType[];
export type SyncRequestType = (typeof SYNC_REQUESTS)[number];

/** The requests the library index's worker answers (the index, and sync); the background passes them on. */
export const INDEX_REQUESTS = [
  'search',
  'related',
  'facets',
  'index-status',
  'index-sync',
  'import-start',
  'import-cancel',
  ...SYNC_REQUESTS,
] as const satisfies readonly RequestType[];
export type IndexRequestType = (typeof INDEX_REQUESTS)[number];

export type RequestType = keyof Requests;
export type Message<K extends RequestType = RequestType> = { type: K } & Requests[K]['request'];
export type Reply<K extends RequestType> =
  | { ok: true; value: Requests[K]['response'] }
  | { ok: false; error: string };

// Every request of the contract at run time, for the rules and their tests: a request added to `Requests` does
// not compile until it is listed here.
const REQUEST_TYPE_SET: Record<RequestType, true> = {
  'page-papers': true,
  'page-saved': true,
  'clip-entry': true,
  'clip-shown': true,
  'page-related': true,
  'listing-related': true,
  'panel-content': true,
  'panel-clip': true,
  'panel-show': true,
  'clip-link': true,
  'clip-page': true,
  'tab-state': true,
  'tab-related': true,
  clip: true,
  'clip-all': true,
  unclip: true,
  remove: true,
  'undo-remove': true,
  'edit-papers': true,
  recent: true,
  'get-settings': true,
  'set-settings': true,
  search: true,
  related: true,
  facets: true,
  'index-status': true,
  'index-sync': true,
  'import-start': true,
  'import-cancel': true,
  'sync-status': true,
  'sync-connect': true,
  'sync-now': true,
  'sync-disconnect': true,
};
export const REQUEST_TYPES = Object.keys(REQUEST_TYPE_SET) as RequestType[];
