/** Folding a newly seen page into the stored record of the same paper. */
import { orderLinks } from './links';
import { isListingKind, type PageKind, type Paper, type PaperLink } from './paper';

/**
 * How much a page kind's fields are trusted. The abstract page is arXiv's own record; Hugging Face's paper page
 * and the LaTeXML full text are good copies; listings abridge ("this https URL" for links, no dates); another
 * site's meta tags are its word about someone else's paper; a PDF URL names the paper and nothing more.
 */
const TRUST: Record<PageKind, number> = {
  'arxiv-abs': 4,
  'hf-paper': 3,
  'arxiv-html': 3,
  'arxiv-list': 2,
  'arxiv-search': 2,
  'hf-list': 2,
  'citation-meta': 1,
  'arxiv-pdf': 0,
  // An imported reading list is someone's copy: it only fills what the pages left empty.
  'reading-list': -1,
  'citation-file': -1,
};
/** A page this trusted gives the whole record: it completes a PDF-only one. */
const COMPLETES = TRUST['arxiv-html'];

/**
 * The same paper seen again (another version, another site, a PDF then its abstract page) stays one record.
 * The more trusted page's fields win, and between pages of the same kind the newer version's; the other page
 * only fills what is missing, so a listing or an older version never degrades a record. Version-specific fields
 * follow the newest version seen; links are merged, the official ones first; Hugging Face counts are refreshed.
 */
export function mergePaper<T extends Paper>(stored: T, seen: Paper): T {
  const trustSeen = TRUST[seen.source.kind];
  const trustStored = TRUST[stored.source.kind];
  const seenWins =
    trustSeen > trustStored || (trustSeen === trustStored && (seen.version ?? 0) >= (stored.version ?? 0));
  const [base, winner] = seenWins ? [stored, seen] : [seen, stored];
  const merged = { ...stored, ...definedFields(base), ...definedFields(winner) } as T;

  const version = Math.max(stored.version ?? 0, seen.version ?? 0);
  if (version > 0) {
    merged.version = version;
    // The date of that version, from whichever page knew it; none rather than another version's date.
    const updated = [seen, stored].find((p) => p.version === version && p.updated)?.updated;
    if (updated) merged.updated = updated;
    else delete merged.updated;
  }

  // A newer version of the page the record was read from says what that version is: a comment or journal
  // ref it no longer has is gone, and so are the links the older version of that page gave.
  // An older version of it seen later does not bring them back.
  const samePage = seen.source.kind === stored.source.kind;
  const newerPage = samePage && (seen.version ?? 0) > (stored.version ?? 0);
  const olderPage = samePage && (seen.version ?? 0) < (stored.version ?? 0);
  const current = newerPage ? seen : olderPage ? stored : undefined;
  if (current) for (const field of DROPPABLE) if (current[field] === undefined) delete merged[field];

  const complete = !stored.incomplete || (!seen.incomplete && trustSeen >= COMPLETES);
  if (complete) delete merged.incomplete;
  else merged.incomplete = true;
  const storedLinks = linksFrom(stored);
  const kept = newerPage ? storedLinks.filter((link) => link.from !== seen.source.kind) : storedLinks;
  // A listing abridges and its page's scripts can rewrite it: its word that a link is the authors' own does
  // not reach a record already kept (a new record from a listing keeps what the listing said).
  const seenLinks = isListingKind(seen.source.kind)
    ? linksFrom(seen).map(({ official: _official, ...link }) => link)
    : linksFrom(seen);
  const links = orderLinks(olderPage ? kept : [...kept, ...seenLinks]);
  if (links.length > 0) merged.links = links;
  else delete merged.links;
  if (stored.hf || seen.hf) merged.hf = { ...stored.hf, ...seen.hf };
  return merged;
}

/**
 * Fields a version of a paper may lack that an earlier one had. A newer page without its title, authors or
 * abstract is a broken page, not a new version: those are never dropped.
 */
const DROPPABLE = ['comments', 'journalRef', 'doi'] as const;

/** The paper's links, each saying which kind of page gave it (a link from before this was kept: its record's). */
function linksFrom(paper: Paper): PaperLink[] {
  return (paper.links ?? []).map((link) => (link.from ? link : { ...link, from: paper.source.kind }));
}

function definedFields(paper: Paper): Partial<Paper> {
  return Object.fromEntries(Object.entries(paper).filter(([, value]) => value !== undefined));
}
