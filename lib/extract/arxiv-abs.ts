/**
 * arXiv abstract pages `/abs/ID[vN]`. The `citation_*` head metas are the most stable surface (every era, even a
 * head-only capture, and untouched by MathJax in a live page); the body DOM fills what they lack.
 */
import { parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { arxivIdIn, arxivPaper, authorNames, linksOf, readableText, subjectCategories } from './arxiv-common';
import { firstLast, isoDate, metaContent, metaContents, textOf } from './common';

export function extractArxivAbs(doc: Document, url: string): Paper[] {
  const arxivId = pageArxivId(doc);
  // A page that states its id may have lost its citation tags and body (cut short): og:title and
  // `<title>[ID] Title</title>` have the title too.
  const title =
    metaContent(doc, 'citation_title') ??
    readableText(doc.querySelector('#abs h1.title')) ??
    (arxivId ? (metaContent(doc, 'og:title') ?? titleElementTitle(doc)) : undefined);
  const id = arxivId ?? parseArxivUrl(url)?.arxivId;
  // Without a title the page is not a paper's (an error or help page at an /abs/ URL), or too broken to tell;
  // without an arXiv id, neither in the page nor in its URL, it is no paper of arXiv's.
  if (!title || !id) return [];

  const rows = metatableRows(doc);
  const abstractEl = doc.querySelector('#abs blockquote.abstract');
  const commentsEl = rows.get('comments');
  const abstract =
    metaContent(doc, 'citation_abstract') ?? readableText(abstractEl) ?? metaContent(doc, 'og:description');
  const comments = readableText(commentsEl);
  const history = submissionHistory(doc);
  const dateline = datelineInfo(doc);
  const version =
    parseArxivUrl(metaContent(doc, 'og:url') ?? '')?.version ??
    dateline.version ??
    history.currentVersion ??
    parseArxivUrl(url)?.version;

  return [
    arxivPaper('arxiv-abs', url, {
      arxivId: id,
      version,
      title,
      authors: pageAuthors(doc),
      abstract,
      submitted: isoDate(metaContent(doc, 'citation_date')) ?? history.dates.get(1) ?? dateline.submitted,
      updated:
        isoDate(metaContent(doc, 'citation_online_date')) ??
        (version === undefined ? undefined : history.dates.get(version)) ??
        dateline.updated,
      ...subjectCategories(rows.get('subjects')),
      comments,
      journalRef: readableText(rows.get('journal reference') ?? rows.get('journal-ref')),
      doi: externalDoi(doc, rows.get('related doi') ?? rows.get('doi')),
      links: linksOf([abstract, comments], [abstractEl, commentsEl]),
    }),
  ];
}

const ARXIV = 'https://arxiv.org';

/** The title in `<title>[2401.02954] DeepSeek LLM: …</title>`, arXiv's form; undefined for any other. */
function titleElementTitle(doc: Document): string | undefined {
  return /^\[[^\]]+\]\s*(\S.*)$/.exec(textOf(doc, 'title') ?? '')?.[1];
}

/** The id the page itself states (head metas, og:url, canonical link, "Cite as" row), never the visited URL. */
function pageArxivId(doc: Document): string | undefined {
  // The 2023 capture has a relative canonical link ("/abs/1902.02534").
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  return (
    arxivIdIn(metaContent(doc, 'citation_arxiv_id')) ??
    parseArxivUrl(metaContent(doc, 'og:url') ?? '')?.arxivId ??
    (URL.canParse(canonical, ARXIV) ? parseArxivUrl(new URL(canonical, ARXIV).href)?.arxivId : undefined) ??
    arxivIdIn(doc.querySelector('.arxivid a')?.textContent)
  );
}

/** All authors: the metas carry every one ("Last, First"); the body list is cut behind "et al." on long papers. */
function pageAuthors(doc: Document): string[] {
  // A meta without a letter is debris of a collaboration prefix: "DeepSeek-AI: Xiao Bi, …" gives an author ":".
  const fromMeta = metaContents(doc, 'citation_author')
    .filter((name) => /\p{L}/u.test(name))
    .map(firstLast);
  return fromMeta.length > 0 ? fromMeta : authorNames(doc.querySelector('#abs div.authors'));
}

/** Value cells of the "Additional metadata" table by lower-case label ("comments", "journal reference", …). */
function metatableRows(doc: Document): Map<string, Element> {
  const rows = new Map<string, Element>();
  for (const row of doc.querySelectorAll('.metatable tr')) {
    const [label, value] = row.querySelectorAll('td');
    const name = collapseWhitespace(label?.textContent ?? '')
      .replace(/:$/, '')
      .toLowerCase();
    if (name && value && !rows.has(name)) rows.set(name, value);
  }
  return rows;
}

/** The publisher DOI ("Related DOI" row or `citation_doi`); arXiv's own 10.48550 DataCite DOI is not one. */
function externalDoi(doc: Document, cell: Element | undefined): string | undefined {
  const link = cell?.querySelector('a');
  const candidates = [
    metaContent(doc, 'citation_doi'),
    link?.getAttribute('data-doi'),
    collapseWhitespace(link?.textContent ?? cell?.textContent ?? ''),
  ];
  return candidates
    .map((doi) => doi?.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').trim())
    .find((doi): doi is string => Boolean(doi && /^10\.\d+\//.test(doi) && !doi.startsWith('10.48550/')));
}

interface History {
  /** Date of each version, by version number. */
  dates: Map<number, string>;
  /** The version shown: its history line is the one without a link. */
  currentVersion?: number;
}

/** "[v1] Mon, 12 Jun 2017 17:57:34 UTC (1,102 KB)" lines of the Submission history box. */
function submissionHistory(doc: Document): History {
  const box = doc.querySelector('.submission-history');
  const dates = new Map<number, string>();
  for (const match of (box?.textContent ?? '').matchAll(/\[v(\d+)\]\s*([^(]*)/g)) {
    const date = isoDate(match[2]);
    if (date) dates.set(Number(match[1]), date);
  }
  const current = [...(box?.querySelectorAll('strong') ?? [])].find((strong) => !strong.querySelector('a'));
  const currentVersion = /^\[v(\d+)\]$/.exec(collapseWhitespace(current?.textContent ?? ''))?.[1];
  return { dates, currentVersion: currentVersion ? Number(currentVersion) : undefined };
}

interface Dateline {
  submitted?: string;
  updated?: string;
  version?: number;
}

/**
 * "[Submitted on 12 Jun 2017 (v1), last revised 2 Aug 2023 (this version, v7)]"; an older version says
 * "revised 19 Jun 2017 (this version, v2), latest version …"; a single version just "[Submitted on 9 Sep 2026]".
 */
function datelineInfo(doc: Document): Dateline {
  const text = collapseWhitespace(doc.querySelector('#abs .dateline')?.textContent ?? '');
  const submitted = isoDate(/Submitted on ([^(\]]+)/.exec(text)?.[1]);
  const thisVersion = /([^,(]+)\(this version, v(\d+)\)/.exec(text);
  // Only a single-version page has no "this version" part: the version shown is the one submitted.
  if (!thisVersion) return { submitted, updated: text.includes('revised') ? undefined : submitted };
  return { submitted, updated: isoDate(thisVersion[1]), version: Number(thisVersion[2]) };
}
