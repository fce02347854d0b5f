import type { BulkClip } from '@/lib/messages';

export interface ListingClipperProps {
  /** Papers the listing shows. */
  count: number;
  savedCount: number;
  /** The listing's "Clip all", running or finished. */
  bulk?: BulkClip;
  busy: boolean;
  onClipAll(): void;
}

/**
 * A listing page: how many papers it holds, how many are saved, and one button to clip them all. The clip runs
 * in the background; this shows its progress, and closing the popup does not stop it.
 */
export function ListingClipper({ count, savedCount, bulk, busy, onClipAll }: ListingClipperProps) {
  const running = bulk?.state === 'running';
  const allSaved = savedCount >= count;
  return (
    <section class="listing">
      <p data-testid="listing-count">
        {count} papers on this page, {savedCount} in your library.
      </p>
      <button type="button" data-testid="clip-all" disabled={busy || running || allSaved} onClick={onClipAll}>
        {allSaved ? `✓ All ${count} in your library` : `Clip all ${count}`}
      </button>
      {running && (
        <progress data-testid="clip-progress" max={bulk.total} value={bulk.done}>
          {bulk.done} of {bulk.total}
        </progress>
      )}
      {bulk?.state === 'failed' && (
        <p class="error" role="alert">
          {bulk.error}
        </p>
      )}
    </section>
  );
}
