import type { RelatedHit } from '@/lib/library-index';
import { reasonText } from '../RelatedList';

export interface EntryMarkProps {
  saved: boolean;
  /** Its best match in the library, when the entry is unsaved and closely related to it. */
  related?: RelatedHit;
  /** `corner`: on a Hugging Face card's thumbnail. */
  place: 'end' | 'corner';
  clipping?: boolean;
  error?: string;
  onClip(): void;
}

/** Beside a listing entry: "In library", or (unsaved) "Related" when close to the library, and "Clip". */
export function EntryMark({ saved, related, place, clipping, error, onClip }: EntryMarkProps) {
  return (
    <span class={place === 'corner' ? 'marks corner' : 'marks'}>
      {saved ? (
        <span
          class="mark"
          data-testid="papershelf-mark"
          data-state="saved"
          title="In your Papershelf library"
        >
          ✓ In library
        </span>
      ) : (
        <>
          {related && (
            <span
              class="mark"
              data-testid="papershelf-mark"
              data-state="related"
              title={`Close to “${related.title}” in your library: ${reasonText(related.reason)}`}
            >
              Related
            </span>
          )}
          <button
            type="button"
            class="clip"
            data-testid="papershelf-clip"
            disabled={clipping}
            title="Clip this paper to Papershelf"
            onClick={(event) => {
              event.preventDefault();
              event.stopPropagation();
              onClip();
            }}
          >
            {clipping ? 'Clipping…' : '+ Clip'}
          </button>
          {error && (
            <span class="error" role="alert">
              {error}
            </span>
          )}
        </>
      )}
    </span>
  );
}
