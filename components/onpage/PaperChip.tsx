import { useEffect, useRef } from 'preact/hooks';
import type { IndexStatus } from '@/lib/library-index';
import { byPerson, OneBox } from './by-person';
import { ClipButton } from './ClipButton';

/**
 * The panel: an extension page (entrypoints/panel) framed above the chip, opened by a person's click. What the
 * library holds (titles, authors, reasons, links) is shown only there: another origin's document, which the
 * page can neither read nor search.
 */
function PanelFrame({ url }: { url: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => frame.current?.focus(), []);
  return <iframe ref={frame} class="panel" src={url} title="Papershelf" />;
}

export interface PaperChipProps {
  /**
   * In the library. Not saved, the chip offers "Clip": with automatic clipping off, or on a paper the reader
   * removed (a visit does not clip it again).
   */
  saved: boolean;
  /** Saved papers close to this one; undefined while the library index answers. */
  related?: number;
  /** The library index while it opens or builds. */
  status?: IndexStatus;
  clipping?: boolean;
  /** The reader removed this paper: a click was told so, and another click clips it again. */
  removed?: boolean;
  error?: string;
  /** The panel's page, when open. */
  panel?: string;
  onClip(restore: boolean): void;
  onToggle(): void;
}

/** "In your library · 3 related" (or "3 related in your library"). */
export function chipText(saved: boolean, related: number | undefined, status?: IndexStatus): string {
  if (related === undefined || status)
    return saved ? 'In your library' : status ? 'Papershelf: opening your library…' : 'Papershelf';
  if (saved) return related > 0 ? `In your library · ${related} related` : 'In your library';
  return related > 0 ? `${related} related in your library` : 'Not in your library';
}

/** A paper page's corner chip; a click opens the panel: the related papers of the library and the paper's links. */
export function PaperChip({
  saved,
  related,
  status,
  clipping,
  removed,
  error,
  panel,
  onClip,
  onToggle,
}: PaperChipProps) {
  const label = chipText(saved, related, status);
  return (
    <div class="chip-box" {...OneBox}>
      {panel && <PanelFrame url={panel} />}
      {!saved && (
        <ClipButton
          class="chip-clip"
          testId="papershelf-chip-clip"
          idle="Clip"
          clipping={clipping}
          error={error}
          removed={removed}
          onClip={onClip}
        />
      )}
      <button
        type="button"
        class="chip"
        data-testid="papershelf-chip"
        data-saved={String(saved)}
        data-label={label}
        aria-label={label}
        aria-expanded={panel !== undefined}
        onClick={byPerson(onToggle)}
      />
    </div>
  );
}

export interface ListingChipProps {
  /** Entries the listing shows. */
  total: number;
  /** Unsaved entries close to the library; undefined while they are worked out. */
  related?: number;
  /** Unsaved entries looked at. */
  checked?: number;
  panel?: string;
  onToggle(): void;
}

/** "14 of 412 relate to your library". */
export function listingChipText({ total, related, checked }: Omit<ListingChipProps, 'onToggle'>): string {
  const of = total.toLocaleString('en');
  if (related === undefined) return `Papershelf: looking at ${of} entries…`;
  if (related === 0) return `None of ${of} relate to your library`;
  const looked = checked !== undefined && checked < total ? ` (first ${checked} unsaved)` : '';
  return `${related} of ${of} relate to your library${looked}`;
}

/** A listing's corner control: how many entries relate to the library; a click opens them, ranked, in the panel. */
export function ListingChip({ total, related, checked, panel, onToggle }: ListingChipProps) {
  const label = listingChipText({ total, related, checked });
  return (
    <div class="chip-box" {...OneBox}>
      {panel && <PanelFrame url={panel} />}
      <button
        type="button"
        class="chip"
        data-testid="papershelf-chip"
        data-label={label}
        aria-label={label}
        aria-expanded={panel !== undefined}
        onClick={byPerson(onToggle)}
      />
    </div>
  );
}
