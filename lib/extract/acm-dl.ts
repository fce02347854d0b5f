/**
 * ACM Digital Library pages (`dl.acm.org/doi/10.1145/…`): their Dublin Core tags give the citation reader the title
 * and subtitle, date and abstract element, but write each creator as surname and given name run together
 * ("AbdelazizIbrahim"); the page's schema.org markup names them apart (`[property=author]` with `givenName` and
 * `familyName`). The DOI is the one the URL names, written as the page prints it.
 */
import { fallbackId, parseDoi } from '../ids';
import { cleanUrl } from '../links';
import type { Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { extractCitationMeta } from './citation-meta';
import { compact, metaTags } from './common';

// `/doi/10.1145/3186728.3164144`, `/doi/abs/…`, `/doi/full/…`, `/doi/pdf/…`.
const DOI_PATH = /^\/doi\/(?:(?:abs|full|fullHtml|pdf|epdf|book)\/)?(10\.\d{4,9}\/.+)$/;

export function extractAcmDl(doc: Document, url: string): Paper[] {
  return extractCitationMeta(doc, url).map((paper) => {
    const tags = metaTags(doc);
    const named = doiInPath(url);
    const printed = parseDoi(tags.first('publication_doi')) ?? paper.doi;
    // The same DOI typed in another case in the URL is stored as the page prints it.
    const doi = named && printed?.toLowerCase() !== named.toLowerCase() ? named : (printed ?? named);
    const authors = schemaOrgAuthors(doc);
    const pdfHref = doc.querySelector('a[href^="/doi/pdf/"]')?.getAttribute('href');
    return compact<Paper>({
      ...paper,
      id: paper.arxivId ? paper.id : fallbackId(doi, paper.absUrl ?? url),
      authors: authors.length > 0 ? authors : tags.all('dc.creator').map(surnameGivenApart),
      doi,
      pdfUrl: (pdfHref && URL.canParse(pdfHref, url) && cleanUrl(new URL(pdfHref, url).href)) || paper.pdfUrl,
    });
  });
}

/** The DOI the URL's path names, percent-escapes decoded as in a doi.org link. */
function doiInPath(url: string): string | undefined {
  const path = URL.canParse(url) ? DOI_PATH.exec(new URL(url).pathname)?.[1] : undefined;
  return path && parseDoi(`https://doi.org/${path}`);
}

/**
 * The authors of the page's schema.org RDFa, in order: the first list of `[property=author]` elements (the page
 * lists them again with their affiliations further down).
 */
function schemaOrgAuthors(doc: Document): string[] {
  const first = doc.querySelector('[property="author"]');
  const list = [...doc.querySelectorAll('[property="author"]')].filter(
    (author) => author.parentElement === first?.parentElement,
  );
  return list.flatMap((author) => {
    const part = (name: string) =>
      collapseWhitespace(author.querySelector(`[property="${name}"]`)?.textContent ?? '');
    const name = [part('givenName'), part('familyName')].filter(Boolean).join(' ') || part('name');
    return name ? [name] : [];
  });
}

/** "AbdelazizIbrahim" -> "Ibrahim Abdelaziz": the given name starts at the last capital after a small letter. */
function surnameGivenApart(creator: string): string {
  const [, surname, given] = /^(.*\p{Ll})(\p{Lu}.*)$/u.exec(creator) ?? [];
  return surname && given ? `${given} ${surname}` : creator;
}
