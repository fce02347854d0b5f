/**
 * Any other scholarly page (OpenReview, ACL Anthology, PMLR, bioRxiv, Semantic Scholar...): the
 * Highwire `citation_*` tags Google Scholar asks publishers for, with Dublin Core and Open Graph as
 * fallbacks. Runs only when the user clips the page, so it may afford Readability for the abstract.
 */
import { Readability } from '@mozilla/readability';
import { arxivAbsUrl, arxivCanonicalId, arxivPdfUrl, fallbackId, parseArxivId } from '../ids';
import type { Paper } from '../paper';
import {
  compact,
  firstLast,
  isoDate,
  metaContent,
  metaContents,
  paperLinks,
  textAfterHeading,
  textOf,
} from './common';

// arXiv's own DataCite DOI names the arXiv id, not a publisher's version.
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
const DOI = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
// Readability scores every element; past this many it gives up and the plain DOM lookup answers.
const READABILITY_MAX_ELEMENTS = 20_000;

export function extractCitationMeta(doc: Document, url: string): Paper[] {
  const citationTitle = metaContent(doc, 'citation_title');
  const title = citationTitle ?? firstMeta(doc, ['DC.title', 'dc.title', 'og:title']) ?? textOf(doc, 'title');
  if (!title) return [];
  const abstract = abstractOf(doc);
  // Without Highwire tags, a title alone is any web page; with an abstract it reads as a paper.
  if (!citationTitle && !abstract) return [];

  const pdfMeta = metaContent(doc, 'citation_pdf_url');
  const doi = doiOf(doc, pdfMeta);
  const arxivId =
    parseArxivId(metaContent(doc, 'citation_arxiv_id') ?? '')?.arxivId ??
    parseArxivId(ARXIV_DOI.exec(doi ?? '')?.[1] ?? '')?.arxivId;
  const pageUrl = canonicalUrl(doc, url);
  return [
    compact<Paper>({
      id: arxivId ? arxivCanonicalId(arxivId) : fallbackId(doi, pageUrl),
      arxivId,
      title,
      authors: authorsOf(doc),
      abstract,
      submitted: firstDate(doc),
      journalRef: firstMeta(doc, ['citation_journal_title', 'citation_conference_title']),
      doi: doi && !ARXIV_DOI.test(doi) ? doi : undefined,
      // Some sites (Semantic Scholar) put the DOI link where the PDF belongs.
      pdfUrl: pdfMeta && !DOI.test(pdfMeta) ? pdfMeta : arxivId && arxivPdfUrl(arxivId),
      absUrl: arxivId ? arxivAbsUrl(arxivId) : pageUrl,
      links: paperLinks(abstract),
      source: { site: 'web', kind: 'citation-meta', url },
    }),
  ];
}

/** The first of `candidates` that `read` makes something of. */
function firstRead<T>(
  candidates: (string | undefined)[],
  read: (candidate: string) => T | undefined,
): T | undefined {
  for (const candidate of candidates) {
    const value = candidate === undefined ? undefined : read(candidate);
    if (value !== undefined) return value;
  }
  return undefined;
}

const firstMeta = (doc: Document, names: string[]): string | undefined =>
  firstRead(names, (name) => metaContent(doc, name));

/** One tag per author ("Last, First" or "First Last"), else the older `citation_authors` "A; B" list, else Dublin Core. */
function authorsOf(doc: Document): string[] {
  const tagged = metaContents(doc, 'citation_author');
  const listed = metaContent(doc, 'citation_authors')?.split(';');
  const names =
    tagged.length > 0
      ? tagged
      : (listed ?? [...metaContents(doc, 'DC.creator'), ...metaContents(doc, 'dc.creator')]);
  return names.map(firstLast).filter(Boolean);
}

// The publication date first; a year alone is not a date and is skipped.
function firstDate(doc: Document): string | undefined {
  const names = [
    'citation_publication_date',
    'citation_date',
    'citation_online_date',
    'DC.date',
    'dc.date',
    'article:published_time',
  ];
  return firstRead(names, (name) => isoDate(metaContent(doc, name)));
}

function doiOf(doc: Document, pdfMeta: string | undefined): string | undefined {
  const candidates = [
    metaContent(doc, 'citation_doi'),
    metaContent(doc, 'prism.doi'),
    ...metaContents(doc, 'DC.identifier'),
    ...metaContents(doc, 'dc.identifier'),
    pdfMeta,
  ];
  return firstRead(candidates, (candidate) => DOI.exec(candidate)?.[1]);
}

/**
 * The abstract tag, else a section headed "Abstract" (looked for in Readability's main content first,
 * so a sidebar of related papers' abstracts is not taken), else the page description.
 */
function abstractOf(doc: Document): string | undefined {
  return (
    firstMeta(doc, ['citation_abstract', 'dcterms.abstract', 'DC.description', 'dc.description']) ??
    abstractSection(doc) ??
    firstMeta(doc, ['og:description', 'description', 'twitter:description'])
  );
}

function abstractSection(doc: Document): string | undefined {
  const main = mainContent(doc);
  return (main && textAfterHeading(main, 'Abstract')) || textAfterHeading(doc, 'Abstract');
}

// Readability rewrites the document it reads, so it gets a copy.
function mainContent(doc: Document): Element | undefined {
  try {
    const copy = doc.cloneNode(true) as Document;
    const article = new Readability(copy, {
      serializer: (node) => node as Element,
      maxElemsToParse: READABILITY_MAX_ELEMENTS,
    }).parse();
    return article?.content ?? undefined;
  } catch {
    return undefined;
  }
}

/** `<link rel=canonical>` resolved against the page, else the page URL itself. */
function canonicalUrl(doc: Document, url: string): string {
  const href = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (!href) return url;
  try {
    const canonical = new URL(href, url);
    return /^https?:$/.test(canonical.protocol) ? canonical.href : url;
  } catch {
    return url;
  }
}
