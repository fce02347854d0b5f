/**
 * The sites and pages Papershelf reads, in one place: the content script's `matches` (entrypoints/content.ts),
 * the extractor chosen for a URL (lib/extract/index.ts) and the arXiv URLs ids are read from (lib/ids.ts) are
 * all made from this table, so that a page is either read by all three or by none. The publishers' pages read only
 * on "Clip this page" (REQUEST_PAGES) get their site reader from lib/extract/on-request.ts, never the content
 * script. A leaf: no project imports.
 */

export type SiteName = 'arxiv' | 'huggingface';

/** Host names of each site: the bare domain and its mirrors, `www.` included (same pages). */
export const SITE_HOSTS: Readonly<Record<SiteName, readonly string[]>> = {
  arxiv: ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'],
  huggingface: ['huggingface.co', 'www.huggingface.co'],
};

/** A kind of page, by site and path; `lib/extract/index.ts` gives each its extractor. */
export type PageName = 'arxiv-abs' | 'arxiv-pdf' | 'arxiv-html' | 'arxiv-list' | 'arxiv-search' | 'hf-papers';

export interface SitePage<Name extends string = PageName, Site extends string = SiteName> {
  name: Name;
  site: Site;
  /**
   * Paths of the page: `/abs/` (ending in `/`) is every path below it; `/search` (no `/` at the end) is that
   * path itself, with a query, or any path below it.
   */
  paths: readonly string[];
  /** Read from its URL alone by the background (a PDF has no DOM to read): the content script does not run there. */
  urlOnly?: true;
  /** The site's app moves to and from this page without a load (Hugging Face); arXiv's pages never do. */
  inPage?: true;
}

export const SITE_PAGES: readonly SitePage[] = [
  { name: 'arxiv-abs', site: 'arxiv', paths: ['/abs/'] },
  { name: 'arxiv-pdf', site: 'arxiv', paths: ['/pdf/'], urlOnly: true },
  { name: 'arxiv-html', site: 'arxiv', paths: ['/html/'] },
  { name: 'arxiv-list', site: 'arxiv', paths: ['/list', '/catchup'] },
  { name: 'arxiv-search', site: 'arxiv', paths: ['/search'] },
  // Paper pages (`/papers/<arxiv id>`) and listings (`/papers`, `/papers/date/…`, `/papers?q=…`).
  { name: 'hf-papers', site: 'huggingface', paths: ['/papers'], inPage: true },
];

/**
 * Publishers whose pages' record the citation tags miss (IEEE Xplore has none, ACM's Dublin Core runs names
 * together, OpenReview's data holds the venue and code): read by a site reader of their own, only on request. Apart
 * from SITE_HOSTS, which also says where the extension's own pages may be framed (wxt.config.ts).
 */
export type PublisherName = 'ieee-xplore' | 'acm-dl' | 'openreview';

export const PUBLISHER_HOSTS: Readonly<Record<PublisherName, readonly string[]>> = {
  'ieee-xplore': ['ieeexplore.ieee.org'],
  'acm-dl': ['dl.acm.org'],
  openreview: ['openreview.net', 'www.openreview.net'],
};

export type RequestPageName = 'ieee-document' | 'acm-doi' | 'openreview-forum';

export const REQUEST_PAGES: readonly SitePage<RequestPageName, PublisherName>[] = [
  { name: 'ieee-document', site: 'ieee-xplore', paths: ['/document/', '/abstract/document/'] },
  // `/doi/10.1145/…`, and its `/doi/abs/`, `/doi/full/` and `/doi/pdf/` forms.
  { name: 'acm-doi', site: 'acm-dl', paths: ['/doi/'] },
  { name: 'openreview-forum', site: 'openreview', paths: ['/forum'] },
];

/** Whether `hostname` is one of `site`'s hosts (`www.arxiv.org` is arXiv; `arxiv.org.evil.example` is not). */
export function isSiteHost(site: SiteName, hostname: string): boolean {
  return SITE_HOSTS[site].includes(hostname.toLowerCase());
}

const onPath = (path: string, pathname: string): boolean =>
  path.endsWith('/') ? pathname.startsWith(path) : pathname === path || pathname.startsWith(`${path}/`);

/** The page at `url` (http or https, one of the sites' hosts, one of the pages' paths), if Papershelf reads it. */
export const sitePageAt = (url: string): SitePage | undefined => pageAt(SITE_PAGES, SITE_HOSTS, url);

/** The publisher's page at `url` that has a site reader for "Clip this page", if any. */
export const requestPageAt = (url: string): SitePage<RequestPageName, PublisherName> | undefined =>
  pageAt(REQUEST_PAGES, PUBLISHER_HOSTS, url);

function pageAt<Name extends string, Site extends string>(
  pages: readonly SitePage<Name, Site>[],
  hosts: Readonly<Record<Site, readonly string[]>>,
  url: string,
): SitePage<Name, Site> | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const hostname = parsed.hostname.toLowerCase();
  return pages.find(
    (page) => hosts[page.site].includes(hostname) && page.paths.some((path) => onPath(path, parsed.pathname)),
  );
}

/**
 * Match patterns of the pages the content script reads (every page but the URL-only ones), on every host, over
 * https only (both sites serve nothing else; a page over http could be anyone's).
 * A pattern's path is matched against the URL's path and query, so a path without `/` at the end gets three:
 * itself, itself with a query, and below it.
 */
export function contentScriptMatches(): string[] {
  return SITE_PAGES.filter((page) => !page.urlOnly).flatMap((page) =>
    SITE_HOSTS[page.site].flatMap((host) =>
      page.paths.flatMap((path) =>
        path.endsWith('/')
          ? [`https://${host}${path}*`]
          : [`https://${host}${path}`, `https://${host}${path}?*`, `https://${host}${path}/*`],
      ),
    ),
  );
}
