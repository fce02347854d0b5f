/**
 * IEEE Xplore document pages (`ieeexplore.ieee.org/document/N`): no citation tags; the record is the JSON a script
 * assigns to `xplGlobal.document.metadata` (title, authors with first and last names, DOI, abstract, publication,
 * volume, issue, pages, date). Abstracts and titles hold JATS markup: formulas are kept as their TeX.
 */
import { fallbackId, parseDoi } from '../ids';
import { cleanUrl } from '../links';
import type { Paper } from '../paper';
import {
  assignedJsonObject,
  canonicalPageUrl,
  compact,
  isJsonObject,
  type Json,
  jsonText,
  paperLinks,
  partialIsoDate,
} from './common';

const METADATA = 'xplGlobal.document.metadata';

export function extractIeeeXplore(doc: Document, url: string): Paper[] {
  const metadata = documentMetadata(doc);
  const title = metadata && formulaText(metadata.title ?? metadata.displayDocTitle);
  if (!metadata || !title) return [];
  const doi = parseDoi(jsonText(metadata.doi));
  const absUrl = canonicalPageUrl(doc, url);
  // Known by its DOI or its page: read at no web URL and without a DOI, it is no one's.
  if (!doi && !absUrl) return [];
  const abstract = formulaText(metadata.abstract);
  return [
    compact<Paper>({
      id: fallbackId(doi, absUrl ?? ''),
      title,
      authors: (Array.isArray(metadata.authors) ? metadata.authors : []).flatMap(authorName),
      abstract,
      // An issue of two months or a quarter ("Jan.-Feb. 2024", "Firstquarter 2024") is dated by its year.
      submitted:
        partialIsoDate(jsonText(metadata.publicationDate)) ??
        partialIsoDate(jsonText(metadata.publicationYear)),
      journalRef: publication(metadata),
      doi,
      pdfUrl: onSite(jsonText(metadata.pdfUrl), absUrl),
      absUrl,
      links: paperLinks(abstract),
      source: { site: 'web', kind: 'citation-meta', url },
    }),
  ];
}

function documentMetadata(doc: Document): Json | undefined {
  for (const script of doc.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    if (!text.includes(METADATA)) continue;
    const metadata = assignedJsonObject(text, METADATA);
    if (isJsonObject(metadata)) return metadata;
  }
  return undefined;
}

/** "B. Sundar Rajan" as IEEE prints it, else its first and last names. */
function authorName(author: unknown): string[] {
  if (!isJsonObject(author)) return [];
  const name =
    jsonText(author.name) ??
    [jsonText(author.firstName), jsonText(author.lastName)].filter(Boolean).join(' ');
  return name ? [name] : [];
}

/** "IEEE Transactions on Communications, vol. 72, no. 10, pp. 6102-6115", as IEEE cites it (the date apart). */
function publication(metadata: Json): string | undefined {
  const title = jsonText(metadata.publicationTitle) ?? jsonText(metadata.displayPublicationTitle);
  if (!title) return undefined;
  const volume = jsonText(metadata.volume);
  const issue = jsonText(metadata.issue);
  const [start, end] = [jsonText(metadata.startPage), jsonText(metadata.endPage)];
  const pages = start && end && end !== start ? `pp. ${start}-${end}` : start && `p. ${start}`;
  return [title, volume && `vol. ${volume}`, issue && `no. ${issue}`, pages].filter(Boolean).join(', ');
}

/** A path on IEEE Xplore (`/stamp/stamp.jsp?…`) made absolute against the page; only an http(s) URL is kept. */
function onSite(path: string | undefined, pageUrl: string | undefined): string | undefined {
  return path && pageUrl && URL.canParse(path, pageUrl) ? cleanUrl(new URL(path, pageUrl).href) : undefined;
}

// A JATS formula: `<inline-formula …><tex-math notation="LaTeX">$2^{N}$</tex-math></inline-formula>`, or MathML alone.
const FORMULA = /<((?:[\w-]+:)?(?:inline|disp)-formula)\b[^<>]*>([\s\S]*?)<\/\1\s*>/gi;
const TEX_MATH = /<(?:[\w-]+:)?tex-math\b[^<>]*>([\s\S]*?)<\/(?:[\w-]+:)?tex-math\s*>/i;

/** Text of a title or abstract: each formula as its TeX (`$2^{N}$`), else its MathML's text; other markup as text. */
function formulaText(value: unknown): string | undefined {
  if (typeof value !== 'string') return jsonText(value);
  return jsonText(value.replace(FORMULA, (_formula, _tag: string, body: string) => formulaTex(body)));
}

function formulaTex(body: string): string {
  const tex = TEX_MATH.exec(body)?.[1]
    ?.replace(/<!\[CDATA\[|\]\]>/g, '')
    .trim();
  if (!tex) return body.replace(/<[^<>]*>/g, '');
  return /^(?:\$|\\\(|\\\[)/.test(tex) ? tex : `$${tex}$`;
}
