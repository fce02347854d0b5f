/**
 * What a content script's report is worth. A content script reads a page whose own scripts can rewrite it
 * (a third-party script, an XSS, `history.pushState` to a made-up URL), so the background believes only what the
 * browser says of the sender and what the site registry says of its URL: the page's kind (and so its trust in
 * the merge, lib/merge.ts) comes from the sender's URL, never from the `source` the page claims; a paper page's
 * paper must be the one its URL names; a listing reports arXiv ids only. A report that does not hold is refused
 * whole, with a message; nothing of it reaches the library.
 */
import { arxivIdFromHfPaperHref } from './extract/hf-data';
import { arxivCanonicalId, parseArxivId, parseArxivUrl } from './ids';
import { isListingKind, type PageKind, type Paper, type Site } from './paper';
import { type SitePage, sitePageAt } from './sites';

/** A page a content script runs on, as the background sees it. */
export interface TrustedPage {
  url: string;
  site: Site;
  kind: PageKind;
  /** A paper page: the arXiv id (and version, when the URL names one) its URL names. */
  names?: { arxivId: string; version?: number };
}

export class ReportRefused extends Error {}

const withoutHash = (url: string): string => url.replace(/#.*$/, '');

/**
 * The page the sender is on. Reported with the page's load, it must be the document's own URL as the browser
 * gives it for the sender (Chrome keeps the loaded URL there whatever the page pushes since). An app's in-page
 * navigation (`via: 'in-page'`) keeps the document and changes only its path: that is believed on a site that
 * has such navigation (lib/sites.ts, `inPage`), within the document's own origin, and only there.
 */
export function senderPage(
  reportedUrl: string,
  senderUrl: string | undefined,
  via: 'load' | 'in-page' = 'load',
): TrustedPage {
  const page = sitePageAt(reportedUrl);
  const loaded = senderUrl === undefined ? undefined : sitePageAt(senderUrl);
  if (!page || page.urlOnly || !loaded || !senderUrl)
    throw new ReportRefused('Papershelf does not read this page.');
  const same =
    via === 'in-page'
      ? page.inPage === true && new URL(reportedUrl).origin === new URL(senderUrl).origin
      : withoutHash(reportedUrl) === withoutHash(senderUrl);
  if (!same) {
    throw new ReportRefused(
      via === 'in-page' && !page.inPage
        ? 'This site does not change pages without a load: reload the page.'
        : 'The page moved on while it was read: reload the page and try again.',
    );
  }
  return { url: reportedUrl, ...kindOf(page, reportedUrl) };
}

function kindOf(page: SitePage, url: string): Omit<TrustedPage, 'url'> {
  switch (page.name) {
    case 'arxiv-abs':
    case 'arxiv-html': {
      const ref = parseArxivUrl(url);
      return { site: 'arxiv', kind: page.name, ...(ref ? { names: ref } : {}) };
    }
    case 'hf-papers': {
      const arxivId = arxivIdFromHfPaperHref(url);
      return arxivId
        ? { site: 'huggingface', kind: 'hf-paper', names: { arxivId } }
        : { site: 'huggingface', kind: 'hf-list' };
    }
    case 'arxiv-list':
    case 'arxiv-search':
      return { site: 'arxiv', kind: page.name };
    case 'arxiv-pdf':
      return { site: 'arxiv', kind: 'arxiv-pdf' };
  }
}

export const isListingPage = (page: TrustedPage): boolean => isListingKind(page.kind);

/**
 * A paper page's paper as the background keeps it: the one its URL names (a page claiming another paper, or
 * another version than its URL says, is refused), its source the page's kind and URL, and its links' origins
 * left to the merge.
 */
export function trustedPaper(page: TrustedPage, paper: Paper): Paper {
  if (isListingPage(page) || !page.names)
    throw new ReportRefused('This page is not a paper page: it cannot report a paper.');
  const { arxivId, version } = page.names;
  if (paper.id !== arxivCanonicalId(arxivId) || (paper.arxivId !== undefined && paper.arxivId !== arxivId))
    throw new ReportRefused(`This page is ${arxivId}'s: it cannot report another paper.`);
  if (version !== undefined && paper.version !== undefined && paper.version !== version)
    throw new ReportRefused(`This page shows v${version}: it cannot report v${paper.version}.`);
  return {
    ...paper,
    arxivId,
    source: { site: page.site, kind: page.kind, url: page.url },
    ...(paper.links ? { links: paper.links.map(({ from: _from, ...link }) => link) } : {}),
  };
}

/** A listing's ids: arXiv papers only (arXiv's and Hugging Face's listings list nothing else), no repeats. */
export function trustedListing(page: TrustedPage, ids: string[]): string[] {
  if (!isListingPage(page)) throw new ReportRefused('This page is not a listing: it cannot report entries.');
  for (const id of ids) {
    const arxivId = id.startsWith('arxiv:') ? parseArxivId(id.slice('arxiv:'.length))?.arxivId : undefined;
    if (!arxivId || arxivCanonicalId(arxivId) !== id)
      throw new ReportRefused(`A listing entry has no arXiv id: ${JSON.stringify(id.slice(0, 80))}.`);
  }
  return [...new Set(ids)];
}

/** A listing entry's record as the background keeps it: an arXiv paper, its source the listing's kind and URL. */
export function trustedListingPaper(page: TrustedPage, paper: Paper): Paper {
  const [id] = trustedListing(page, [paper.id]);
  return {
    ...paper,
    id: id as string,
    arxivId: (id as string).slice('arxiv:'.length),
    source: { site: page.site, kind: page.kind, url: page.url },
    ...(paper.links ? { links: paper.links.map(({ from: _from, ...link }) => link) } : {}),
  };
}
