import type { ComponentChildren } from 'preact';
import type { StoredPaper } from '@/lib/db';
import type { SearchFilters } from '@/lib/search';
import { PaperRow } from './PaperRow';

export interface LibraryViewProps {
  /** Papers in the library. */
  total: number;
  /** How many papers match the search and filters. */
  matches: number;
  /** The first of them, best first: the rows drawn. */
  rows: StoredPaper[];
  query: string;
  /** Set while the rows shown are not yet those of the query typed. */
  pending: boolean;
  filters: SearchFilters;
  /** Categories present in the library, with their number of papers. */
  categories: [string, number][];
  /** "Indexing…" while the library is read; undefined once it is searchable. */
  status?: string;
  error?: string;
  removing: Set<string>;
  /** More tools in the header: the import. */
  children?: ComponentChildren;
  onQuery(query: string): void;
  onFilters(filters: SearchFilters): void;
  onShowMore(): void;
  onRemove(id: string): void;
}

const papers = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'paper' : 'papers'}`;

/** The library page: search box and filters over the list of papers, drawn a hundred at a time. */
export function LibraryView(props: LibraryViewProps) {
  const { total, matches, rows, query, filters, categories, status, error } = props;
  const filtered = query.trim() !== '' || filters.hasCode || filters.category;
  return (
    <main class="library">
      <header class="library-header">
        <h1>Papershelf</h1>
        <p class="library-count" data-testid="library-count" aria-live="polite">
          {filtered ? `${matches.toLocaleString('en')} of ${papers(total)}` : papers(total)}
        </p>
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
        <select
          data-testid="filter-category"
          aria-label="Category"
          value={filters.category ?? ''}
          onChange={(e) => props.onFilters({ ...filters, category: e.currentTarget.value || undefined })}
        >
          <option value="">All categories</option>
          {categories.map(([category, count]) => (
            <option key={category} value={category}>
              {category} ({count})
            </option>
          ))}
        </select>
        <label class="library-filter">
          <input
            type="checkbox"
            data-testid="filter-has-code"
            checked={filters.hasCode ?? false}
            onChange={(e) => props.onFilters({ ...filters, hasCode: e.currentTarget.checked || undefined })}
          />
          Has code
        </label>
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
      <ol class="library-list" aria-busy={props.pending}>
        {rows.map((paper) => (
          <PaperRow
            key={paper.id}
            paper={paper}
            removing={props.removing.has(paper.id)}
            onRemove={props.onRemove}
          />
        ))}
      </ol>
      {matches > rows.length && (
        <button type="button" class="show-more" data-testid="show-more" onClick={props.onShowMore}>
          Show more ({(matches - rows.length).toLocaleString('en')} left)
        </button>
      )}
    </main>
  );
}
