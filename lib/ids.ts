/** arXiv identifiers: parsing, canonical ids, and the URLs built from them. */
import { isSiteHost } from './sites';

// New style `YYMM.NNNN(N)`; old style `archive[.SUB]/YYMMNNN` (hep-th/9901001, math.GT/0309136).
const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID = String.raw`[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}`;
const ID_WITH_VERSION = new RegExp(String.raw`^(${NEW_ID}|${OLD_ID})(?:v(\d+))?$`);
const ARXIV_PATH = new RegExp(
  String.raw`^/(abs|pdf|html|format|src)/(${NEW_ID}|${OLD_ID})(?:v(\d+))?(?:\.pdf)?/?$`,
);

export interface ArxivRef {
  arxivId: string;
  version?: number;
}

/** Parses `2401.12345`, `2401.12345v3`, `arXiv:hep-th/9901001v2`; undefined for anything else. */
export function parseArxivId(text: string): ArxivRef | undefined {
  const match = ID_WITH_VERSION.exec(text.trim().replace(/^arxiv:/i, ''));
  if (!match?.[1]) return undefined;
  return match[2] ? { arxivId: match[1], version: Number(match[2]) } : { arxivId: match[1] };
}

/** The arXiv page an URL points at (`/abs/ID`, `/pdf/IDvN`, `/html/IDvN`), if any. */
export function parseArxivUrl(url: string): (ArxivRef & { page: string }) | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(parsed.protocol) || !isSiteHost('arxiv', parsed.hostname)) return undefined;
  const match = ARXIV_PATH.exec(parsed.pathname);
  if (!match?.[1] || !match[2]) return undefined;
  const ref: ArxivRef & { page: string } = { page: match[1], arxivId: match[2] };
  if (match[3]) ref.version = Number(match[3]);
  return ref;
}

export const arxivCanonicalId = (arxivId: string): string => `arxiv:${arxivId}`;
export const arxivAbsUrl = (arxivId: string): string => `https://arxiv.org/abs/${arxivId}`;
export const arxivPdfUrl = (arxivId: string): string => `https://arxiv.org/pdf/${arxivId}`;

/** The id and URLs every page of an arXiv paper agrees on, whatever its site, version or page kind. */
export function arxivIdentity(arxivId: string): {
  id: string;
  arxivId: string;
  absUrl: string;
  pdfUrl: string;
} {
  return {
    id: arxivCanonicalId(arxivId),
    arxivId,
    absUrl: arxivAbsUrl(arxivId),
    pdfUrl: arxivPdfUrl(arxivId),
  };
}

/**
 * Canonical id for a paper without an arXiv id: its DOI in lower case (DOI names are case-insensitive, so the same DOI
 * typed two ways is one paper), else its URL without what only tracks the visit
 * (`utm_*`, `ref`, `fbclid`... and the fragment), so one page gives one record however it was reached.
 */
export function fallbackId(doi: string | undefined, url: string): string {
  return doi ? `doi:${doi.toLowerCase()}` : `url:${canonicalUrl(url)}`;
}

const TRACKING = /^(utm_.*|ref|ref_src|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid)$/i;

/** `url` without its fragment and tracking parameters; the other parameters kept in order. */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()])
    if (TRACKING.test(name)) parsed.searchParams.delete(name);
  return parsed.href;
}

// A DOI as pages write it: bare, `doi:`, `info:doi/` or a doi.org link, with or without its scheme.
const DOI_ORG = String.raw`(?:https?:\/\/)?(?:dx\.|www\.)?doi\.org\/`;
const DOI_LINK = new RegExp(`^${DOI_ORG}`, 'i');
const DOI = new RegExp(String.raw`^(?:doi:\s*|info:doi\/|${DOI_ORG})?(10\.\d{4,9}\/\S+)$`, 'i');

/**
 * The DOI `text` names (`10.1000/xyz`, `doi:10.1000/xyz`, `https://doi.org/10.1000%2Fxyz`), as written: DOI names are
 * case-insensitive, so only the `doi:` id (fallbackId) is lower-cased. Undefined for anything else.
 */
export function parseDoi(text: string | undefined): string | undefined {
  const trimmed = text?.trim() ?? '';
  return DOI.exec(/^https?:/i.test(trimmed) || DOI_LINK.test(trimmed) ? decodedUrl(trimmed) : trimmed)?.[1];
}

function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** The DOI a canonical id names (`doi:10.x/y`), if it is one. */
export const doiOfId = (id: string): string | undefined => (id.startsWith('doi:') ? id.slice(4) : undefined);
