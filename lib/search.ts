/**
 * Full-text search over the library, free of browser APIs: a MiniSearch index that stores nothing but ids
 * (the papers themselves live in a Map beside it, so 50,000 papers are held once), plus the filters the
 * library page offers. Papers are added, replaced and removed one by one, so a clip is searchable at once;
 * a saved index is read back and caught up with the library, which beats indexing 50,000 papers again.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { StoredPaper } from './db';
import { arxivCanonicalId, parseArxivId, parseArxivUrl } from './ids';
import type { Paper } from './paper';

/** What the index reads: any paper, and the library's extras when it has them. */
export type SearchablePaper = Paper & Partial<Pick<StoredPaper, 'savedAt' | 'changedAt' | 'tags'>>;

export interface SearchIndex<P extends SearchablePaper = SearchablePaper> {
  readonly mini: PaperMiniSearch<P>;
  readonly papers: Map<string, P>;
}

export interface SearchFilters {
  /** Only papers with a link of kind `code`. */
  hasCode?: boolean;
  /** Only papers listed in this category (primary or cross-list). */
  category?: string;
  tag?: string;
  /** Only papers first submitted that year. */
  year?: number;
}

type Field = 'title' | 'authors' | 'abstract' | 'categories' | 'comments' | 'arxivId' | 'links';
const FIELDS: Field[] = ['title', 'authors', 'abstract', 'categories', 'comments', 'arxivId', 'links'];

// Words so common in titles and abstracts that they only make AND queries miss ("attention is all you need").
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it its of on or our that the their this to we with'.split(
    ' ',
  ),
);

/**
 * Words and numbers. A new-style arXiv id (or the start of one, `2401.029`) and a category (`math.CO`)
 * stay one token, so `math.CO` does not find every paper with a word starting in "co".
 */
function tokenize(text: string): string[] {
  return text.match(/\d{4}\.\d+|[a-z]+(?:-[a-z]+)*\.[a-z]{2}(?![\p{L}\p{N}])|[\p{L}\p{N}]+/giu) ?? [];
}

/** Lowercase, accents dropped (`Marasović` is found as `marasovic`), stop words out. */
function processTerm(term: string): string | null {
  // Most words are plain ASCII: only the others pay for the Unicode decomposition.
  const plain = /\P{ASCII}/u.test(term)
    ? term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    : term.toLowerCase();
  return STOP_WORDS.has(plain) ? null : plain;
}

/** The text of each field; links count by host and repository (`github.com google/sentencepiece`). */
function extractField(paper: SearchablePaper, field: string): string {
  switch (field as Field) {
    case 'authors':
      return paper.authors?.join(' ') ?? '';
    case 'categories':
      return paper.categories?.join(' ') ?? paper.primaryCategory ?? '';
    case 'links':
      return (paper.links ?? []).map((link) => `${link.host} ${link.repo ?? ''}`).join(' ');
    default:
      return (paper[field as keyof Paper] as string | undefined) ?? '';
  }
}

const SEARCH: SearchOptions = {
  boost: { title: 6, arxivId: 5, authors: 3, links: 3, categories: 1.5, comments: 1, abstract: 1 },
  // Every word is completed as typed; words long enough to hold a typo get one or two edits.
  prefix: (term) => term.length >= 2,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'AND',
};

/** The same options build and load an index: MiniSearch.loadJSON needs them to read a saved one. */
const INDEX_OPTIONS: Options<SearchablePaper> = {
  fields: FIELDS,
  storeFields: [],
  extractField,
  tokenize,
  processTerm,
  searchOptions: SEARCH,
};

type FieldTerms = Map<number, Map<number, number>>;

/**
 * MiniSearch that adds many papers at once. MiniSearch.add walks its radix tree for every word of every paper
 * (8 million walks at 50,000 papers, most of the build time); here the words of all the papers are first
 * gathered in a hash map, and each distinct term then walks the tree once. The index is the one add() builds
 * paper by paper, down to field lengths and the order of terms and postings (a test holds the two equal).
 * It also saves and restores itself in a compact form. Both work on MiniSearch's protected fields, kept
 * protected for subclasses like this one; the exact version of minisearch is pinned.
 */
class PaperMiniSearch<P extends SearchablePaper> extends MiniSearch<P> {
  override addAll(papers: readonly P[]): void {
    // Per term, a (field, paper, count) triple for each field of each paper it is in, in the order add() meets them.
    const terms = new Map<string, number[]>();
    // Each word as written is processed once: it leads to its term's triples (none for a stop word), and
    // `countedIn` is the field of a paper where it was last counted, to count each field's distinct words.
    const words = new Map<string, { triples: number[] | undefined; countedIn: number }>();
    try {
      for (const paper of papers) {
        if (this._idToShortId.has(paper.id)) throw new Error(`MiniSearch: duplicate ID ${paper.id}`);
        const doc = this._nextId++;
        this._idToShortId.set(paper.id, doc);
        this._documentIds.set(doc, paper.id);
        const count = this._documentCount++;
        const lengths: number[] = [];
        this._fieldLength.set(doc, lengths);
        for (let fieldId = 0; fieldId < FIELDS.length; fieldId++) {
          const here = doc * FIELDS.length + fieldId;
          // A field's length is its number of distinct words before processTerm, as MiniSearch counts it.
          let length = 0;
          for (const token of tokenize(extractField(paper, FIELDS[fieldId] as Field))) {
            let word = words.get(token);
            if (!word) {
              const term = processTerm(token);
              word = { triples: term === null ? undefined : entry(terms, term, newArray), countedIn: -1 };
              words.set(token, word);
            }
            if (word.countedIn !== here) {
              word.countedIn = here;
              length++;
            }
            const seen = word.triples;
            if (!seen) continue;
            // A term met again in the same field of the same paper counts once more in its last triple.
            const last = seen.length - 3;
            if (seen[last] === fieldId && seen[last + 1] === doc) seen[last + 2] = (seen[last + 2] ?? 0) + 1;
            else seen.push(fieldId, doc, 1);
          }
          lengths[fieldId] = length;
          const average = this._avgFieldLength[fieldId] ?? 0;
          this._avgFieldLength[fieldId] = (average * count + length) / (count + 1);
        }
      }
    } finally {
      for (const [term, seen] of terms) {
        const fields = this._index.fetch(term, newMap);
        for (let i = 0; i < seen.length; i += 3) {
          entry(fields, seen[i] as number, newMap<number, number>).set(
            seen[i + 1] as number,
            seen[i + 2] as number,
          );
        }
      }
    }
  }

  /** The index as SavedIndex keeps it: the postings in one typed array, which is stored as it is. */
  save(): Pick<SavedIndex, 'json' | 'ids' | 'postings'> {
    const ids: string[] = [];
    const shortIds: number[] = [];
    const fieldLengths: number[][] = [];
    for (const [shortId, id] of this._documentIds) {
      ids.push(id);
      shortIds.push(shortId);
      fieldLengths.push(this._fieldLength.get(shortId) ?? []);
    }
    // The radix tree is walked once: its terms are listed and the typed array sized on the way.
    const terms: string[] = [];
    const termFields: FieldTerms[] = [];
    let size = 0;
    for (const [term, fields] of this._index) {
      terms.push(term);
      termFields.push(fields);
      size += 1;
      for (const docs of fields.values()) size += 2 + 2 * docs.size;
    }
    const postings = new Uint32Array(size);
    let at = 0;
    for (const fields of termFields) {
      postings[at++] = fields.size;
      for (const [fieldId, docs] of fields) {
        postings[at++] = fieldId;
        postings[at++] = docs.size;
        for (const [doc, freq] of docs) {
          postings[at++] = doc;
          postings[at++] = freq;
        }
      }
    }
    const state: SavedState = {
      nextId: this._nextId,
      dirtCount: this._dirtCount,
      averageFieldLength: this._avgFieldLength,
      shortIds,
      fieldLengths,
      terms,
    };
    return { json: JSON.stringify(state), ids, postings };
  }

  /** The index save() kept; throws when it cannot be read. */
  static restore<P extends SearchablePaper>(saved: SavedIndex): PaperMiniSearch<P> {
    const state = JSON.parse(saved.json) as SavedState;
    const { ids, postings } = saved;
    const mini = new PaperMiniSearch<P>(INDEX_OPTIONS as Options<P>);
    mini._nextId = state.nextId;
    mini._dirtCount = state.dirtCount;
    mini._avgFieldLength = state.averageFieldLength;
    mini._documentCount = ids.length;
    ids.forEach((id, i) => {
      const shortId = state.shortIds[i] as number;
      mini._documentIds.set(shortId, id);
      mini._idToShortId.set(id, shortId);
      mini._fieldLength.set(shortId, state.fieldLengths[i] as number[]);
    });
    let at = 0;
    for (const term of state.terms) {
      const fields: FieldTerms = new Map();
      for (let n = postings[at++] as number; n > 0; n--) {
        const fieldId = postings[at++] as number;
        const docs = new Map<number, number>();
        for (const end = at + 2 * (postings[at++] as number); at < end; at += 2) {
          docs.set(postings[at] as number, postings[at + 1] as number);
        }
        fields.set(fieldId, docs);
      }
      mini._index.set(term, fields);
    }
    if (at !== postings.length || state.shortIds.length !== ids.length)
      throw new Error('Saved index damaged');
    return mini;
  }
}

/** What SavedIndex.json holds: MiniSearch's state but its postings. */
interface SavedState {
  nextId: number;
  dirtCount: number;
  averageFieldLength: number[];
  /** MiniSearch's short id of each of SavedIndex.ids, and its field lengths. */
  shortIds: number[];
  fieldLengths: number[][];
  /** Every term, in the order of SavedIndex.postings. */
  terms: string[];
}

const newMap = <K, V>() => new Map<K, V>();
const newArray = (): number[] => [];

/** The value at `key`, put there by `create` when there is none. */
function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const value = map.get(key);
  if (value !== undefined) return value;
  const created = create();
  map.set(key, created);
  return created;
}

export function createSearchIndex<P extends SearchablePaper>(papers: Iterable<P>): SearchIndex<P> {
  const index: SearchIndex<P> = {
    mini: new PaperMiniSearch<P>(INDEX_OPTIONS as Options<P>),
    papers: new Map(),
  };
  addToIndex(index, papers);
  return index;
}

/** Bumped whenever what the index holds changes (fields, tokens): a saved index of another version is rebuilt. */
const INDEX_VERSION = 2;

/**
 * An index as kept between visits: its postings in a typed array (per term: its number of fields, then per
 * field its id, its number of papers and a (paper, count) pair for each), the rest in `json`; the ids it
 * holds and the latest change it has seen. Much faster to write and read back than MiniSearch's JSON.
 */
export interface SavedIndex {
  version: number;
  json: string;
  postings: Uint32Array;
  ids: string[];
  since: number;
}

export function saveSearchIndex<P extends SearchablePaper>(index: SearchIndex<P>): SavedIndex {
  let since = 0;
  for (const paper of index.papers.values()) since = Math.max(since, paper.changedAt ?? 0);
  return { version: INDEX_VERSION, ...index.mini.save(), since };
}

/**
 * A saved index checked against the library's `papers`: papers removed or changed since it was saved are
 * taken out; `pending` are the new and changed ones (a paper without `changedAt` counts as changed), for
 * the caller to add (addToIndex), in chunks when they are many. Undefined for an index saved by another
 * version or that cannot be read.
 */
export function restoreSearchIndex<P extends SearchablePaper>(
  saved: SavedIndex,
  papers: P[],
): { index: SearchIndex<P>; pending: P[] } | undefined {
  if (saved.version !== INDEX_VERSION) return undefined;
  let mini: PaperMiniSearch<P>;
  try {
    mini = PaperMiniSearch.restore<P>(saved);
  } catch {
    return undefined;
  }
  const index: SearchIndex<P> = { mini, papers: new Map() };
  const indexed = new Set(saved.ids);
  const pending: P[] = [];
  for (const paper of papers) {
    const unchanged = indexed.has(paper.id) && (paper.changedAt ?? Infinity) <= saved.since;
    if (unchanged) index.papers.set(paper.id, paper);
    else pending.push(paper);
  }
  mini.discardAll(saved.ids.filter((id) => !index.papers.has(id)));
  return { index, pending };
}

/** Adds papers, replacing the indexed version of those already there. */
export function addToIndex<P extends SearchablePaper>(index: SearchIndex<P>, papers: Iterable<P>): void {
  const fresh: P[] = [];
  for (const paper of papers) {
    // discard() needs only the id: the old text need not be kept around to take it out. The papers before
    // it are added first, so the index is the one adding them one by one builds.
    if (index.papers.has(paper.id)) {
      index.mini.addAll(fresh.splice(0));
      index.mini.discard(paper.id);
    }
    fresh.push(paper);
    index.papers.set(paper.id, paper);
  }
  index.mini.addAll(fresh);
}

export function removeFromIndex<P extends SearchablePaper>(
  index: SearchIndex<P>,
  ids: Iterable<string>,
): void {
  for (const id of ids) {
    if (!index.papers.delete(id)) continue;
    index.mini.discard(id);
  }
}

/**
 * Brings the index up to the library's state: `ids`, every id the library holds now; `changed`, the records
 * written since the index last looked (some may be known already). Papers gone are removed, new or changed
 * ones added; always one by one, which never costs more than a rebuild. Returns how many papers changed.
 */
export function syncIndex<P extends SearchablePaper>(
  index: SearchIndex<P>,
  change: { ids: Iterable<string>; changed: P[] },
): number {
  const present = new Set(change.ids);
  const gone = [...index.papers.keys()].filter((id) => !present.has(id));
  const fresh = change.changed.filter((paper) => {
    const known = index.papers.get(paper.id);
    return !known || known.changedAt === undefined || known.changedAt !== paper.changedAt;
  });
  removeFromIndex(index, gone);
  addToIndex(index, fresh);
  return gone.length + fresh.length;
}

/**
 * All words, each read as the start of a word; then all words allowing typos, which costs more on a large
 * library; then any of the words.
 */
const ATTEMPTS: SearchOptions[] = [
  { combineWith: 'AND', fuzzy: false },
  { combineWith: 'AND' },
  { combineWith: 'OR' },
];

/**
 * Papers matching `query` and `filters`, best first. An arXiv id (`2401.02954`, `arXiv:2401.02954v2`, an
 * arxiv.org URL) puts that paper first. Words are tried strictly, then loosely (ATTEMPTS). An empty query
 * lists every paper that passes the filters, the newest clip first.
 */
export function searchPapers<P extends SearchablePaper>(
  index: SearchIndex<P>,
  query: string,
  filters: SearchFilters = {},
): P[] {
  const passes = (paper: P | undefined): paper is P => paper !== undefined && matchesFilters(paper, filters);
  const ref = arxivRefOf(query);
  // An id is searched bare, so `arXiv:` and `v2` do not have to match too.
  const text = ref?.arxivId ?? query.trim();
  if (!text) return [...index.papers.values()].filter(passes).sort(newestFirst);

  const filter = (result: { id: string }) => passes(index.papers.get(result.id));
  let results: P[] = [];
  for (const attempt of ATTEMPTS) {
    results = index.mini
      .search(text, { ...attempt, filter })
      .map((result) => index.papers.get(result.id) as P);
    if (results.length > 0) break;
  }
  const exact = ref && index.papers.get(arxivCanonicalId(ref.arxivId));
  if (!passes(exact)) return results;
  return [exact, ...results.filter((paper) => paper !== exact)];
}

/** The arXiv paper the search box names by id or arxiv.org URL, if it does. */
function arxivRefOf(query: string) {
  const text = query.trim();
  return parseArxivId(text) ?? parseArxivUrl(text);
}

export function matchesFilters(paper: SearchablePaper, filters: SearchFilters): boolean {
  if (filters.hasCode && !hasCode(paper)) return false;
  if (filters.category && !categoriesOf(paper).includes(filters.category)) return false;
  if (filters.tag && !paper.tags?.includes(filters.tag)) return false;
  if (filters.year !== undefined && paperYear(paper) !== filters.year) return false;
  return true;
}

export const hasCode = (paper: Paper): boolean => paper.links?.some((link) => link.kind === 'code') ?? false;

/** The year of v1: from the submission date, else from a new-style arXiv id (`2401.x` is 2024). */
export function paperYear(paper: Paper): number | undefined {
  const date = paper.submitted ?? paper.updated;
  if (date) return Number(date.slice(0, 4));
  const yymm = /^(\d{2})\d{2}\./.exec(paper.arxivId ?? '');
  return yymm?.[1] ? 2000 + Number(yymm[1]) : undefined;
}

function categoriesOf(paper: Paper): string[] {
  return paper.categories ?? (paper.primaryCategory ? [paper.primaryCategory] : []);
}

/** Every category in the library with its number of papers, the largest first, for a filter menu. */
export function categoryCounts(papers: Iterable<Paper>): [category: string, count: number][] {
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const category of categoriesOf(paper)) counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function newestFirst(a: SearchablePaper, b: SearchablePaper): number {
  return (b.savedAt ?? 0) - (a.savedAt ?? 0) || (b.submitted ?? '').localeCompare(a.submitted ?? '');
}
