/** Picks the extractor for a page by its URL. Every extractor is `(document, url) => Paper[]`. */
import { isListing, type Paper } from '../paper';
import { type PageName, sitePageAt } from '../sites';
import { extractArxivAbs } from './arxiv-abs';
import { extractArxivHtml } from './arxiv-html';
import { extractArxivList } from './arxiv-list';
import { extractArxivPdf } from './arxiv-pdf';
import { extractArxivSearch } from './arxiv-search';
import { arxivIdFromHfPaperHref } from './hf-data';
import { extractHfList } from './hf-list';
import { extractHfPaper } from './hf-paper';

export type Extractor = (doc: Document, url: string) => Paper[];

/** Papers on the page at `url`; `[]` for a page that holds none. Never throws. */
export function extractPapers(doc: Document, url: string): Paper[] {
  const extractor = extractorFor(url);
  return extractor ? guarded(extractor, doc, url) : [];
}

/**
 * Whether papers read from a page are the page's at `url`: right after an in-page navigation (Hugging Face
 * moves between papers without reloading) the document can still show the previous paper.
 */
export function describesUrl(papers: Paper[], url: string): boolean {
  const [paper] = papers;
  if (!paper?.arxivId || isListing(papers)) return true;
  return url.includes(paper.arxivId);
}

/** Runs an extractor; a page it cannot read gives no papers, never an error. */
export function guarded<D>(extractor: (doc: D, url: string) => Paper[], doc: D, url: string): Paper[] {
  try {
    return extractor(doc, url);
  } catch (error) {
    console.warn('Papershelf: extraction failed on', url, error);
    return [];
  }
}

// The extractor of each page of lib/sites.ts: the hosts and paths a page has are written there, once.
const EXTRACTORS: Record<PageName, (url: string) => Extractor> = {
  'arxiv-abs': () => extractArxivAbs,
  'arxiv-pdf': () => extractArxivPdf,
  'arxiv-html': () => extractArxivHtml,
  'arxiv-list': () => extractArxivList,
  'arxiv-search': () => extractArxivSearch,
  // `/papers/<arxiv id>` is a paper; any other path under `/papers` a listing.
  'hf-papers': (url) => (arxivIdFromHfPaperHref(url) ? extractHfPaper : extractHfList),
};

export function extractorFor(url: string): Extractor | undefined {
  const page = sitePageAt(url);
  return page && EXTRACTORS[page.name](url);
}
