import type { StoredPaper } from '@/lib/db';
import { authorLine } from '@/lib/format';
import { CodeLinks } from './CodeLinks';

export interface PaperRowProps {
  paper: StoredPaper;
  /** Set while its removal is on its way to the background. */
  removing: boolean;
  onRemove(id: string): void;
}

/** One paper of the library: title (opening its page), authors, id, category, date, and its code. */
export function PaperRow({ paper, removing, onRemove }: PaperRowProps) {
  const meta = [
    paper.arxivId && `arXiv:${paper.arxivId}`,
    paper.primaryCategory ?? paper.categories?.[0],
    paper.submitted ?? paper.updated,
  ].filter(Boolean);
  return (
    <li class="paper-row" data-testid="library-item" data-id={paper.id}>
      <div class="paper-row-main">
        <a class="paper-row-title" href={paper.absUrl ?? paper.source.url} target="_blank" rel="noreferrer">
          {paper.title ?? paper.id}
        </a>
        {paper.authors && paper.authors.length > 0 && (
          <p class="paper-row-authors" title={paper.authors.join(', ')}>
            {authorLine(paper.authors, 4)}
          </p>
        )}
        <p class="paper-row-meta">{meta.join(' · ')}</p>
        <CodeLinks links={paper.links} kinds={['code']} />
      </div>
      <button
        type="button"
        class="paper-row-remove"
        data-testid="library-remove"
        disabled={removing}
        aria-label={`Remove ${paper.title ?? paper.id} from the library`}
        onClick={() => onRemove(paper.id)}
      >
        {removing ? 'Removing…' : 'Remove'}
      </button>
    </li>
  );
}
