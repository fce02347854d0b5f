/**
 * "Clip this page": the page's own extractor when it has one, else the site reader of a publisher's page
 * (lib/sites.ts REQUEST_PAGES), else the citation tags any scholarly site carries. Only on request: on visit,
 * unknown sites are never read. A module of its own, so that the always-on content script (which imports `./index`)
 * never bundles the site readers, the citation reader and its Readability.
 */
import type { Paper } from '../paper';
import { type RequestPageName, requestPageAt } from '../sites';
import { extractAcmDl } from './acm-dl';
import { extractCitationMeta } from './citation-meta';
import { extractIeeeXplore } from './ieee-xplore';
import { type Extractor, extractPapers, guarded } from './index';
import { extractOpenReview } from './openreview';

// The reader of each page of REQUEST_PAGES: the hosts and paths a page has are written there, once.
const SITE_READERS: Record<RequestPageName, Extractor> = {
  'ieee-document': extractIeeeXplore,
  'acm-doi': extractAcmDl,
  'openreview-forum': extractOpenReview,
};

export function extractOnRequest(doc: Document, url: string): Paper[] {
  const papers = extractPapers(doc, url);
  if (papers.length > 0) return papers;
  const reader = siteReaderFor(url);
  // A site reader that finds nothing (its page changed) leaves the page to the citation tags.
  const read = reader ? guarded(reader, doc, url) : [];
  return read.length > 0 ? read : guarded(extractCitationMeta, doc, url);
}

/** The site reader of the publisher's page at `url`, if it has one. */
export function siteReaderFor(url: string): Extractor | undefined {
  const page = requestPageAt(url);
  return page && SITE_READERS[page.name];
}
