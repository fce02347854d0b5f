/** arXiv HTML full text `/html/IDvN` (LaTeXML): title, authors and abstract of the article; id from the URL. */
import { parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { arxivPaper, readableText } from './arxiv-common';
import { latexmlAuthors } from './latexml-authors';

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
      authors: latexmlAuthors(doc.querySelector('div.ltx_authors')),
      abstract: readableText(doc.querySelector('div.ltx_abstract')),
    }),
  ];
}
