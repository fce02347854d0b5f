import {
  observeWindowOffset,
  observeWindowRect,
  Virtualizer,
  type VirtualizerOptions,
  windowScroll,
} from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

/** A row's height before it is drawn and measured (a paper with one line of authors and its controls). */
const ESTIMATE = 150;
/** Rows drawn above and below the screen, so that a quick scroll shows rows rather than gaps. */
const OVERSCAN = 6;

export interface LibraryListProps {
  /** Rows in the list. */
  count: number;
  /** Changes when the list is another one (a new search): it starts again at the top. */
  listKey: string;
  pending: boolean;
  /** The row at `index`, or undefined to show a placeholder while it is read. */
  renderRow(index: number, slot: RowSlot): ComponentChildren;
  /** The rows drawn now: the page reads them. */
  onRange(range: { start: number; end: number }): void;
  /** Set by the page to bring a row into view (keyboard moves). */
  scrollTo?: { index: number };
}

/** What a row element needs so that the list can place and measure it. */
export interface RowSlot {
  ref: (element: HTMLElement | null) => void;
  index: number;
  style: string;
  /** For assistive technology: the row's place in the whole list. */
  'aria-posinset': number;
  'aria-setsize': number;
  'data-index': number;
}

type Options = VirtualizerOptions<Window, HTMLElement>;

/**
 * A list of any length that draws only the rows on screen (and a few around), scrolling with the page.
 * `@tanstack/virtual-core` keeps the measurements: rows differ in height (authors, links, tags), and each is
 * measured once drawn, so scrolling stays smooth and the end of the list is where it should be.
 */
export function LibraryList({ count, listKey, pending, renderRow, onRange, scrollTo }: LibraryListProps) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const list = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;

  const options: Options = {
    count,
    getScrollElement: () => window,
    estimateSize: () => ESTIMATE,
    scrollToFn: windowScroll,
    observeElementRect: observeWindowRect,
    observeElementOffset: observeWindowOffset,
    initialOffset: () => window.scrollY,
    overscan: OVERSCAN,
    scrollMargin: margin,
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer<Window, HTMLElement>(options));
  virtualizer.setOptions(options);

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
    // Where the list starts on the page moves when the header does (a status line, the selection's tools).
    const top = list.current ? list.current.getBoundingClientRect().top + window.scrollY : 0;
    if (Math.abs(top - margin) > 0.5) setMargin(top);
  });

  // Another search: back to its first row, measured afresh; again once its rows are in, as the scroll may have
  // been moved meanwhile for the last list's rows (their measures adjusting the offset).
  const toTop = () => {
    if (window.scrollY > margin) window.scrollTo({ top: Math.max(margin - 80, 0) });
  };
  const resetFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    virtualizer.measure();
    resetFor.current = listKey;
    toTop();
  }, [listKey]);
  useEffect(() => {
    if (pending || resetFor.current !== listKey) return;
    resetFor.current = undefined;
    toTop();
  }, [pending, listKey]);

  useEffect(() => {
    if (scrollTo) virtualizer.scrollToIndex(scrollTo.index, { align: 'auto' });
  }, [scrollTo, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items[items.length - 1]?.index ?? 0;
  useEffect(() => onRangeRef.current({ start, end }), [start, end]);

  return (
    <ol
      ref={list}
      class="library-list"
      aria-busy={pending}
      aria-label="Papers"
      style={`height:${virtualizer.getTotalSize()}px`}
    >
      {items.map((item) =>
        renderRow(item.index, {
          ref: virtualizer.measureElement,
          index: item.index,
          style: `transform:translateY(${item.start - margin}px)`,
          'aria-posinset': item.index + 1,
          'aria-setsize': count,
          'data-index': item.index,
        }),
      )}
    </ol>
  );
}
