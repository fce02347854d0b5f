import { useState } from 'preact/hooks';
import type { StoredPaper } from '@/lib/db';
import { excerpt } from '@/lib/format';
import type { PaperEdit } from '@/lib/library';
import type { Paper } from '@/lib/paper';
import { CodeLinks } from './CodeLinks';
import { CopyBibtex } from './CopyBibtex';
import { ReaderControls } from './ReaderControls';

export interface PaperCardProps {
  /** As the library holds it, when saved: with the reader's tags, note, state and the version they clipped. */
  paper: Paper & Partial<StoredPaper>;
  saved: boolean;
  /** The reader removed this paper: a visit does not clip it again. */
  removed: boolean;
  busy: boolean;
  onToggle(): void;
  onEdit(edit: PaperEdit): void;
}

/** Authors, shortened to the first and "et al." when many; the whole list one click away. */
function Authors({ authors }: { authors: string[] }) {
  const [all, setAll] = useState(false);
  const many = authors.length > 3;
  return (
    <p class="paper-authors" data-testid="paper-authors" title={authors.join(', ')}>
      {!many || all ? authors.join(', ') : `${authors[0]} et al.`}
      {many && (
        <button
          type="button"
          class="link-button"
          data-testid="authors-toggle"
          aria-expanded={all}
          onClick={() => setAll(!all)}
        >
          {all ? 'fewer' : `all ${authors.length} authors`}
        </button>
      )}
    </p>
  );
}

/**
 * The paper of the current tab: what it is, its code and other links right under the title (what readers
 * come for), whether it is in the library, and the toggle that changes that.
 */
export function PaperCard({ paper, saved, removed, busy, onToggle, onEdit }: PaperCardProps) {
  return (
    <article class="paper-card" data-testid="current-paper">
      <h1 class="paper-title" data-testid="paper-title">
        {paper.title ?? (paper.arxivId ? `arXiv:${paper.arxivId}` : 'Untitled paper')}
      </h1>
      <CodeLinks links={paper.links} />
      {paper.authors && paper.authors.length > 0 && <Authors authors={paper.authors} />}
      <p class="paper-meta" data-testid="paper-meta">
        {[
          paper.arxivId && `arXiv:${paper.arxivId}${paper.version ? `v${paper.version}` : ''}`,
          (paper.categories ?? (paper.primaryCategory ? [paper.primaryCategory] : [])).join(', '),
        ]
          .filter(Boolean)
          .join(' · ')}
        {paper.incomplete && ' · details arrive when you open its abstract page'}
      </p>
      {(paper.submitted || paper.updated) && (
        <p class="paper-meta" data-testid="paper-dates">
          {[
            paper.submitted && `v1 ${paper.submitted}`,
            paper.updated &&
              paper.updated !== paper.submitted &&
              `${paper.version ? `v${paper.version}` : 'latest'} ${paper.updated}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {(paper.journalRef || paper.doi) && (
        <p class="paper-meta" data-testid="paper-venue">
          {paper.journalRef}
          {paper.journalRef && paper.doi && ' · '}
          {paper.doi && (
            <a href={`https://doi.org/${paper.doi}`} target="_blank" rel="noreferrer">
              doi:{paper.doi}
            </a>
          )}
        </p>
      )}
      {saved && paper.savedVersion !== undefined && (paper.version ?? 0) > paper.savedVersion && (
        <p class="version-update" data-testid="version-update">
          Updated to v{paper.version} (you saved v{paper.savedVersion})
        </p>
      )}
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
        {saved ? '✓ In your library (click to remove)' : removed ? 'Clip again' : 'Clip to library'}
      </button>
      <CopyBibtex paper={paper} />
      {removed && !saved && (
        <p class="removed-note" data-testid="removed-note">
          You removed this paper · Clip again to bring it back with your tags and note.
        </p>
      )}
      {saved && paper.readState && (
        <ReaderControls
          paper={{
            id: paper.id,
            title: paper.title,
            tags: paper.tags ?? [],
            note: paper.note,
            readState: paper.readState,
            starred: paper.starred ?? false,
            otherNotes: paper.otherNotes,
          }}
          onEdit={onEdit}
        />
      )}
    </article>
  );
}
