/**
 * "Clip this page": the page's own extractor when it has one, else the citation meta tags any scholarly site
 * carries. Only on request: on visit, unknown sites are never read. A module of its own, so that the always-on
 * content script (which imports `./index`) never bundles the citation reader and its Readability.
 */
import type { Paper } from '../paper';
import { extractCitationMeta } from './citation-meta';
import { extractPapers, guarded } from './index';

export function extractOnRequest(doc: Document, url: string): Paper[] {
  const papers = extractPapers(doc, url);
  return papers.length > 0 ? papers : guarded(extractCitationMeta, doc, url);
}
