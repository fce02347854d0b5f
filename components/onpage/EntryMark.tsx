import { byPerson, OneBox } from './by-person';
import { ClipButton } from './ClipButton';

export interface EntryMarkProps {
  saved: boolean;
  /** Unsaved and close to the library (its reason is in the panel, opened by a click). */
  related?: boolean;
  /** `corner`: on a Hugging Face card's thumbnail. */
  place: 'end' | 'corner';
  clipping?: boolean;
  /** The reader removed this paper: a click was told so, and another click clips it again. */
  removed?: boolean;
  error?: string;
  /** Pointed out from the panel ("Show on the page"). */
  shown?: boolean;
  /** `restore`: the reader was told they removed it, and clicked again. */
  onClip(restore: boolean): void;
  onRelated(): void;
}

/**
 * Beside a listing entry, in one box of one size whatever it shows (lib/onpage styles): "In library", or
 * (unsaved) "Related" when close to the library, and "Clip". Labels are generated content; only a person's
 * click acts. Whatever it shows, it is one Tab stop, a button ("Clip", or "In library", which does nothing):
 * a page counting where the focus goes as a person tabs, or hearing the click an Enter makes, learns nothing.
 * The arrow keys move between "Related" and "Clip" (OneBox).
 */
export function EntryMark({
  saved,
  related,
  place,
  clipping,
  removed,
  error,
  shown,
  onClip,
  onRelated,
}: EntryMarkProps) {
  const box = ['box', place === 'corner' ? 'corner' : '', shown ? 'shown' : ''].filter(Boolean).join(' ');
  if (saved)
    return (
      <span class={box} {...OneBox}>
        <button
          type="button"
          class="mark"
          data-testid="papershelf-mark"
          data-state="saved"
          data-label="✓ In library"
          aria-label="In your Papershelf library"
          title="In your Papershelf library"
        />
      </span>
    );
  return (
    <span class={box} {...OneBox}>
      {related && (
        <button
          type="button"
          class="mark"
          data-testid="papershelf-mark"
          data-state="related"
          data-label="Related"
          aria-label="Close to papers in your library: show why"
          title="Close to papers in your library: click to see which"
          tabIndex={-1}
          onClick={byPerson(onRelated)}
        />
      )}
      <ClipButton
        class="clip"
        testId="papershelf-clip"
        idle="+ Clip"
        clipping={clipping}
        error={error}
        removed={removed}
        onClip={onClip}
      />
    </span>
  );
}
