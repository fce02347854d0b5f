/**
 * Where the on-page mark of each listing entry goes: the element its zero-size host is put in, and whether
 * at its end (the rest of a short line, arXiv) or in its top-left corner (a Hugging Face card's thumbnail).
 * Read with the same selectors and id rules as the listing extractors, but only the id of each entry, and
 * entry by entry, so that a listing can be marked while it is still being parsed (`streamEntries`). DOM
 * reading only, no browser APIs.
 */
import { arxivIdIn } from '../extract/arxiv-common';
import { arxivIdFromHfPaperHref } from '../extract/hf-data';
import { arxivCanonicalId } from '../ids';
import { sitePageAt } from '../sites';

export interface ListingEntry {
  /** The paper's canonical id, as the listing extractor gives it. */
  id: string;
  /** The element the mark's host goes in. */
  parent: Element;
  /** `end`: appended, the mark on the rest of the entry's first line; `corner`: first child, top-left. */
  place: 'end' | 'corner';
}

/** How a listing's entries are found: elements of one tag, each read on its own. */
export interface EntryReader {
  tag: string;
  /** A Hugging Face listing is an app: its cards are marked once the page has loaded, not while it is parsed. */
  whenLoaded: boolean;
  read(element: Element): ListingEntry | undefined;
}

const entry = (
  arxivId: string | undefined,
  parent: Element | null | undefined,
  place: ListingEntry['place'],
) => (arxivId && parent ? { id: arxivCanonicalId(arxivId), parent, place } : undefined);

/** An `/abs/` link's id: its href is whole as soon as the link is parsed, its text maybe not yet. */
const absLinkId = (link: Element | null | undefined): string | undefined => {
  const href = link?.getAttribute('href') ?? '';
  return arxivIdIn(href.replace(/^.*\/abs\//, '')) ?? arxivIdIn(link?.textContent);
};

const READERS = {
  // `<dt>[1] arXiv:ID [pdf, html, other]</dt>`: a short line, free on its right.
  'arxiv-list': {
    tag: 'dt',
    whenLoaded: false,
    read: (dt: Element) =>
      dt.matches('#dlpage dl > dt')
        ? entry(absLinkId(dt.querySelector('a[title="Abstract"]')), dt, 'end')
        : undefined,
  },
  // The id line and the category tags share one line: the mark goes after the tags.
  'arxiv-search': {
    tag: 'li',
    whenLoaded: false,
    read: (li: Element) => {
      if (!li.matches('li.arxiv-result')) return undefined;
      const title = li.querySelector('p.list-title');
      return entry(absLinkId(title?.querySelector('a')), title?.parentElement, 'end');
    },
  },
  // A card (`article`, positioned) per paper: the mark sits on its thumbnail's corner.
  'hf-papers': {
    tag: 'article',
    whenLoaded: true,
    read: (card: Element) =>
      entry(
        arxivIdFromHfPaperHref(card.querySelector('h3 > a[href]')?.getAttribute('href') ?? ''),
        card,
        'corner',
      ),
  },
} satisfies Record<string, EntryReader>;

/** The reader of the listing at `url`; undefined for any other page (a paper page, a PDF). */
export function entryReader(url: string): EntryReader | undefined {
  const page = sitePageAt(url);
  if (page?.name === 'hf-papers' && arxivIdFromHfPaperHref(url)) return undefined; // a paper page
  return page && Object.hasOwn(READERS, page.name) ? READERS[page.name as keyof typeof READERS] : undefined;
}

/** Every entry of the listing at `url`, in page order. */
export function listingEntries(doc: Document, url: string): ListingEntry[] {
  const reader = entryReader(url);
  if (!reader) return [];
  return [...doc.getElementsByTagName(reader.tag)].flatMap((element) => reader.read(element) ?? []);
}

/** Whether the parser is past `element`: some node follows it (the parser appends in document order). */
function closed(element: Element): boolean {
  for (let node: Node | null = element; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

/**
 * Hands the listing's entries to `found` as the parser completes them (once the parser is past an entry, its
 * mark can go at its end), and the rest when the document is parsed; then calls `done`. At once when it is
 * parsed already. Returns a function that stops it.
 */
export function streamEntries(
  doc: Document,
  reader: EntryReader,
  found: (entries: ListingEntry[]) => void,
  done: () => void,
): () => void {
  const elements = doc.getElementsByTagName(reader.tag); // live: new elements are read from where it stopped
  let next = 0;
  const take = (all: boolean) => {
    const batch: ListingEntry[] = [];
    for (; next < elements.length; next++) {
      const element = elements[next] as Element;
      if (!all && !closed(element)) break;
      const read = reader.read(element);
      if (read) batch.push(read);
    }
    if (batch.length > 0) found(batch);
  };
  if (doc.readyState !== 'loading') {
    take(true);
    done();
    return () => {};
  }
  const observer = new MutationObserver(() => take(false));
  const finish = () => {
    observer.disconnect();
    take(true);
    done();
  };
  observer.observe(doc, { childList: true, subtree: true });
  doc.addEventListener('DOMContentLoaded', finish, { once: true });
  return () => {
    observer.disconnect();
    doc.removeEventListener('DOMContentLoaded', finish);
  };
}
