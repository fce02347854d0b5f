/**
 * OpenReview forum pages (`openreview.net/forum?id=…`): the Next.js page's data (`script#__NEXT_DATA__`) holds the
 * submission as an OpenReview note, `{id, forum, content, pdate, odate, cdate}`, whose `content` fields are
 * `{value: …}` (API v2) or the values themselves (API v1): `title`, `authors`, `abstract`, `venue`, `pdf`, `code`.
 * Dates are milliseconds: published (`pdate`), made public (`odate`), created (`cdate`). A `TLDR` / `TL;DR` is never
 * the abstract. Written from OpenReview's documented note shape: no forum page was ever saved. A page without that
 * data is read through its citation tags. Either way the paper is the forum's: a link to one of its replies
 * (`&noteId=`) or from a console (`&referrer=`) is the same paper as the forum's own address.
 */
import { fallbackId } from '../ids';
import { cleanUrl } from '../links';
import type { Paper } from '../paper';
import { extractCitationMeta } from './citation-meta';
import { compact, isJsonObject, type Json, jsonText, paperLinks, parseJson } from './common';

// The note sits a few levels down (`props.pageProps.forumNote`); a hostile page's data is not walked deeper.
const MAX_DEPTH = 8;

export function extractOpenReview(doc: Document, url: string): Paper[] {
  const forumId = URL.canParse(url) ? new URL(url).searchParams.get('id') : null;
  if (!forumId) return [];
  const forum = new URL('/forum', url);
  forum.searchParams.set('id', forumId);
  const absUrl = forum.href;
  const data = parseJson(doc.querySelector('script#__NEXT_DATA__')?.textContent ?? '');
  const note = forumNote(data, forumId, 0);
  const content = note?.content;
  if (!note || !isJsonObject(content)) {
    return extractCitationMeta(doc, url).map((paper) =>
      paper.arxivId ? paper : { ...paper, id: fallbackId(paper.doi, absUrl), absUrl },
    );
  }
  const title = jsonText(field(content, 'title'));
  if (!title) return [];
  const authors = field(content, 'authors');
  const abstract = jsonText(field(content, 'abstract'));
  const pdf = jsonText(field(content, 'pdf'));
  const code = jsonText(field(content, 'code'));
  return [
    compact<Paper>({
      id: fallbackId(undefined, absUrl),
      title,
      authors: Array.isArray(authors) ? authors.map(jsonText).filter((name): name is string => !!name) : [],
      abstract,
      submitted: isoDay(note.pdate) ?? isoDay(note.odate) ?? isoDay(note.cdate),
      journalRef: jsonText(field(content, 'venue')),
      pdfUrl: pdf && URL.canParse(pdf, absUrl) ? cleanUrl(new URL(pdf, absUrl).href) : undefined,
      absUrl,
      // The authors' own code field: their official repository.
      links: paperLinks(abstract, code && cleanUrl(code)),
      source: { site: 'web', kind: 'citation-meta', url },
    }),
  ];
}

/**
 * The forum's own note: the object with the forum's `id` and a `content`, anywhere in the page's data (its replies
 * carry the same `forum` but ids of their own).
 */
function forumNote(value: unknown, id: string, depth: number): Json | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const children = Array.isArray(value) ? value : isJsonObject(value) ? Object.values(value) : [];
  if (isJsonObject(value) && isJsonObject(value.content) && value.id === id) return value;
  for (const child of children) {
    const note = forumNote(child, id, depth + 1);
    if (note) return note;
  }
  return undefined;
}

/** A content field as API v2 (`{value}`) or API v1 (the value) writes it. */
const field = (content: Json, key: string): unknown => {
  const value = content[key];
  return isJsonObject(value) ? value.value : value;
};

// The last time a Date holds (year 275760).
const MAX_TIME = 8.64e15;

/** `yyyy-mm-dd` of a time in milliseconds, UTC. */
function isoDay(ms: unknown): string | undefined {
  return typeof ms === 'number' && ms > 0 && ms <= MAX_TIME
    ? new Date(ms).toISOString().slice(0, 10)
    : undefined;
}
