import type { StoredPaper } from '@/lib/db';
import { authorLine } from '@/lib/format';
import type { PaperEdit } from '@/lib/library';
import { READ_STATES, type ReadState } from '@/lib/read-state';
import { webHref } from '@/lib/web-url';
import { CodeLinks } from './CodeLinks';
import type { RowSlot } from './LibraryList';
import { LibraryTags } from './LibraryTags';

export const READ_STATE_LABEL: Record<ReadState, string> = {
  unread: 'Unread',
  reading: 'Reading',
  read: 'Read',
};

/** How a click on a row was meant: shift extends the selection to it, ctrl/cmd toggles it. */
export interface RowClick {
  range: boolean;
  toggle: boolean;
}

export interface PaperRowProps {
  paper: StoredPaper;
  slot: RowSlot;
  selected: boolean;
  /** The row whose details are shown. */
  focused: boolean;
  /** Set while its removal is on its way to the background. */
  removing: boolean;
  /** The id of the <datalist> of the library's tags. */
  tagSuggestions?: string;
  onClick(index: number, id: string, click: RowClick): void;
  onEdit(id: string, edit: PaperEdit): void;
  onRemove(id: string): void;
}

export const paperTitle = (paper: StoredPaper) => paper.title ?? paper.id;

/** Clicks on these do their own thing and neither focus nor select the row. */
const CONTROLS = 'a, button, input, select, textarea, label';

/** "arXiv:1808.06226 · cs.CL · 2018-08-19". */
export function paperMeta(paper: StoredPaper): string {
  return [
    paper.arxivId && `arXiv:${paper.arxivId}`,
    paper.primaryCategory ?? paper.categories?.[0],
    paper.submitted ?? paper.updated,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "Updated to v3 (you saved v1)", when arXiv has a later version than the one clipped. */
export function VersionUpdate({ paper }: { paper: StoredPaper }) {
  const { version, savedVersion } = paper;
  if (version === undefined || savedVersion === undefined || version <= savedVersion) return null;
  return (
    <p class="version-update" data-testid="version-update">
      Updated to v{version} (you saved v{savedVersion})
    </p>
  );
}

/**
 * One paper of the library: a checkbox, title (opening its page), authors, id, category, date, its code, and what
 * the reader keeps on it: reading state, star, tags. A click (Enter) shows its details; shift-click and
 * ctrl/cmd-click (Space) select, as in a file manager; the arrow keys move between rows.
 */
export function PaperRow(props: PaperRowProps) {
  const { paper, slot, selected, focused, removing, onEdit } = props;
  const title = paperTitle(paper);
  const click = (event: MouseEvent) => {
    if ((event.target as Element).closest(CONTROLS)) return;
    props.onClick(slot.index, paper.id, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  };
  return (
    // The row's click is a mouse shortcut: from the keyboard, its checkbox selects (Space), shows the details
    // (Enter) and moves between rows (arrows).
    // biome-ignore lint/a11y/useKeyWithClickEvents: the checkbox carries the keys
    <li
      ref={slot.ref}
      class={`paper-row${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      style={slot.style}
      data-index={slot['data-index']}
      aria-posinset={slot['aria-posinset']}
      aria-setsize={slot['aria-setsize']}
      aria-current={focused ? 'true' : undefined}
      data-testid="library-item"
      data-id={paper.id}
      data-selected={selected ? 'true' : 'false'}
      onClick={click}
      // A shift-click selects rows, not the text between them.
      onMouseDown={(event) => {
        if (event.shiftKey && !(event.target as Element).closest(CONTROLS)) event.preventDefault();
      }}
    >
      <input
        type="checkbox"
        class="paper-row-check"
        data-testid="select-paper"
        aria-label={`Select ${title}`}
        checked={selected}
        onClick={(event) => {
          event.preventDefault();
          props.onClick(slot.index, paper.id, { range: event.shiftKey, toggle: !event.shiftKey });
        }}
        onKeyDown={(event) => {
          const { index } = slot;
          if (event.key === 'Enter') props.onClick(index, paper.id, { range: false, toggle: false });
          else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            const next = index + (event.key === 'ArrowDown' ? 1 : -1);
            const list = event.currentTarget.closest('ol');
            list?.querySelector<HTMLElement>(`:scope > li[data-index="${next}"] .paper-row-check`)?.focus();
          }
        }}
      />
      <div class="paper-row-main">
        <a
          class="paper-row-title"
          href={webHref(paper.absUrl ?? paper.source.url)}
          target="_blank"
          rel="noreferrer"
        >
          {title}
        </a>
        {paper.authors && paper.authors.length > 0 && (
          <p class="paper-row-authors" title={paper.authors.join(', ')}>
            {authorLine(paper.authors, 4)}
          </p>
        )}
        <p class="paper-row-meta">{paperMeta(paper)}</p>
        <VersionUpdate paper={paper} />
        <CodeLinks links={paper.links} kinds={['code']} />
        <div class="paper-row-controls">
          <select
            data-testid="read-state"
            aria-label={`Reading state of ${title}`}
            value={paper.readState ?? 'unread'}
            onChange={(e) => onEdit(paper.id, { readState: e.currentTarget.value as ReadState })}
          >
            {READ_STATES.map((state) => (
              <option key={state} value={state}>
                {READ_STATE_LABEL[state]}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="star"
            data-testid="star"
            aria-pressed={paper.starred ? 'true' : 'false'}
            aria-label={`Star ${title}`}
            title={paper.starred ? 'Starred: click to unstar' : 'Star'}
            onClick={() => onEdit(paper.id, { starred: !paper.starred })}
          >
            {paper.starred ? '★' : '☆'}
          </button>
          <LibraryTags
            tags={paper.tags ?? []}
            subject={title}
            suggestions={props.tagSuggestions}
            onAdd={(tag) => onEdit(paper.id, { addTags: [tag] })}
            onRemove={(tag) => onEdit(paper.id, { removeTags: [tag] })}
          />
        </div>
      </div>
      <button
        type="button"
        class="paper-row-remove"
        data-testid="library-remove"
        disabled={removing}
        aria-label={`Remove ${title} from the library`}
        onClick={() => props.onRemove(paper.id)}
      >
        {removing ? 'Removing…' : 'Remove'}
      </button>
    </li>
  );
}

/** A row whose paper is still being read: keeps its place and height in the list. */
export function PaperRowSlot({ slot }: { slot: RowSlot }) {
  return (
    <li
      ref={slot.ref}
      class="paper-row placeholder"
      style={slot.style}
      data-index={slot['data-index']}
      aria-posinset={slot['aria-posinset']}
      aria-setsize={slot['aria-setsize']}
      aria-busy="true"
    >
      <span class="visually-hidden">Loading…</span>
    </li>
  );
}
