/**
 * Puts the on-page views into the page: each in an open shadow root (the page's styles cannot reach it; tests
 * can, through `host.shadowRoot`) on a host whose inline style keeps it out of the page's layout. Every host
 * carries `data-papershelf`, so that a report of another page removes the last page's views.
 */
import { render } from 'preact';
import type { ListingRelated, PageRelated } from '@/lib/messages';
import type { ListingEntry } from '@/lib/onpage/entries';
import { EntryMark, type EntryMarkProps } from './EntryMark';
import { PaperChip, type PaperChipProps } from './PaperChip';
import { CHIP_CSS, CHIP_HOST_STYLE, MARK_CSS, MARK_HOST_STYLE } from './styles';

const HOST = 'data-papershelf';

function shadowHost(
  kind: 'mark' | 'chip',
  style: string,
  css: string,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('span');
  host.setAttribute(HOST, kind);
  host.setAttribute('style', style);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(css);
  if (sheet) root.adoptedStyleSheets = [sheet];
  else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
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
    const probe = document.createElement('span').attachShadow({ mode: 'open' });
    probe.adoptedStyleSheets = [sheet];
    if (probe.adoptedStyleSheets.length !== 1) sheet = undefined;
  } catch {
    sheet = undefined;
  }
  sheets.set(css, sheet);
  return sheet;
}

/** Takes every view of the extension off the page. */
export function removeOnPageViews(doc: Document = document): void {
  for (const host of doc.querySelectorAll(`[${HOST}]`)) {
    if (host.shadowRoot) render(null, host.shadowRoot);
    host.remove();
  }
}

export interface ListingMarks {
  /** Marks these entries: "In library" when in `saved`, else "+ Clip". */
  add(entries: ListingEntry[], saved: ReadonlySet<string>): void;
  /** Unsaved entries found close to the library (they arrive after the saved marks). */
  setRelated(related: ListingRelated[]): void;
  /** Marks again, as they were, the entries whose marks the page took away (an app re-rendering its list). */
  repair(entries: ListingEntry[]): void;
  /** The ids of the entries marked. */
  ids(): string[];
  /** Shows each marked entry saved or not as the library now holds it (clipped or removed elsewhere). */
  setSaved(saved: ReadonlySet<string>): void;
}

/**
 * The marks beside a listing's entries, added as their saved state is known (while the page is still parsed,
 * on arXiv). "+ Clip" clips that entry alone through `clip`, then shows it saved. Each batch's hosts are made
 * first and inserted in one pass: one layout per batch, not one per entry.
 */
export function listingMarks(clip: (id: string) => Promise<void>): ListingMarks {
  type Mark = { host: HTMLElement; root: ShadowRoot; props: EntryMarkProps };
  const byId = new Map<string, Mark[]>();
  const draw = (mark: Mark) => render(<EntryMark {...mark.props} />, mark.root);
  const redraw = (id: string, patch: Partial<EntryMarkProps>) => {
    for (const mark of byId.get(id) ?? []) {
      mark.props = { ...mark.props, ...patch };
      draw(mark);
    }
  };
  const onClip = (id: string) => {
    redraw(id, { clipping: true, error: undefined });
    clip(id).then(
      () => redraw(id, { clipping: false, saved: true, related: undefined }),
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
        onClip: () => onClip(entry.id),
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
      for (const { id, match } of related) {
        if (byId.get(id)?.some((mark) => !mark.props.saved)) redraw(id, { related: match });
      }
    },
    ids: () => [...byId.keys()],
    setSaved(saved) {
      for (const [id, marks] of byId) {
        const now = saved.has(id);
        if (marks.some((mark) => mark.props.saved !== now && !mark.props.clipping))
          redraw(id, { saved: now, related: undefined, error: undefined });
      }
    },
  };
}

export interface PaperChipView {
  update(patch: Partial<PaperChipProps>): void;
}

/** Asks again this often, a few times, while the library index opens or builds. */
const RELATED_RETRY_MS = 2000;
const RELATED_RETRIES = 15;

/**
 * The corner chip of a paper page; its related papers fill in when the library index answers (asked again
 * while the index is still opening or building).
 */
export function showPaperChip(props: PaperChipProps, ask: () => Promise<PageRelated>): PaperChipView {
  const { host, root } = shadowHost('chip', CHIP_HOST_STYLE, CHIP_CSS);
  let current = props;
  const update = (patch: Partial<PaperChipProps>) => {
    current = { ...current, ...patch };
    render(<PaperChip {...current} />, root);
  };
  update({});
  document.documentElement.append(host);
  const fill = (retries: number): Promise<void> =>
    ask().then(
      (answer) => {
        if (!host.isConnected) return;
        update({ related: answer, saved: current.saved || answer.saved });
        if (answer.status && retries > 0) setTimeout(() => fill(retries - 1), RELATED_RETRY_MS);
      },
      (error: Error) =>
        update({ related: { saved: current.saved, items: [], links: [] }, error: error.message }),
    );
  void fill(RELATED_RETRIES);
  return { update };
}
