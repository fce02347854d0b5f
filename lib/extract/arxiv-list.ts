/** arXiv listings `/list/CAT/{new,recent,pastweek,YYYY-MM}` and `/catchup`: one paper per `dt`/`dd` pair. */
import type { Paper } from '../paper';
import {
  arxivIdIn,
  arxivPaper,
  authorNames,
  linksOf,
  papersIn,
  readableText,
  subjectCategories,
} from './arxiv-common';

export function extractArxivList(doc: Document, url: string): Paper[] {
  return papersIn(doc, '#dlpage dl > dt', (dt) => listEntry(dt, url));
}

function listEntry(dt: Element, url: string): Paper | undefined {
  const abstractLink = dt.querySelector('a[title="Abstract"]');
  const arxivId =
    arxivIdIn(abstractLink?.textContent) ??
    arxivIdIn(abstractLink?.getAttribute('href')?.replace(/^.*\/abs\//, ''));
  if (!arxivId) return undefined;
  const dd = dt.nextElementSibling?.matches('dd') ? dt.nextElementSibling : undefined;
  const commentsEl = dd?.querySelector('.list-comments');
  // The abstract paragraph is only on /new listings.
  const abstractEl = dd?.querySelector('p.mathjax');
  const comments = readableText(commentsEl);
  const abstract = readableText(abstractEl);
  return arxivPaper('arxiv-list', url, {
    arxivId,
    title: readableText(dd?.querySelector('.list-title')),
    authors: authorNames(dd?.querySelector('.list-authors')),
    abstract,
    ...subjectCategories(dd?.querySelector('.list-subjects')),
    comments,
    journalRef: readableText(dd?.querySelector('.list-journal-ref')),
    links: linksOf([abstract, comments], [abstractEl, commentsEl]),
  });
}
