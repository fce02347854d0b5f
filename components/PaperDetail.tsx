import type { StoredPaper } from '@/lib/db';
import type { PaperEdit } from '@/lib/library';
import type { IndexStatus, RelatedHit } from '@/lib/library-index';
import { webHref } from '@/lib/web-url';
import { CodeLinks } from './CodeLinks';
import { paperMeta, paperTitle, VersionUpdate } from './PaperRow';
import { ReaderControls } from './ReaderControls';
import { RelatedList } from './RelatedList';

export interface PaperDetailProps {
  paper: StoredPaper;
  related: { items?: RelatedHit[]; others: number; status?: IndexStatus; error?: string };
  onEdit(id: string, edit: PaperEdit): void;
  onClose(): void;
}

/**
 * The focused paper: abstract, every link, what the reader keeps on it (the popup's controls: reading state, star,
 * tags, a note saved after a pause in typing and on leaving it) and related papers in the library.
 */
export function PaperDetail({ paper, related, onEdit, onClose }: PaperDetailProps) {
  const title = paperTitle(paper);
  return (
    <aside class="detail" data-testid="paper-detail" data-id={paper.id} aria-label={`Details of ${title}`}>
      <div class="detail-head">
        <h2 class="detail-title">
          <a href={webHref(paper.absUrl ?? paper.source.url)} target="_blank" rel="noreferrer">
            {title}
          </a>
        </h2>
        <button type="button" class="detail-close" aria-label="Close the details" onClick={onClose}>
          ×
        </button>
      </div>
      {paper.authors && paper.authors.length > 0 && <p class="detail-authors">{paper.authors.join(', ')}</p>}
      <p class="paper-row-meta">{paperMeta(paper)}</p>
      <VersionUpdate paper={paper} />
      {paper.abstract && (
        <p class="detail-abstract" data-testid="detail-abstract">
          {paper.abstract}
        </p>
      )}
      <CodeLinks links={paper.links} />
      <ReaderControls key={paper.id} paper={paper} onEdit={(edit) => onEdit(paper.id, edit)} />
      <RelatedList {...related} />
    </aside>
  );
}
