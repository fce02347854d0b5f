/** The one typed contract between the content script, the popup, the options page and the background. */
import type { StoredPaper } from './db';
import type { PaperEdit } from './library';
import type { IndexStatus, PaperHit, RelatedHit, SortOrder } from './library-index';
import type { Paper, PaperLink } from './paper';
import type { RelatedPaper } from './related';
import type { Facets, SearchFilters } from './search';
import type { OnPageSettings, Settings } from './settings';

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

/** What a paper page's chip shows: whether its paper is saved, the saved papers close to it, its links. */
export interface PageRelated {
  saved: boolean;
  /** Closely related saved papers (lib/onpage/related.ts), best first. */
  items: RelatedHit[];
  links: PaperLink[];
  /** The library index while it opens or builds (no items yet). */
  status?: IndexStatus;
}

/** An unsaved listing entry closely related to the library, and its best match there. */
export interface ListingRelated {
  id: string;
  match: RelatedHit;
}

export interface Requests {
  /**
   * Content script -> background: the papers on the page it runs in (the tab comes from the sender); on a
   * listing, only the ids it shows (`listing`).
   */
  'page-papers': {
    request: { url: string; papers?: Paper[]; listing?: string[] };
    /** `onPage`: the settings the content script follows (marks, chip, automatic clipping). */
    response: { savedIds: string[]; onPage?: OnPageSettings };
  };
  /**
   * Content script -> background: which of a listing's ids are saved, and the on-page settings; asked before
   * the listing is read whole, so that its marks show at once (a 2,000-entry listing takes ~200 ms to read).
   */
  'page-saved': { request: { ids: string[] }; response: { savedIds: string[]; onPage: OnPageSettings } };
  /** Content script -> background: clip one entry of the tab's listing (only an id that listing reported). */
  'clip-entry': { request: { url: string; paper: Paper }; response: { savedIds: string[] } };
  /** Content script -> background: clip the paper of the page in its tab, as reported (the chip's "Clip"). */
  'clip-shown': { request: { url: string }; response: { savedIds: string[] } };
  /** Content script -> background: what the chip of the paper page in its tab shows. */
  'page-related': { request: { url: string }; response: PageRelated };
  /**
   * Content script -> background: which of these unsaved entries of the tab's listing are closely related to
   * the library (worked out in the library index, one entry at a time).
   */
  'listing-related': {
    request: { url: string; papers: RelatedPaper[] };
    response: { related: ListingRelated[] };
  };
  /** The link menu -> background: clip the paper a link names, incomplete until its page is visited. */
  'clip-link': { request: { url: string }; response: { savedIds: string[] } };
  /** Popup -> background: read any scholarly page on request ("Clip this page") and save what it holds. */
  'clip-page': { request: { tabId: number }; response: TabState };
  'tab-state': { request: { tabId: number }; response: TabState };
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
      status: IndexStatus;
      overtaken?: true;
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
}

/** The requests the library index answers; the background passes them on to wherever it runs. */
export const INDEX_REQUESTS = [
  'search',
  'related',
  'facets',
  'index-status',
  'index-sync',
  'import-start',
  'import-cancel',
] as const satisfies readonly RequestType[];
export type IndexRequestType = (typeof INDEX_REQUESTS)[number];

export type RequestType = keyof Requests;
export type Message<K extends RequestType = RequestType> = { type: K } & Requests[K]['request'];
export type Reply<K extends RequestType> =
  | { ok: true; value: Requests[K]['response'] }
  | { ok: false; error: string };
