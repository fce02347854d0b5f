/** Picks the extractor for a page by its URL. Every extractor is `(document, url) => Paper[]`. */
import type { Paper } from '../paper';
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

export function extractorFor(url: string): Extractor | undefined {
  const hf = /^https?:\/\/(?:www\.)?huggingface\.co(\/papers(?:[/?#].*)?)$/.exec(url);
  if (hf?.[1]) return arxivIdFromHfPaperHref(hf[1]) ? extractHfPaper : extractHfList;
  return undefined;
}
