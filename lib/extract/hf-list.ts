/**
 * Hugging Face listings: `/papers`, `/papers/date|week|month/...`, `/papers/trending`, `/papers?q=`.
 * Every entry is in a JSON island; the server-rendered cards are the fallback.
 */
import { arxivIdentity } from '../ids';
import type { Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { compact, isJsonObject, type Json, textOf } from './common';
import { arxivIdFromHfPaperHref, hfInfo, hydrationIslands, numberField, paperFromHfObject } from './hf-data';

type HfEntry = Json & { paper: Json };

export function extractHfList(doc: Document, url: string): Paper[] {
  const entries = islandEntries(doc);
  if (!entries) return papersFromCards(doc, url);
  return entries.flatMap((entry) => {
    const paper = paperFromHfObject(
      entry.paper,
      { numComments: numberField(entry, 'numComments') },
      'hf-list',
      url,
    );
    return paper ? [paper] : [];
  });
}

const isEntryList = (value: unknown): value is HfEntry[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((entry) => isJsonObject(entry) && isJsonObject(entry.paper));

/**
 * Entries (`{paper, numComments, ...}`) of the first island that lists papers: `dailyPapers` on the
 * daily/weekly/monthly pages; trending and search name their list differently, so any list of
 * `{paper}` entries counts.
 */
function islandEntries(doc: Document): HfEntry[] | undefined {
  for (const { props } of hydrationIslands(doc)) {
    const list = isEntryList(props.dailyPapers) ? props.dailyPapers : Object.values(props).find(isEntryList);
    if (list) return list;
  }
  return undefined;
}

/** One paper per card (`article h3 > a[href="/papers/<id>"]`): no authors or abstract, they are not in the card. */
function papersFromCards(doc: Document, url: string): Paper[] {
  return [...doc.querySelectorAll('article')].flatMap((card) => {
    const arxivId = arxivIdFromHfPaperHref(card.querySelector('h3 > a[href]')?.getAttribute('href') ?? '');
    const title = textOf(card, 'h3 > a');
    if (!arxivId || !title) return [];
    return [
      compact<Paper>({
        ...arxivIdentity(arxivId),
        title,
        source: { site: 'huggingface', kind: 'hf-list', url },
        hf: hfInfo({
          upvotes: cardCount(card, '[role="checkbox"] .leading-none'),
          numComments: cardCount(card, 'a[href$="#community"]'),
        }),
      }),
    ];
  });
}

// Counters render 0 as "-".
function cardCount(card: Element, selector: string): number | undefined {
  const text = collapseWhitespace(card.querySelector(selector)?.textContent ?? '');
  if (text === '-') return 0;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
