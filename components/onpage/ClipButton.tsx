import { byPerson } from './by-person';

export interface ClipButtonProps {
  class: string;
  testId: string;
  /** What it says before anything happened ("+ Clip"). */
  idle: string;
  clipping?: boolean;
  error?: string;
  /** The reader removed this paper: a click was told so, and another click clips it again. */
  removed?: boolean;
  /** `restore`: the reader was told they removed it, and clicked again. */
  onClip(restore: boolean): void;
}

/** An on-page "Clip" (a listing entry's, the chip's): its label is generated content, and only a person acts. */
export function ClipButton({
  class: className,
  testId,
  idle,
  clipping,
  error,
  removed,
  onClip,
}: ClipButtonProps) {
  const label = clipping ? 'Clipping…' : error ? '⚠ Not clipped' : removed ? '↺ Clip again' : idle;
  const help = clipping
    ? 'Clipping'
    : error
      ? `${error} Click to try again.`
      : removed
        ? 'You removed this paper from your library. Click to clip it again.'
        : 'Clip this paper to Papershelf';
  return (
    <button
      type="button"
      class={className}
      data-testid={testId}
      data-label={label}
      data-problem={error ? '' : undefined}
      aria-label={help}
      aria-busy={clipping ? 'true' : undefined}
      title={help}
      onClick={byPerson(() => {
        if (!clipping) onClip(removed === true);
      })}
    />
  );
}
