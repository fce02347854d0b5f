import type { Paper } from '@/lib/paper';

export interface ListingClipperProps {
  papers: Paper[];
  savedCount: number;
  /** Papers clipped so far in the running bulk clip, or undefined when none runs. */
  progress?: number;
  onClipAll(): void;
}

/** A listing page: how many papers it holds, how many are saved, and one button to clip them all. */
export function ListingClipper({ papers, savedCount, progress, onClipAll }: ListingClipperProps) {
  const running = progress !== undefined;
  const allSaved = savedCount === papers.length;
  return (
    <section class="listing">
      <p>
        {papers.length} papers on this page, {savedCount} in your library.
      </p>
      <button type="button" data-testid="clip-all" disabled={running || allSaved} onClick={onClipAll}>
        {allSaved ? `✓ All ${papers.length} in your library` : `Clip all ${papers.length}`}
      </button>
      {running && (
        <progress data-testid="clip-progress" max={papers.length} value={progress}>
          {progress} of {papers.length}
        </progress>
      )}
    </section>
  );
}
