import type { IndexStatus, PaperHit } from '@/lib/library-index';
import { webHref } from '@/lib/web-url';

export interface SearchResultsProps {
  query: string;
  hits?: PaperHit[];
  total: number;
  status?: IndexStatus;
  /** The result the arrow keys are on; Enter opens it. */
  active: number;
  /** The library page showing every match of the query. */
  allUrl: string;
}

/** The popup's search over the whole library: the best matches, each opening the paper. */
export function SearchResults({ query, hits, total, status, active, allUrl }: SearchResultsProps) {
  if (status?.state === 'building') {
    return (
      <p class="empty" data-testid="search-status">
        Indexing your library: {status.done.toLocaleString('en')} of {status.total.toLocaleString('en')}{' '}
        papers. Search works once this is done.
      </p>
    );
  }
  if (status?.state === 'failed') {
    return (
      <p class="error" role="alert">
        The library index failed: {status.error ?? 'unknown error'}
      </p>
    );
  }
  if (hits === undefined) return <p class="empty">Searching…</p>;
  if (hits.length === 0) {
    return (
      <p class="empty" data-testid="search-empty">
        Nothing in your library matches “{query}”.
      </p>
    );
  }
  return (
    <section class="search-results" aria-label="Search results">
      <ol id="search-results" class="results-list">
        {hits.map((hit, i) => (
          <li key={hit.id} data-testid="search-result" class={i === active ? 'active' : undefined}>
            <a
              href={webHref(hit.url)}
              target="_blank"
              rel="noreferrer"
              aria-current={i === active ? 'true' : undefined}
            >
              {hit.title}
            </a>
            <span class="related-byline">{[hit.firstAuthor, hit.year].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ol>
      {total > hits.length && (
        <p class="more">
          <a href={allUrl} target="_blank" rel="noreferrer">
            See all {total.toLocaleString('en')} in the library
          </a>
        </p>
      )}
    </section>
  );
}
