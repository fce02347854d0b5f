/**
 * Puts the on-page views into the page: each in a *closed* shadow root (the page's scripts cannot reach in; the
 * page's styles cannot either) on a host whose inline style keeps it out of the page's layout. The roots are held
 * here and nowhere else. Every host carries `data-papershelf`, so that a report of another page removes the last
 * page's views; nothing on a host says what the library holds.
 */
import { render } from 'preact';
import type { ListingEntry } from '@/lib/onpage/entries';
import { EntryMark, type EntryMarkProps } from './EntryMark';
import { ListingChip, type ListingChipProps, PaperChip, type PaperChipProps } from './PaperChip';
import { CHIP_CSS, CHIP_HOST_STYLE, MARK_CSS, MARK_HOST_STYLE } from './styles';

const HOST = 'data-papershelf';

/** Every view on the page, with its closed root: the only way back into it. */
const views = new Map<HTMLElement, ShadowRoot>();

function shadowHost(
  kind: 'mark' | 'chip',
  style: string,
  css: string,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('span');
  host.setAttribute(HOST, kind);
  host.setAttribute('style', style);
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = sharedSheet(css);
  if (sheet) root.adoptedStyleSheets = [sheet];
  else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  views.set(host, root);
  return { host, root };
}

const sheets = new Map<string, CSSStyleSheet | undefined>();

/**
 * One constructed style sheet shared by every view's shadow root: a 2,000-entry listing's load event came
 * ~130 ms after its DOMContentLoaded with a <style> in each of its 2,000 marks, ~10 ms with the one sheet
 * (`npm run bench:browser`). Undefined where a content script cannot adopt a sheet it made.
 */
function sharedSheet(css: string): CSSStyleSheet | undefined {
  if (sheets.has(css)) return sheets.get(css);
  let sheet: CSSStyleSheet | undefined;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    const probe = document.createElement('span').attachShadow({ mode: 'closed' });
    probe.adoptedStyleSheets = [sheet];
    if (probe.adoptedStyleSheets.length !== 1) sheet = undefined;
  } catch {
    sheet = undefined;
  }
  sheets.set(css, sheet);
  return sheet;
}

/** Takes every view of the extension off the page. */
export function removeOnPageViews(): void {
  for (const [host, root] of views) {
    render(null, root);
    host.remove();
  }
  views.clear();
  for (const host of document.querySelectorAll(`[${HOST}]`)) host.remove();
}

/** What a click on "+ Clip" (or "↺ Clip again") did: saved, or not because the reader had removed it. */
export interface ClipOutcome {
  saved: boolean;
  removed: boolean;
}

export interface ListingMarks {
  /** Marks these entries: "In library" when in `saved`, else "+ Clip". */
  add(entries: ListingEntry[], saved: ReadonlySet<string>): void;
  /** Unsaved entries found close to the library (they arrive after the saved marks). */
  setRelated(related: readonly string[]): void;
  /** Marks again, as they were, the entries whose marks the page took away (an app re-rendering its list). */
  repair(entries: ListingEntry[]): void;
  /** The ids of the entries marked. */
  ids(): string[];
  /** Shows each marked entry saved or not as the library now holds it (clipped or removed elsewhere). */
  setSaved(saved: ReadonlySet<string>): void;
  /** Brings an entry into view and points its mark out (asked from the panel). */
  show(id: string): void;
}

/** How long a mark stays pointed out after "Show on the page". */
const SHOWN_MS = 2500;

/**
 * The marks beside a listing's entries, added as their saved state is known (while the page is still parsed,
 * on arXiv). "+ Clip" clips that entry alone through `clip`, then shows it saved; "Related" opens the panel.
 * Each batch's hosts are made first and inserted in one pass: one layout per batch, not one per entry.
 */
export function listingMarks(
  clip: (id: string, restore: boolean) => Promise<ClipOutcome>,
  openRelated: () => void,
): ListingMarks {
  type Mark = { host: HTMLElement; root: ShadowRoot; props: EntryMarkProps };
  const byId = new Map<string, Mark[]>();
  const draw = (mark: Mark) => render(<EntryMark {...mark.props} />, mark.root);
  const redraw = (id: string, patch: Partial<EntryMarkProps>) => {
    for (const mark of byId.get(id) ?? []) {
      mark.props = { ...mark.props, ...patch };
      draw(mark);
    }
  };
  const onClip = (id: string, restore: boolean) => {
    redraw(id, { clipping: true, error: undefined });
    clip(id, restore).then(
      ({ saved, removed }) =>
        redraw(id, saved ? { clipping: false, saved: true, related: false } : { clipping: false, removed }),
      (error: Error) => redraw(id, { clipping: false, error: error.message }),
    );
  };
  const place = (entries: ListingEntry[], props: (entry: ListingEntry) => EntryMarkProps) => {
    const placed = entries.map((entry) => {
      const { host, root } = shadowHost('mark', MARK_HOST_STYLE, MARK_CSS);
      host.setAttribute('data-papershelf-id', entry.id);
      const mark: Mark = { host, root, props: props(entry) };
      draw(mark);
      byId.set(entry.id, [...(byId.get(entry.id) ?? []).filter((known) => known.host.isConnected), mark]);
      return { entry, host };
    });
    for (const { entry, host } of placed) {
      if (entry.place === 'corner') entry.parent.prepend(host);
      else entry.parent.append(host);
    }
  };
  return {
    add(entries, saved) {
      place(entries, (entry) => ({
        saved: saved.has(entry.id),
        place: entry.place,
        onClip: (restore) => onClip(entry.id, restore),
        onRelated: openRelated,
      }));
    },
    repair(entries) {
      const lost = entries.filter((entry) => {
        const marks = byId.get(entry.id);
        return marks && !marks.some((mark) => mark.host.isConnected);
      });
      place(lost, (entry) => ({ ...(byId.get(entry.id)?.[0]?.props as EntryMarkProps), place: entry.place }));
    },
    setRelated(related) {
      for (const id of related) {
        if (byId.get(id)?.some((mark) => !mark.props.saved)) redraw(id, { related: true });
      }
    },
    ids: () => [...byId.keys()],
    setSaved(saved) {
      for (const [id, marks] of byId) {
        const now = saved.has(id);
        if (marks.some((mark) => mark.props.saved !== now && !mark.props.clipping))
          redraw(id, { saved: now, related: false, removed: false, error: undefined });
      }
    },
    show(id) {
      const mark = byId.get(id)?.find((known) => known.host.isConnected);
      if (!mark) return;
      mark.host.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      redraw(id, { shown: true });
      setTimeout(() => redraw(id, { shown: false }), SHOWN_MS);
    },
  };
}

export interface PanelView<P> {
  update(patch: Partial<P>): void;
  /** Closes the panel, if open, and gives the focus back to the control. */
  closePanel(): void;
}

/**
 * A control in the page's bottom-right corner (a paper page's chip, a listing's count), whose click opens the
 * panel (the extension's page `panelUrl`, framed) and closes it again.
 */
function cornerControl<P extends { panel?: string; onToggle(): void }>(
  View: (props: P) => preact.JSX.Element,
  props: Omit<P, 'panel' | 'onToggle'>,
  panelUrl: string,
): PanelView<P> {
  const { host, root } = shadowHost('chip', CHIP_HOST_STYLE, CHIP_CSS);
  let current = {
    ...props,
    onToggle: () => update({ panel: current.panel ? undefined : panelUrl } as Partial<P>),
  } as P;
  const update = (patch: Partial<P>) => {
    current = { ...current, ...patch };
    render(<View {...current} />, root);
  };
  update({});
  document.documentElement.append(host);
  return {
    update,
    closePanel() {
      if (!current.panel) return;
      update({ panel: undefined } as Partial<P>);
      root.querySelector<HTMLElement>('.chip')?.focus();
    },
  };
}

export type PaperChipView = PanelView<PaperChipProps>;

/** A paper page's corner chip. */
export function showPaperChip(
  props: Omit<PaperChipProps, 'panel' | 'onToggle'>,
  panelUrl: string,
): PaperChipView {
  return cornerControl(PaperChip, props, panelUrl);
}

export type ListingChipView = PanelView<ListingChipProps>;

/** A listing's corner control: how many of its entries relate to the library. */
export function showListingChip(total: number, panelUrl: string): ListingChipView {
  return cornerControl(ListingChip, { total }, panelUrl);
}
