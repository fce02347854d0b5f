/**
 * Any other scholarly page (OpenReview, ACL Anthology, PMLR, bioRxiv, Semantic Scholar...): the Highwire
 * `citation_*` tags Google Scholar asks publishers for, then schema.org JSON-LD, then Dublin Core, PRISM and Open
 * Graph. The abstract: a tag that names it, else JSON-LD's, else the element the page marks as the abstract, else a
 * section headed "Abstract", else a page description that is one. Runs only when the user clips the page, so it
 * may afford Readability to find that section.
 */
import { Readability } from '@mozilla/readability';
import { arxivAbsUrl, arxivCanonicalId, arxivPdfUrl, fallbackId, parseArxivId, parseDoi } from '../ids';
import { cleanUrl } from '../links';
import type { Paper } from '../paper';
import { markupToText } from '../text';
import { abstractElementText, isSummary } from './abstract-element';
import {
  canonicalPageUrl,
  compact,
  firstLast,
  type MetaTags,
  metaTags,
  paperLinks,
  partialIsoDate,
  textAfterHeading,
  textOf,
} from './common';
import { type JsonLdArticle, jsonLdArticle } from './json-ld';

// arXiv's own DataCite DOI names the arXiv id, not a publisher's version.
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
// Readability scores every element; past this many it gives up and the plain DOM lookup answers.
const READABILITY_MAX_ELEMENTS = 20_000;

export function extractCitationMeta(doc: Document, url: string): Paper[] {
  const tags = metaTags(doc);
  const linked = jsonLdArticle(doc);
  const citationTitle = tags.first('citation_title');
  const title =
    citationTitle ?? linked?.title ?? dublinCoreTitle(tags) ?? tags.first('og:title') ?? textOf(doc, 'title');
  if (!title) return [];
  // Any web page has a title and a description (a pizza shop's too): a paper also has scholarly tags, or else an
  // element or a section that is its abstract. Readability is the slow part, skipped when the page has said it all.
  const tagged =
    citationTitle !== undefined ||
    linked?.scholarly ||
    isDublinCoreRecord(tags) ||
    tags.someStartsWith('prism.');
  const element = abstractElementText(doc);
  const named =
    firstRead(ABSTRACT_TAGS, (name) => markupToText(tags.first(name) ?? '') || undefined) ??
    linked?.abstract ??
    element;
  const section = named && (tagged || element) ? undefined : abstractSection(doc);
  if (!tagged && !element && !section) return [];
  const authors = authorsOf(tags, linked);
  const abstract = named ?? section ?? descriptionAbstract(tags, title, authors, linked);

  const pdfMeta = tags.first('citation_pdf_url');
  const doi = doiOf(tags, pdfMeta, linked);
  const arxivId = bareArxivId(tags.first('citation_arxiv_id')) ?? bareArxivId(ARXIV_DOI.exec(doi ?? '')?.[1]);
  const pageUrl = canonicalPageUrl(doc, url);
  // Known by its arXiv id, its DOI or its page: a page with none of them (read at no web URL) gives nothing.
  if (!arxivId && !doi && !pageUrl) return [];
  // Some sites (Semantic Scholar) put the DOI link where the PDF belongs.
  const pdfUrl = pdfMeta && !parseDoi(pdfMeta) ? cleanUrl(pdfMeta) : undefined;
  return [
    compact<Paper>({
      // Without a DOI, the page URL is there (checked above).
      id: arxivId ? arxivCanonicalId(arxivId) : fallbackId(doi, pageUrl ?? ''),
      arxivId,
      title,
      authors,
      abstract,
      submitted: pageDate(tags, linked),
      journalRef:
        tags.first('citation_journal_title') ?? tags.first('citation_conference_title') ?? linked?.journal,
      doi: doi && !ARXIV_DOI.test(doi) ? doi : undefined,
      pdfUrl: pdfUrl ?? (arxivId && arxivPdfUrl(arxivId)),
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

/** The Dublin Core title (`DC.title`, `dc.Title`), with its subtitle when the page gives one apart. */
function dublinCoreTitle(tags: MetaTags): string | undefined {
  const title = tags.first('dc.title');
  const subtitle = tags.first('dc.title.subtitle');
  return title && subtitle ? `${title}: ${subtitle}` : title;
}

/** A Dublin Core title with a creator, identifier or type: a catalogued work, not just a titled page. */
const isDublinCoreRecord = (tags: MetaTags): boolean =>
  tags.first('dc.title') !== undefined &&
  ['dc.creator', 'dc.identifier', 'dc.type'].some((name) => tags.first(name) !== undefined);

/**
 * The arXiv id as arXiv writes it in `citation_arxiv_id` (`1706.03762`, `hep-th/9901001`), real: a month
 * 01-12 and, for new ids, 4 digits up to 1412 and 5 after. Any site can set the tag, so a version, prefix,
 * URL, text around it or an id that cannot exist gives none.
 */
function bareArxivId(text: string | undefined): string | undefined {
  const arxivId = parseArxivId(text ?? '')?.arxivId;
  if (!arxivId || arxivId !== text) return undefined;
  const [, yy = '', mm = '', number] = /(\d\d)(\d\d)(?:\.(\d+)|\d{3})$/.exec(arxivId) ?? [];
  const month = Number(mm);
  if (month < 1 || month > 12) return undefined;
  if (number === undefined) return arxivId;
  const yymm = Number(yy + mm);
  return yymm >= 704 && number.length === (yymm <= 1412 ? 4 : 5) ? arxivId : undefined;
}

/**
 * One tag per author ("Last, First" or "First Last"), else the older `citation_authors` "A; B" list, else JSON-LD's,
 * else Dublin Core's.
 */
function authorsOf(tags: MetaTags, linked: JsonLdArticle | undefined): string[] {
  const tagged = tags.all('citation_author');
  const listed = tags.first('citation_authors')?.split(';');
  if (tagged.length === 0 && !listed && linked?.authors.length) return linked.authors;
  const names = tagged.length > 0 ? tagged : (listed ?? tags.all('dc.creator'));
  return names.map(firstLast).filter(Boolean);
}

/**
 * The publication date, as precisely as the page trusts it: the first tag's date, unless another tag refines
 * it. Publishers put placeholders in `citation_publication_date` (`2020/01/01` for "2020", `2019/06/01` for
 * "June 2019") while `citation_date` has the real day; a year or a month alone is kept when nothing refines it.
 */
function pageDate(tags: MetaTags, linked: JsonLdArticle | undefined): string | undefined {
  const stated = [
    tags.first('citation_publication_date'),
    tags.first('citation_date'),
    tags.first('citation_online_date'),
    linked?.datePublished,
    tags.first('dc.date'),
    tags.first('article:published_time'),
  ];
  const dates = stated.map(partialIsoDate).filter((date): date is string => date !== undefined);
  const [first] = dates;
  if (!first) return undefined;
  // The first date, or the first of the most specific ones that agree with what it says for sure.
  let best = first;
  for (const date of dates) {
    if (date.startsWith(trustedPart(first)) && trustedPart(date).length > trustedPart(best).length)
      best = date;
  }
  return best;
}

/** What a date says for sure: the first of January may stand for the year alone, the first of a month for the month. */
function trustedPart(date: string): string {
  if (date.endsWith('-01-01')) return date.slice(0, 4);
  if (date.length === 10 && date.endsWith('-01')) return date.slice(0, 7);
  return date;
}

function doiOf(
  tags: MetaTags,
  pdfMeta: string | undefined,
  linked: JsonLdArticle | undefined,
): string | undefined {
  const candidates = [
    tags.first('citation_doi'),
    linked?.doi,
    tags.first('prism.doi'),
    ...tags.all('dc.identifier'),
    pdfMeta,
  ];
  return firstRead(candidates, parseDoi);
}

// Tags that hold the abstract by their name; a description (JSON-LD's and Dublin Core's too) may be anything about
// the page.
const ABSTRACT_TAGS = ['citation_abstract', 'dcterms.abstract'];
const DESCRIPTION_TAGS = ['dc.description', 'og:description', 'description', 'twitter:description'];
// Shorter than this, a description is a teaser ("Finetuning updated weights can be approximated by a low-rank matrix.").
const MIN_DESCRIPTION_ABSTRACT = 200;

/**
 * The first page description that is an abstract: not a one-line teaser, a copy cut short ("…"), a TL;DR or a
 * citation of the paper ("R. Florian, H. Hassan, … A Statistical Model for … Proceedings of HLT-NAACL 2004.").
 */
function descriptionAbstract(
  tags: MetaTags,
  title: string,
  authors: string[],
  linked: JsonLdArticle | undefined,
): string | undefined {
  const descriptions = [linked?.description, ...DESCRIPTION_TAGS.map((name) => tags.first(name))];
  return firstRead(descriptions, (description) => {
    const text = markupToText(description);
    return isAbstract(text) && !isSummary(text) && !isCitation(text, title, authors) ? text : undefined;
  });
}

function isAbstract(text: string): boolean {
  const sentences = text.match(/[.!?](?=\s+\P{Ll}|$)/gu)?.length ?? 0;
  return text.length >= MIN_DESCRIPTION_ABSTRACT && sentences >= 2 && !/(?:\.\.\.|…)$/.test(text);
}

/** Lower-case words, one space apart and around: ` a statistical model ` (for whole-word search). */
const words = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/**
 * A reference to the paper: its title written out, two of its authors' surnames (an abstract does not name
 * its authors), or a reference's opening ("R. Florian, H. Hassan,") and end ("... 2004.").
 */
function isCitation(text: string, title: string, authors: string[]): boolean {
  const titleWords = words(title);
  if (titleWords.trim().split(' ').length >= 4 && words(text).includes(titleWords)) return true;
  const surnames = new Set(
    authors.map((name) => name.split(' ').at(-1) ?? '').filter((name) => name.length > 1),
  );
  const textWords = new Set(text.split(/[^\p{L}'’-]+/u));
  const named = [...surnames].filter((surname) => textWords.has(surname));
  return named.length >= 2 || (REFERENCE_START.test(text) && REFERENCE_END.test(text));
}

// "R. Florian, H. Hassan," / "Florian, R., Hassan, H." / "Moran, M. E." ...
const REFERENCE_START = /^(?:(?:\p{Lu}\.\s?)+\p{Lu}[\p{L}'’-]+[,;]|\p{Lu}[\p{L}'’-]+,\s(?:\p{Lu}\.\s?)+)/u;
// ... "Proceedings of HLT-NAACL 2004." / "pp. 1-8 (2004)".
const REFERENCE_END = /\b(?:1[6-9]|20)\d\d[a-z]?\)?\.?$/;

/** Looked for in Readability's main content first, so a sidebar of related papers' abstracts is not taken. */
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
