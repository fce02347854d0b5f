import { useState } from 'preact/hooks';
import type { PageRelated } from '@/lib/messages';
import { CodeLinks } from '../CodeLinks';
import { reasonText } from '../RelatedList';

export interface PaperChipProps {
  /**
   * In the library. Not saved, the chip offers "Clip": with automatic clipping off, or on a paper the reader
   * removed (a visit does not clip it again).
   */
  saved: boolean;
  /** Undefined while the library index answers. */
  related?: PageRelated;
  clipping?: boolean;
  error?: string;
  onClip(): void;
}

/** "In your library · 3 related" (or "3 related in your library"). */
export function chipText(saved: boolean, related: number | undefined): string {
  if (related === undefined) return saved ? 'In your library' : 'Papershelf';
  if (saved) return related > 0 ? `In your library · ${related} related` : 'In your library';
  return related > 0 ? `${related} related in your library` : 'Not in your library';
}

/** A paper page's corner chip; a click opens the related papers of the library and the paper's links. */
export function PaperChip({ saved, related, clipping, error, onClip }: PaperChipProps) {
  const [open, setOpen] = useState(false);
  const count = related && !related.status ? related.items.length : undefined;
  return (
    <div class="chip-box">
      {open && (
        <section class="panel" data-testid="papershelf-panel" aria-label="Papershelf">
          <h2>Related in your library</h2>
          {related === undefined ? (
            <p class="empty">Looking in your library…</p>
          ) : related.status && related.status.state !== 'ready' ? (
            <p class="empty">
              {related.status.state === 'building' ? 'Indexing your library…' : 'Opening your library…'}
            </p>
          ) : related.items.length === 0 ? (
            <p class="empty">Nothing in your library is close to this paper yet.</p>
          ) : (
            <ol>
              {related.items.map((item) => (
                <li key={item.id} data-testid="papershelf-related">
                  <a href={item.url} target="_blank" rel="noreferrer">
                    {item.title}
                  </a>
                  <span class="byline">{[item.firstAuthor, item.year].filter(Boolean).join(' · ')}</span>
                  <span class="reason">{reasonText(item.reason)}</span>
                </li>
              ))}
            </ol>
          )}
          {related && related.links.length > 0 && (
            <>
              <h2>Code and links</h2>
              <CodeLinks links={related.links} />
            </>
          )}
        </section>
      )}
      <div class="chip-row">
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
        {!saved && (
          <button
            type="button"
            class="chip-clip"
            data-testid="papershelf-chip-clip"
            disabled={clipping}
            onClick={onClip}
          >
            {clipping ? 'Clipping…' : 'Clip'}
          </button>
        )}
        <button
          type="button"
          class="chip"
          data-testid="papershelf-chip"
          data-saved={String(saved)}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {chipText(saved, count)}
        </button>
      </div>
    </div>
  );
}
