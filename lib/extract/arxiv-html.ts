/** arXiv HTML full text `/html/IDvN` (LaTeXML): title, authors and abstract of the article; id from the URL. */
import { parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { arxivPaper, readableText } from './arxiv-common';

export function extractArxivHtml(doc: Document, url: string): Paper[] {
  const ref = parseArxivUrl(url);
  const title = readableText(doc.querySelector('h1.ltx_title_document'));
  // No paper without its title (an article that did not load, or no article) or without the id its URL gives.
  if (!title || !ref) return [];
  return [
    arxivPaper('arxiv-html', url, {
      arxivId: ref.arxivId,
      version: ref.version,
      title,
      authors: [...doc.querySelectorAll('div.ltx_authors .ltx_personname')].flatMap(personNames),
      abstract: readableText(doc.querySelector('div.ltx_abstract')),
    }),
  ];
}

// What a LaTeXML author block holds besides names: affiliation/email/footnote parts and superscript marks.
const NOT_A_NAME =
  'sup, math, .ltx_note, .ltx_contact, .ltx_role_affiliation, .ltx_role_email, .ltx_author_notes';
const LINE_BREAK = '\uE000';

/**
 * Names in one `.ltx_personname`: its first line (affiliations and emails follow `<br>`s), split where one
 * `\author{}` lists several people ("A, B and C"), with footnote symbols trimmed.
 */
function personNames(personname: Element): string[] {
  const copy = personname.cloneNode(true) as Element;
  for (const extra of copy.querySelectorAll(NOT_A_NAME)) extra.remove();
  for (const br of copy.querySelectorAll('br')) br.replaceWith(LINE_BREAK);
  const firstLine = (copy.textContent ?? '').split(LINE_BREAK).find((line) => line.trim()) ?? '';
  return firstLine
    .split(/,|&|\band\b/)
    .map((name) => collapseWhitespace(name.replace(/[*∗⋆†‡§¶\d]+/g, ' ')))
    .filter((name) => name && !name.includes('@') && !/^(Jr|Sr)\.?$/.test(name));
}
