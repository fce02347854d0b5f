/** Picks the extractor for a page by its URL. Every extractor is `(document, url) => Paper[]`. */
import type { Paper } from '../paper';

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

export function extractorFor(_url: string): Extractor | undefined {
  return undefined;
}
