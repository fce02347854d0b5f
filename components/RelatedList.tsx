import type { IndexStatus, RelatedHit } from '@/lib/library-index';
import { webHref } from '@/lib/web-url';

export interface RelatedListProps {
  /** Undefined while the answer is on its way. */
  items?: RelatedHit[];
  /** Papers in the library other than this one. */
  others: number;
  status?: IndexStatus;
  error?: string;
}

/** Rows kept while loading, so nothing below jumps when the answer arrives. */
const SLOTS = 5;

/**
 * "Related in your library": the saved papers closest to the tab's paper, each with a short true reason
 * (the key terms and authors both share). Its height is fixed while it loads.
 */
export function RelatedList({ items, others, status, error }: RelatedListProps) {
  return (
    <section class="related" data-testid="related" aria-busy={items === undefined}>
      <h2>Related in your library</h2>
      {error ? (
        <p class="empty" role="alert">
          Related papers could not be found: {error}
        </p>
      ) : status && status.state !== 'ready' ? (
        <p class="empty" data-testid="related-status">
          {status.state === 'building'
            ? `Indexing your library: ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')} papers…`
            : status.state === 'failed'
              ? `The library index failed: ${status.error ?? 'unknown error'}`
              : 'Opening your library…'}
        </p>
      ) : items === undefined ? (
        <ol class="related-list loading">
          {Array.from({ length: SLOTS }, (_, i) => (
            <li key={i} class="related-slot" />
          ))}
        </ol>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="related-empty">
          {others === 0
            ? 'Papers from your library that are like this one will appear here once you have clipped a few more.'
            : 'Nothing in your library is close to this paper yet.'}
        </p>
      ) : (
        <ol class="related-list">
          {items.map((item) => (
            <li key={item.id} data-testid="related-item">
              <a href={webHref(item.url)} target="_blank" rel="noreferrer">
                {item.title}
              </a>
              <span class="related-byline">{[item.firstAuthor, item.year].filter(Boolean).join(' · ')}</span>
              <span class="related-reason" data-testid="related-reason">
                {reasonText(item.reason)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** "mixture-of-experts, load balancing · 2 shared authors". */
export function reasonText({ terms, authors }: RelatedHit['reason']): string {
  const shared =
    authors.length === 0
      ? ''
      : authors.length === 1
        ? `shared author ${authors[0]}`
        : `${authors.length} shared authors`;
  return [terms.join(', '), shared].filter(Boolean).join(' · ');
}
