/**
 * The one record every part of Papershelf speaks: extractors produce it, the background stores it,
 * the popup and library show it, the CLI prints it. A field the page does not have is absent.
 */

export type LinkKind = 'code' | 'model' | 'dataset' | 'demo' | 'project' | 'video' | 'paper' | 'other';

export interface PaperLink {
  url: string;
  kind: LinkKind;
  /** Host name without `www.`, e.g. `github.com`. */
  host: string;
  /** `owner/name` for code hosts and Hugging Face repos. */
  repo?: string;
  /** The organisation (or user) whose page it is, for a link to one and not to a repository: `github.com/ORG`, `huggingface.co/ORG`. */
  org?: string;
  /** Hugging Face's `githubRepo`, or the authors' own words ("our code is at ..."). */
  official?: boolean;
  /** The kind of page the library read it from (set when records merge): a newer version of that page replaces it. */
  from?: PageKind;
}

/** Where a paper was read: arXiv, Hugging Face, or any other site (a publisher's page, an imported file). */
export const SITES = ['arxiv', 'huggingface', 'web'] as const;
export type Site = (typeof SITES)[number];

/** Which kind of page a paper was read from. */
export type PageKind =
  | 'arxiv-abs'
  | 'arxiv-pdf'
  | 'arxiv-html'
  | 'arxiv-list'
  | 'arxiv-search'
  | 'hf-paper'
  | 'hf-list'
  | 'citation-meta'
  /** Not a page: a line of a JSON Lines reading list the user imported (lib/reading-list.ts). */
  | 'reading-list'
  /** Not a page: an entry of a BibTeX or RIS file the user imported (lib/citations). */
  | 'citation-file';

/** Pages that list many papers: clipped in bulk on request, never on visit. */
const LISTING_KINDS: ReadonlySet<PageKind> = new Set(['arxiv-list', 'arxiv-search', 'hf-list']);

export const isListingKind = (kind: PageKind): boolean => LISTING_KINDS.has(kind);

export const isListing = (papers: Paper[]): boolean => papers.some((p) => isListingKind(p.source.kind));

export interface PaperSource {
  site: Site;
  kind: PageKind;
  url: string;
}

export interface HfInfo {
  upvotes?: number;
  githubRepo?: string;
  projectPage?: string;
  githubStars?: number;
  numComments?: number;
}

export interface Paper {
  /** Canonical id: `arxiv:2401.12345` (no version), else `doi:10.x/y`, else `url:https://...`. */
  id: string;
  /** Bare arXiv id without version: `2401.12345`, `hep-th/9901001`. */
  arxivId?: string;
  /** Version of the page shown (the N of `vN`). */
  version?: number;
  title?: string;
  /** All authors, in order, as "First Last". */
  authors?: string[];
  /** Plain text, whitespace collapsed, LaTeX kept as written. */
  abstract?: string;
  /** Date of v1, `yyyy-mm-dd`. */
  submitted?: string;
  /** Date of the version shown, `yyyy-mm-dd`. */
  updated?: string;
  primaryCategory?: string;
  /** Category codes, primary first. */
  categories?: string[];
  comments?: string;
  journalRef?: string;
  /** An external (publisher) DOI only; never arXiv's own 10.48550 DOI. */
  doi?: string;
  pdfUrl?: string;
  absUrl?: string;
  links?: PaperLink[];
  source: PaperSource;
  hf?: HfInfo;
  /** Set when the page could not give the full record (a PDF); cleared when the abstract page is seen. */
  incomplete?: true;
}
