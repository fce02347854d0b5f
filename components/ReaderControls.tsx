import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredPaper } from '@/lib/db';
import type { PaperEdit } from '@/lib/library';
import { READ_STATES, type ReadState } from '@/lib/read-state';
import { notesFromElsewhere } from '@/lib/sync/merge';
import { LibraryTags } from './LibraryTags';

export interface ReaderControlsProps {
  paper: Pick<StoredPaper, 'id' | 'title' | 'tags' | 'note' | 'readState' | 'starred' | 'otherNotes'>;
  onEdit(edit: PaperEdit): void;
}

/** A note is saved this long after the reader stops typing (and when the field loses focus). */
const NOTE_PAUSE_MS = 600;

const STATE_LABELS: Record<ReadState, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };

/** What the reader adds to a saved paper: reading state, star, tags and a note. */
export function ReaderControls({ paper, onEdit }: ReaderControlsProps) {
  const [note, setNote] = useState(paper.note ?? '');
  const saved = useRef(paper.note ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Another tab or page changed the note: show it, unless the reader is typing here.
  useEffect(() => {
    if (document.activeElement?.getAttribute('data-testid') !== 'note-input') setNote(paper.note ?? '');
    saved.current = paper.note ?? '';
  }, [paper.note]);

  const saveNote = (text: string) => {
    clearTimeout(timer.current);
    if (text === saved.current) return;
    saved.current = text;
    onEdit({ note: text });
  };

  return (
    <div class="reader-controls">
      <div class="reader-row">
        <label>
          <span class="visually-hidden">Reading state</span>
          <select
            data-testid="read-state"
            value={paper.readState}
            onChange={(event) => onEdit({ readState: event.currentTarget.value as ReadState })}
          >
            {READ_STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="star"
          data-testid="star"
          aria-pressed={paper.starred}
          aria-label={paper.starred ? 'Starred (click to unstar)' : 'Star this paper'}
          onClick={() => onEdit({ starred: !paper.starred })}
        >
          {paper.starred ? '★' : '☆'}
        </button>
      </div>
      <LibraryTags
        tags={paper.tags}
        subject={paper.title ?? paper.id}
        onAdd={(tag) => onEdit({ addTags: tag.split(',') })}
        onRemove={(tag) => onEdit({ removeTags: [tag] })}
      />
      <textarea
        class="note-input"
        data-testid="note-input"
        placeholder="A note for yourself"
        aria-label="Note"
        rows={2}
        value={note}
        onInput={(event) => {
          const text = event.currentTarget.value;
          setNote(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => saveNote(text), NOTE_PAUSE_MS);
        }}
        onBlur={(event) => saveNote(event.currentTarget.value)}
      />
      {notesFromElsewhere(paper).map((text) => (
        <p class="other-note" data-testid="other-note" key={text}>
          Also written on another device: <q>{text}</q>{' '}
          <button type="button" data-testid="take-note" onClick={() => onEdit({ note: text })}>
            Use this note
          </button>
        </p>
      ))}
    </div>
  );
}
