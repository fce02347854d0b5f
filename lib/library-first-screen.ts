/**
 * The library page's first screen as it last showed it, kept in the extension's `localStorage` (read
 * synchronously in the page's own process; only extension pages can read or write it). Two copies:
 * - the newest clips and the library's size, from which the page's app draws its first rows before IndexedDB
 *   answers (after a browser restart IndexedDB runs the page's reads behind the index reading itself back);
 * - the markup those rows were drawn as, which a small classic script puts in place while the HTML is parsed,
 *   before the page's modules are even loaded (after a restart they take 200-400 ms to load and run). That copy
 *   is inert: it shows, it does not act, and the app replaces it as it starts.
 * The markup is what Preact rendered (text escaped, links http(s) only), and the extension's CSP runs no inline
 * script or handler, so drawing it back runs nothing.
 */
import type { StoredPaper } from './db';

const ROWS_KEY = 'papershelf-first-screen';
const MARKUP_KEY = 'papershelf-first-screen-markup';

export interface FirstScreen {
  total: number;
  rows: StoredPaper[];
}

export function keptFirstScreen(): FirstScreen | undefined {
  try {
    const kept = JSON.parse(localStorage.getItem(ROWS_KEY) ?? 'null') as Partial<FirstScreen> | null;
    return kept && typeof kept.total === 'number' && Array.isArray(kept.rows)
      ? { total: kept.total, rows: kept.rows }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the rows and the markup of `root` showing them, for the next time the page opens. */
export function keepFirstScreen(screen: FirstScreen, root: Element | null): void {
  try {
    localStorage.setItem(ROWS_KEY, JSON.stringify(screen));
    if (root) localStorage.setItem(MARKUP_KEY, root.innerHTML);
  } catch {
    // Not kept (storage full or off): the page reads IndexedDB as it opens, as without it.
  }
}

/** Puts the kept markup in `root`, inert, when the page opens on the newest clips (no search in its URL). */
export function drawKeptMarkup(root: HTMLElement | null): void {
  if (!root || location.search !== '') return;
  try {
    const markup = localStorage.getItem(MARKUP_KEY);
    if (!markup) return;
    root.inert = true;
    root.innerHTML = markup;
  } catch {
    // Nothing drawn: the app draws the page as it starts.
  }
}

/** The app takes `root` over: the kept markup, if any, goes, and the page acts again. */
export function takeOver(root: HTMLElement): void {
  root.replaceChildren();
  root.inert = false;
}
