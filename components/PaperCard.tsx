import { authorLine, excerpt } from '@/lib/format';
import type { Paper } from '@/lib/paper';
import { CodeLinks } from './CodeLinks';

export interface PaperCardProps {
  paper: Paper;
  saved: boolean;
  busy: boolean;
  onToggle(): void;
}

/**
 * The paper of the current tab: what it is, its code and other links right under the title (what readers
 * come for), whether it is in the library, and the toggle that changes that.
 */
export function PaperCard({ paper, saved, busy, onToggle }: PaperCardProps) {
  return (
    <article class="paper-card" data-testid="current-paper">
      <h1 class="paper-title" data-testid="paper-title">
        {paper.title ?? (paper.arxivId ? `arXiv:${paper.arxivId}` : 'Untitled paper')}
      </h1>
      <CodeLinks links={paper.links} />
      {paper.authors && paper.authors.length > 0 && (
        <p class="paper-authors" data-testid="paper-authors" title={paper.authors.join(', ')}>
          {authorLine(paper.authors)}
        </p>
      )}
      <p class="paper-meta">
        {[
          paper.arxivId && `arXiv:${paper.arxivId}${paper.version ? `v${paper.version}` : ''}`,
          paper.primaryCategory,
        ]
          .filter(Boolean)
          .join(' · ')}
        {paper.incomplete && ' · details arrive when you open its abstract page'}
      </p>
      {paper.abstract && (
        <p class="paper-abstract" data-testid="paper-abstract">
          {excerpt(paper.abstract)}
        </p>
      )}
      <button
        type="button"
        class={saved ? 'clip-toggle saved' : 'clip-toggle'}
        data-testid="clip-toggle"
        data-state={saved ? 'saved' : 'unsaved'}
        aria-pressed={saved}
        disabled={busy}
        onClick={onToggle}
      >
        {saved ? '✓ In your library (click to remove)' : 'Clip to library'}
      </button>
    </article>
  );
}
