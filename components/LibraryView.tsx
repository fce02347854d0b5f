import type { ComponentChildren } from 'preact';
import type { SortOrder } from '@/lib/library-index';
import type { Facets } from '@/lib/search';
import { hasFilters, type SearchFilters } from '@/lib/search-filters';
import { LibraryFacets } from './LibraryFacets';

export interface LibraryViewProps {
  /** Papers in the library. */
  total: number;
  /** How many papers match the search and filters. */
  matches: number;
  query: string;
  filters: SearchFilters;
  /** Whether the numbers shown answer a search or filters ("M of N papers"): the last search's, while pending. */
  countFiltered: boolean;
  sort: SortOrder;
  facets?: Facets;
  /** "Indexing…" while the library is read; undefined once it is searchable. */
  status?: string;
  error?: string;
  /** "Uses 12.4 MB": the space the library takes on disk; undefined when the browser does not say. */
  storage?: string;
  /** The import, in the header. */
  children?: ComponentChildren;
  /** What to do with the selected papers, shown above the list. */
  selection?: ComponentChildren;
  /** Export of the selection, the search or the library. */
  exportTools?: ComponentChildren;
  /** The list of papers. */
  list: ComponentChildren;
  /** The focused paper's details, beside the list (under it on a narrow window). */
  detail?: ComponentChildren;
  /** "Removed 2 papers · Undo". */
  toast?: ComponentChildren;
  onQuery(query: string): void;
  onFilters(filters: SearchFilters): void;
  onSort(sort: SortOrder): void;
}

export const papersCount = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'paper' : 'papers'}`;

export function isFiltered(query: string, filters: SearchFilters): boolean {
  return query.trim() !== '' || hasFilters(filters);
}

/** The library page: search, facets and sort over the list of papers, with the focused paper beside it. */
export function LibraryView(props: LibraryViewProps) {
  const { total, matches, query, filters, status, error } = props;
  return (
    <div class={`library${props.detail ? ' with-detail' : ''}`}>
      <main class="library-main">
        <header class="library-header">
          <h1>Papershelf</h1>
          <p class="library-count" data-testid="library-count" aria-live="polite">
            {props.countFiltered
              ? `${matches.toLocaleString('en')} of ${papersCount(total)}`
              : papersCount(total)}
          </p>
          {props.storage && (
            <p class="storage-usage" data-testid="storage-usage">
              {props.storage}
            </p>
          )}
          {props.children}
        </header>
        <search class="library-tools">
          <input
            type="search"
            class="library-search"
            data-testid="library-search"
            placeholder="Search titles, authors, abstracts, arXiv ids, repositories…"
            aria-label="Search the library"
            value={query}
            onInput={(e) => props.onQuery(e.currentTarget.value)}
          />
          <LibraryFacets
            facets={props.facets}
            filters={filters}
            sort={props.sort}
            onFilters={props.onFilters}
            onSort={props.onSort}
          />
        </search>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {status && <p class="status">{status}</p>}
        {!status && !error && total === 0 && (
          <p class="empty" data-testid="library-empty">
            Your library is empty. Open a paper on arXiv or Hugging Face and Papershelf clips it here.
          </p>
        )}
        {!status && total > 0 && matches === 0 && (
          <p class="empty">No paper matches{query.trim() ? ` “${query.trim()}”` : ' these filters'}.</p>
        )}
        {props.selection}
        {props.exportTools}
        <p class="hint">
          Click a paper for its details; shift-click selects a range, {isMac() ? '⌘' : 'Ctrl'}-click adds or
          takes one off.
        </p>
        {props.list}
      </main>
      {props.detail}
      {props.toast}
    </div>
  );
}

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);
