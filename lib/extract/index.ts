/** Picks the extractor for a page by its URL. Every extractor is `(document, url) => Paper[]`. */
import type { Paper } from '../paper';
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
  if (!extractor) return [];
  try {
    return extractor(doc, url);
  } catch (error) {
    console.warn('Papershelf: extraction failed on', url, error);
    return [];
  }
}

// arXiv pages by path (arxiv.org and www.arxiv.org serve the same pages).
const ARXIV_PAGES: [RegExp, Extractor][] = [
  [/^\/abs\//, extractArxivAbs],
  [/^\/pdf\//, extractArxivPdf],
  [/^\/html\//, extractArxivHtml],
  [/^\/(list|catchup)(\/|$)/, extractArxivList],
  [/^\/search(\/|$)/, extractArxivSearch],
];

export function extractorFor(url: string): Extractor | undefined {
  const hf = /^https?:\/\/(?:www\.)?huggingface\.co(\/papers(?:[/?#].*)?)$/.exec(url);
  if (hf?.[1]) return arxivIdFromHfPaperHref(hf[1]) ? extractHfPaper : extractHfList;
  const arxivPath = /^https?:\/\/(?:www\.)?arxiv\.org(\/[^?#]*)/.exec(url)?.[1];
  if (arxivPath) return ARXIV_PAGES.find(([path]) => path.test(arxivPath))?.[1];
  return undefined;
}
