/** arXiv search results `/search/...`: one paper per `li.arxiv-result`. */
import type { Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { arxivIdIn, arxivPaper, authorNames, linksOf, papersIn, readableText } from './arxiv-common';
import { isoDate } from './common';

export function extractArxivSearch(doc: Document, url: string): Paper[] {
  return papersIn(doc, 'li.arxiv-result', (li) => searchResult(li, url));
}

const CATEGORY_CODE = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

function searchResult(li: Element, url: string): Paper | undefined {
  const arxivId = arxivIdIn(li.querySelector('p.list-title a')?.textContent);
  if (!arxivId) return undefined;
  const abstractEl = li.querySelector('span.abstract-full') ?? li.querySelector('p.abstract');
  const commentsEl = labelledParagraph(li, 'Comments:');
  const abstract = readableText(abstractEl);
  const comments = readableText(commentsEl);
  // Category tags: the primary one comes first (and is styled `is-link`); the DOI tag is not a category.
  const categories = [...li.querySelectorAll('.tags span.tag')]
    .map((tag) => collapseWhitespace(tag.textContent ?? ''))
    .filter((code) => CATEGORY_CODE.test(code) && code !== 'doi');
  return arxivPaper('arxiv-search', url, {
    arxivId,
    // The abstract spans' ids name the version listed: "1706.03762v7-abstract-full".
    version: versionInId(abstractEl?.id),
    title: readableText(li.querySelector('p.title')),
    authors: authorNames(li.querySelector('p.authors')),
    abstract,
    ...resultDates(li),
    primaryCategory: categories[0],
    categories,
    comments,
    journalRef: readableText(labelledParagraph(li, 'Journal ref:')),
    doi: doiTag(li),
    links: linksOf([abstract, comments], [abstractEl, commentsEl]),
  });
}

function versionInId(id: string | undefined): number | undefined {
  const version = /v(\d+)-abstract/.exec(id ?? '')?.[1];
  return version ? Number(version) : undefined;
}

/** A `p.comments` row ("Comments:", "Journal ref:") with its label span dropped. */
function labelledParagraph(li: Element, label: string): Element | undefined {
  const row = [...li.querySelectorAll('p.comments')].find((p) =>
    collapseWhitespace(p.querySelector('span')?.textContent ?? '').startsWith(label),
  );
  if (!row) return undefined;
  const copy = row.cloneNode(true) as Element;
  copy.querySelector('span')?.remove();
  return copy;
}

/** "Submitted 1 August, 2023; v1 submitted 12 June, 2017; originally announced June 2017." */
function resultDates(li: Element): Pick<Paper, 'submitted' | 'updated'> {
  const text = collapseWhitespace(li.querySelector('p.is-size-7:not(.comments)')?.textContent ?? '');
  const updated = isoDate(/^Submitted ([^;]+)/.exec(text)?.[1]);
  const firstVersion = isoDate(/v1 submitted ([^;]+)/.exec(text)?.[1]);
  // Without a "v1 submitted" part the result is its first version.
  return { submitted: firstVersion ?? updated, updated };
}

function doiTag(li: Element): string | undefined {
  const doi = collapseWhitespace(li.querySelector('.tags.has-addons a[href*="doi.org/"]')?.textContent ?? '');
  return doi && !doi.startsWith('10.48550/') ? doi : undefined;
}
