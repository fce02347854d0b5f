/**
 * Hugging Face pages ship their data as JSON in `SVELTE_HYDRATER` islands (`data-props`); both the
 * paper page and the listings carry the same `paper` object, read here into a Paper.
 */
import { arxivIdentity, parseArxivId } from '../ids';
import { cleanUrl } from '../links';
import type { HfInfo, PageKind, Paper } from '../paper';
import { isSiteHost } from '../sites';
import { collapseWhitespace, decodeHtmlEntities } from '../text';
import { compact, isJsonObject, type Json, paperLinks, parseJson } from './common';

// arXiv caps abstracts at 1,920 characters; a far longer "field" is not paper data, and cleaning and
// link-finding on megabytes of it would freeze the tab.
const MAX_FIELD_LENGTH = 100_000;

const stringField = (record: Json, key: string): string | undefined => {
  const value = record[key];
  if (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH) return undefined;
  return collapseWhitespace(value) || undefined;
};

// Shown as a link: only an http(s) URL is kept, never `javascript:`, `data:` or `//host` (cleanUrl).
const urlField = (record: Json, key: string): string | undefined => {
  const value = stringField(record, key);
  return value && cleanUrl(value);
};

export const numberField = (record: Json, key: string): number | undefined => {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/** Parsed `data-props` of every island, in document order; an island whose JSON is broken is skipped. */
export function hydrationIslands(doc: Document): { target: string; props: Json }[] {
  const islands: { target: string; props: Json }[] = [];
  for (const el of doc.querySelectorAll('[data-props]')) {
    // A truncated or hand-edited island does not parse: the DOM fallback takes over.
    const props = parseJson(el.getAttribute('data-props') ?? '');
    if (isJsonObject(props)) islands.push({ target: el.getAttribute('data-target') ?? '', props });
  }
  return islands;
}

/** Entry-level facts that sit beside the `paper` object rather than in it. */
export interface HfEntryExtras {
  numComments?: number;
}

/**
 * The Paper for one HF `paper` object ({id, title, summary, authors[].name, upvotes, githubRepo, ...});
 * undefined when its id is not an arXiv id or it has no title. `publishedAt` is left out on purpose: HF may give the
 * latest version's date there, not v1's.
 */
export function paperFromHfObject(
  hfPaper: Json,
  extras: HfEntryExtras,
  kind: PageKind,
  url: string,
): Paper | undefined {
  const ref = parseArxivId(stringField(hfPaper, 'id') ?? '');
  const title = stringField(hfPaper, 'title');
  if (!ref || !title) return undefined;
  const abstract = stringField(hfPaper, 'summary');
  const githubRepo = urlField(hfPaper, 'githubRepo');
  const projectPage = urlField(hfPaper, 'projectPage');
  return compact<Paper>({
    ...arxivIdentity(ref.arxivId),
    title,
    authors: authorNames(hfPaper.authors),
    abstract,
    links: paperLinks(abstract, githubRepo, projectPage),
    source: { site: 'huggingface', kind, url },
    hf: hfInfo({
      upvotes: numberField(hfPaper, 'upvotes'),
      githubRepo,
      projectPage,
      githubStars: numberField(hfPaper, 'githubStars'),
      numComments: extras.numComments,
    }),
  });
}

/** The HF counters and links that are there; undefined when none is. */
export function hfInfo(info: HfInfo): HfInfo | undefined {
  const present = compact(info);
  return Object.keys(present).length > 0 ? present : undefined;
}

// Names that held an entity before HF escaped them arrive still escaped once (`D&#39;Mello`).
function authorNames(authors: unknown): string[] {
  if (!Array.isArray(authors)) return [];
  return authors
    .map((author) => (isJsonObject(author) ? stringField(author, 'name') : undefined))
    .filter((name): name is string => name !== undefined)
    .map(decodeHtmlEntities);
}

/** The arXiv id in an HF paper link (`/papers/2609.31620`, `https://huggingface.co/papers/2609.31620#community`). */
export function arxivIdFromHfPaperHref(href: string): string | undefined {
  const [, origin, id] = /^(https?:\/\/[^/?#]*)?\/papers\/([^/?#]+)\/?(?:[?#].*)?$/.exec(href) ?? [];
  if (origin !== undefined && !(URL.canParse(origin) && isSiteHost('huggingface', new URL(origin).hostname)))
    return undefined;
  return id ? parseArxivId(id)?.arxivId : undefined;
}
