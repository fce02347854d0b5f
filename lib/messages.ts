/** The one typed contract between the content script, the popup, the options page and the background. */
import type { StoredPaper } from './db';
import type { Paper } from './paper';
import type { Settings } from './settings';

/** What the popup needs to show for a tab. */
export interface TabState {
  url?: string;
  papers: Paper[];
  /** Canonical ids of the tab's papers that are in the library. */
  savedIds: string[];
}

export interface Requests {
  /** Content script -> background: the papers on the page it runs in (the tab comes from the sender). */
  'page-papers': { request: { url: string; papers: Paper[] }; response: { savedIds: string[] } };
  /** Popup -> background: read any scholarly page on request ("Clip this page") and save what it holds. */
  'clip-page': { request: { tabId: number }; response: TabState };
  'tab-state': { request: { tabId: number }; response: TabState };
  /** Save (or refresh) papers in the library. */
  clip: { request: { papers: Paper[]; tabId?: number }; response: { savedIds: string[] } };
  unclip: { request: { id: string; tabId?: number }; response: { removed: boolean } };
  recent: { request: { limit: number }; response: StoredPaper[] };
  'get-settings': { request: Record<never, never>; response: Settings };
  'set-settings': { request: Partial<Settings>; response: Settings };
}

export type RequestType = keyof Requests;
export type Message<K extends RequestType = RequestType> = { type: K } & Requests[K]['request'];
export type Reply<K extends RequestType> =
  | { ok: true; value: Requests[K]['response'] }
  | { ok: false; error: string };
