import { useState } from 'preact/hooks';

export interface LibraryTagsProps {
  tags: readonly string[];
  /** What the tags are on, for the labels ("SentencePiece: …"). */
  subject: string;
  onAdd(tag: string): void;
  onRemove(tag: string): void;
  /** The id of a <datalist> of the library's tags, offered as the reader types. */
  suggestions?: string;
  inputTestId?: string;
}

/** A paper's tags as chips (× takes one off) and a field that adds one on Enter. */
export function LibraryTags({ tags, subject, onAdd, onRemove, suggestions, inputTestId }: LibraryTagsProps) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    if (tag) onAdd(tag);
    setDraft('');
  };
  return (
    <div class="tags">
      {tags.length > 0 && (
        <ul class="tag-list" aria-label={`Tags of ${subject}`}>
          {tags.map((tag) => (
            <li key={tag} class="tag-chip" data-testid="tag">
              <span class="tag-name">{tag}</span>
              <button
                type="button"
                class="tag-remove"
                data-testid="tag-remove"
                aria-label={`Remove the tag ${tag} from ${subject}`}
                onClick={() => onRemove(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="text"
        class="tag-input"
        data-testid={inputTestId ?? 'tag-input'}
        placeholder="Add a tag"
        aria-label={`Add a tag to ${subject}`}
        list={suggestions}
        maxLength={200}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          } else if (e.key === 'Escape') setDraft('');
        }}
      />
    </div>
  );
}
