/**
 * "More like this": the papers of a library most related to one paper, from their titles and abstracts,
 * re-ranked by shared categories and authors. Pure: no browser or Node API, so the popup's worker, the CLI,
 * the evaluation and the bench all run this same code.
 *
 * Method: every paper is indexed by all its terms (lib/related-terms.ts: words, equations such as N=2, and
 * its phrases that are in the title or repeated in the abstract), in compact postings of small integers. A
 * query is the query paper's terms, weighted with the document frequencies of the moment it is asked, and
 * scored by BM25F (title and abstract). The best text matches are then re-ranked by the share of authors and
 * of categories they have in common with the query (for a query without categories, with the categories of
 * its best text matches).
 *
 * Nothing an index holds depends on the order papers came in: adding, replacing and removing papers one by
 * one ranks exactly as building the index from the resulting papers at once (ties are broken by id).
 *
 * Memory: terms are not kept as strings but as two 32-bit hashes (the chance that two of 350,000 terms share
 * both is about 3 in a billion); a posting is one 32-bit integer, paper slot × 256 + its counts of the term in
 * title and abstract; authors and categories are 32-bit hashes too. Titles and abstracts are not kept.
 */
import { forEachTerm, type TermSpan, termSpansOf } from './related-terms';

export { termsOf } from './related-terms';

/** What relatedness reads of a paper; a `Paper` fits. */
export interface RelatedPaper {
  id: string;
  title?: string;
  abstract?: string;
  categories?: string[];
  authors?: string[];
}

/** Opaque: read and changed only through this module's functions. */
export interface RelatedIndex {
  /** Number of papers indexed. */
  readonly size: number;
}

export interface RelatedOptions {
  /** Only ids it accepts are returned, e.g. papers older than the query. */
  accept?: (id: string) => boolean;
  /** Leave the category and author re-ranking out: text alone. */
  textOnly?: boolean;
}

export interface RelatedMatch {
  id: string;
  /** Higher is more related; comparable within one ranking only. */
  score: number;
}

/** Why two papers are related, in words a person can check against both. */
export interface RelatedReason {
  /** Up to 3 terms both contain, the rarest in the library first, as the query paper writes them. */
  terms: string[];
  /** Authors both list, as the query paper writes them. */
  authors: string[];
}

/** Structured-clone friendly: strings, numbers, arrays and typed arrays only. */
export interface SavedRelatedIndex {
  version: number;
  ids: string[];
  /** Per paper: number of words of title and abstract. */
  lengths: Uint16Array;
  /** Per paper: how many author and category hashes of `signals` are its own, authors first. */
  authorCounts: Uint8Array;
  categoryCounts: Uint8Array;
  signals: Uint32Array;
  /** Per term: its two hashes and its number of papers (postings). */
  termKeysA: Uint32Array;
  termKeysB: Uint32Array;
  termFrequencies: Uint32Array;
  /** Each term's postings in turn, by paper: paper index × 256 + counts. */
  postings: Uint32Array;
  /**
   * The terms' hash table as restoring would build it (term + 1 at each place, 0 empty): read back as it is,
   * it spares putting every term in again (245,000 at 50,000 papers). Copies saved before it have none.
   */
  table?: Int32Array;
}

const SAVED_VERSION = 1;
/** The terms' hash table's first size (a power of 2). */
const TABLE_START = 2048;

/**
 * Tuned on the two sets of scripts/eval-related.ts, hep-th citations (fine-grained: what a paper cites) first;
 * each change was kept only if it did not hurt the other set. The numbers quoted are those measured when the
 * setting was tuned, with the settings of that moment. k1 and b are BM25's usual values: others (k1 0.9-2,
 * b 0.6-0.9) did no better on either set.
 */
const RELATED_TUNING = {
  /**
   * A title occurrence counts as this many in the abstract (BM25F field weight; the query's title terms get
   * this much more weight too). hep-th text-only recall@20: 0.220 at 2, 0.265 at 1; cs: 0.508 -> 0.547.
   */
  titleWeight: 1,
  k1: 1.2,
  b: 0.75,
  /**
   * Query terms kept, the most salient first: all of an abstract's in practice (queries that were cut to
   * their 32 most salient terms, leaving out those in 10% of the papers, lost 0.05 recall@20 on hep-th).
   */
  maxQueryTerms: 200,
  /**
   * Exponent of idf in a query term's weight: below 1, the words most papers share count a little more.
   * Tuned on hep-th (recall@20 text only 0.278 at 1, 0.282 at 0.75, 0.281 at 0.5); cs 0.551 -> 0.557.
   */
  idfPower: 0.75,
  /**
   * A phrase's query weight against a word's: its words are matched already, so a phrase only adds that they
   * are side by side. Neither set is moved by phrases (±0.003 from 0 to 1); 0.5 keeps them for finer topics.
   */
  phraseWeight: 0.5,
  /**
   * Text matches re-ranked: at least this many. More let shared authors reach further down (hep-th recall@20:
   * 0.312 at 100, 0.317 at 150, 0.322 at 300); no change on cs.
   */
  minCandidates: 200,
  /**
   * Shared authors: self-citations make them a real signal on hep-th (recall@20 0.282 text only, 0.317 with
   * them; 0.308 at 0.4, 0.313 at 1); no change on the cs set.
   */
  authorWeight: 0.6,
  /**
   * Shared categories (Jaccard). Neither set can tune it: hep-th papers are all in hep-th, and cs queries are
   * given without categories, or the categories would grade themselves. Set as `consensusWeight`, since the
   * query's own categories say more than those guessed from its neighbours.
   */
  categoryWeight: 0.2,
  /**
   * A query without categories (a page not from arXiv) is re-ranked by the categories of its best text
   * matches (`consensusNeighbours`, weighted by text score). cs nDCG@10: 0.557 text only, 0.589 at 0.2, 0.600
   * at 0.3; 0.2 kept, as the text should lead. hep-th queries have categories: unused there.
   */
  consensusWeight: 0.2,
  consensusNeighbours: 10,
  /** Terms shown by explainRelated... */
  reasonTerms: 3,
  /** ...leaving out terms in more than this share of the papers, when in more than `reasonCommonPapers`. */
  reasonMaxShare: 0.1,
  reasonCommonPapers: 1000,
};
const { k1, b, titleWeight } = RELATED_TUNING;

/** Counts a posting keeps: a title count up to 3 (bits 6-7), an abstract count up to 63 (bits 0-5). */
const MAX_TITLE_COUNT = 3;
const MAX_ABSTRACT_COUNT = 63;
const MAX_SLOTS = 2 ** 24;

class Index implements RelatedIndex {
  // Terms, by term id: hashes, and the region of `pool` holding their postings.
  termCount = 0;
  keysA = new Uint32Array(1024);
  keysB = new Uint32Array(1024);
  start = new Uint32Array(1024);
  frequency = new Uint32Array(1024);
  capacity = new Uint32Array(1024);
  /** Open addressing on keysA: term id + 1, 0 for empty. */
  table = new Int32Array(TABLE_START);
  pool = new Uint32Array(1 << 16);
  poolTop = 0;
  // Papers, by slot; a removed paper's slot stays empty until slots are compacted.
  ids: (string | undefined)[] = [];
  slotOf = new Map<string, number>();
  lengths = new Uint16Array(1024);
  signalStart = new Uint32Array(1024);
  authorCounts = new Uint8Array(1024);
  categoryCounts = new Uint8Array(1024);
  signals = new Uint32Array(4096);
  signalTop = 0;
  totalLength = 0;
  /** Query scratch, not state: a score per slot. */
  scores = new Float64Array(0);

  get size(): number {
    return this.slotOf.size;
  }
}

function internal(index: RelatedIndex): Index {
  if (!(index instanceof Index)) throw new Error('related index: not made by createRelatedIndex');
  return index;
}

export function createRelatedIndex(papers: Iterable<RelatedPaper>): RelatedIndex {
  const index = new Index();
  for (const paper of papers) addToRelatedIndex(index, paper);
  compactPool(index, 0);
  return index;
}

/** Adds the paper, or replaces the indexed paper with the same id. */
export function addToRelatedIndex(index: RelatedIndex, paper: RelatedPaper): void {
  const state = internal(index);
  removeFromRelatedIndex(state, paper.id);
  if (state.ids.length >= MAX_SLOTS) compactSlots(state);
  const slot = state.ids.length;
  state.ids.push(paper.id);
  state.slotOf.set(paper.id, slot);
  ensureSlots(state, slot + 1);
  const { counts, length } = indexedTerms(paper);
  state.lengths[slot] = Math.min(length, 0xffff);
  state.totalLength += state.lengths[slot] as number;
  for (const [term, packed] of counts) appendPosting(state, internTerm(state, term), slot * 256 + packed);
  // Counts are bytes: a 1,000-author collaboration is matched on its first 255.
  const authors = hashSet((paper.authors ?? []).map(authorKey)).slice(0, 255);
  const categories = hashSet(paper.categories ?? []).slice(0, 255);
  ensureSignals(state, state.signalTop + authors.length + categories.length);
  state.signalStart[slot] = state.signalTop;
  state.authorCounts[slot] = authors.length;
  state.categoryCounts[slot] = categories.length;
  for (const hash of [...authors, ...categories]) state.signals[state.signalTop++] = hash;
}

/** Removes the paper with this id, if indexed: no need for its text, its postings are found by slot. */
export function removeFromRelatedIndex(index: RelatedIndex, id: string): void {
  const state = internal(index);
  const slot = state.slotOf.get(id);
  if (slot === undefined) return;
  state.slotOf.delete(id);
  state.ids[slot] = undefined;
  state.totalLength -= state.lengths[slot] as number;
  for (let term = 0; term < state.termCount; term++) {
    const at = findPosting(state, term, slot);
    if (at < 0) continue;
    const end = (state.start[term] as number) + (state.frequency[term] as number);
    state.pool.copyWithin(at, at + 1, end);
    state.frequency[term] = (state.frequency[term] as number) - 1;
  }
  const dead = state.ids.length - state.slotOf.size;
  if (dead > 1024 && dead > state.slotOf.size) compactSlots(state);
}

/**
 * The `k` papers most related to `paper`, best first; never `paper` itself. `paper` need not be indexed (a
 * page not saved yet); when it is, its own text as given is what is matched.
 */
export function relatedTo(
  index: RelatedIndex,
  paper: RelatedPaper,
  k: number,
  options: RelatedOptions = {},
): RelatedMatch[] {
  const state = internal(index);
  if (k <= 0 || state.size === 0) return [];
  const self = state.slotOf.get(paper.id) ?? -1;
  const query = queryTerms(state, paper, self);
  if (query.length === 0) return [];
  const candidates = textMatches(
    state,
    query,
    self,
    options.accept,
    Math.max(k * 3, RELATED_TUNING.minCandidates),
  );
  const ranked = options.textOnly ? candidates : rerank(state, paper, candidates);
  return ranked.slice(0, k).map(({ slot, score }) => ({ id: state.ids[slot] as string, score }));
}

interface QueryTerm {
  term: number;
  /** Weight in the query paper × idf ** idfPower. */
  weight: number;
  /** Weight in the query paper × idf: the order in which terms are kept. */
  salience: number;
}

/**
 * The query's indexed terms found in other papers, the most salient first, ties by hash: term ids depend on
 * the order papers came in, and the sum of scores must not.
 */
function queryTerms(state: Index, paper: RelatedPaper, self: number): QueryTerm[] {
  const papers = state.size;
  const chosen: QueryTerm[] = [];
  for (const [text, weight] of queryWeights(paper)) {
    const term = findTerm(state, text);
    if (term < 0) continue;
    const frequency = state.frequency[term] as number;
    const others = self >= 0 && findPosting(state, term, self) >= 0 ? frequency - 1 : frequency;
    if (others <= 0) continue;
    const idf = inverseFrequency(papers, frequency);
    chosen.push({ term, weight: weight * idf ** RELATED_TUNING.idfPower, salience: weight * idf });
  }
  chosen.sort(
    (a, b) =>
      b.salience - a.salience ||
      (state.keysA[a.term] as number) - (state.keysA[b.term] as number) ||
      (state.keysB[a.term] as number) - (state.keysB[b.term] as number),
  );
  return chosen.slice(0, RELATED_TUNING.maxQueryTerms);
}

/** BM25's idf, never negative. */
function inverseFrequency(papers: number, frequency: number): number {
  return Math.log(1 + (papers - frequency + 0.5) / (frequency + 0.5));
}

interface SlotScore {
  slot: number;
  score: number;
}

/** The `count` best BM25F matches among accepted papers, best first, ties by id. */
function textMatches(
  state: Index,
  query: QueryTerm[],
  self: number,
  accept: ((id: string) => boolean) | undefined,
  count: number,
): SlotScore[] {
  if (state.scores.length < state.ids.length) state.scores = new Float64Array(state.lengths.length);
  const scores = state.scores;
  const averageLength = Math.max(state.totalLength / state.size, 1);
  const touched: number[] = [];
  for (const { term, weight } of query) {
    const start = state.start[term] as number;
    const end = start + (state.frequency[term] as number);
    for (let at = start; at < end; at++) {
      const posting = state.pool[at] as number;
      const slot = posting >>> 8;
      if (slot === self) continue;
      // termScore, written out: a call per posting made a related query 4% slower.
      const tf = titleWeight * ((posting >>> 6) & 3) + (posting & 63);
      const norm = k1 * (1 - b + (b * (state.lengths[slot] as number)) / averageLength);
      if (scores[slot] === 0) touched.push(slot);
      scores[slot] = (scores[slot] as number) + (weight * tf * (k1 + 1)) / (tf + norm);
    }
  }
  const best = new TopList(count, (slot) => state.ids[slot] as string);
  for (const slot of touched) {
    const score = scores[slot] as number;
    scores[slot] = 0;
    if (best.admits(score) && (!accept || accept(state.ids[slot] as string))) best.add(slot, score);
  }
  return best.sorted();
}

/** BM25F's score of one posting (a term in a paper's title and abstract), for a query weight of 1. */
function termScore(state: Index, posting: number, averageLength: number): number {
  const tf = titleWeight * ((posting >>> 6) & 3) + (posting & 63);
  const norm = k1 * (1 - b + (b * (state.lengths[posting >>> 8] as number)) / averageLength);
  return (tf * (k1 + 1)) / (tf + norm);
}

/**
 * The papers with every word of `text` in their title or abstract (words as the index reads them: stemmed,
 * without stopwords or numbers), best BM25F match first, ties by id. None when `text` has no such word, or a
 * word no paper has. What a search is answered with after a restart, while the search index is read back.
 */
export function papersWithEveryWord(index: RelatedIndex, text: string): string[] {
  const state = internal(index);
  const words = new Set<number>();
  let unknown = false;
  forEachTerm(text, (term, phrase) => {
    if (phrase) return;
    const found = findTerm(state, term);
    if (found < 0) unknown = true;
    else words.add(found);
  });
  if (unknown || words.size === 0) return [];
  // The rarest word's papers are the candidates; each other word keeps those it is in too.
  const terms = [...words].sort((a, b) => (state.frequency[a] as number) - (state.frequency[b] as number));
  const averageLength = Math.max(state.totalLength / state.size, 1);
  let scores = new Map<number, number>();
  for (const [i, term] of terms.entries()) {
    const idf = inverseFrequency(state.size, state.frequency[term] as number);
    const start = state.start[term] as number;
    const end = start + (state.frequency[term] as number);
    const kept = new Map<number, number>();
    for (let at = start; at < end; at++) {
      const posting = state.pool[at] as number;
      const before = i === 0 ? 0 : scores.get(posting >>> 8);
      if (before !== undefined)
        kept.set(posting >>> 8, before + idf * termScore(state, posting, averageLength));
    }
    scores = kept;
  }
  const ids = state.ids;
  return [...scores]
    .sort(([a, x], [b, y]) => y - x || ((ids[a] as string) < (ids[b] as string) ? -1 : 1))
    .map(([slot]) => ids[slot] as string);
}

/** The best `count` (slot, score) pairs seen, by score then id: a min-heap on its worst. */
class TopList {
  private heap: SlotScore[] = [];
  constructor(
    private count: number,
    private idOf: (slot: number) => string,
  ) {}

  /** Cheap pre-check before an `accept` call: could this score enter? (Ties may, by id.) */
  admits(score: number): boolean {
    return this.heap.length < this.count || score >= (this.heap[0] as SlotScore).score;
  }

  add(slot: number, score: number): void {
    const heap = this.heap;
    const item = { slot, score };
    if (heap.length < this.count) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (this.before(item, heap[0] as SlotScore)) {
      heap[0] = item;
      this.down(0);
    }
  }

  sorted(): SlotScore[] {
    return [...this.heap].sort((a, b) => (this.before(a, b) ? -1 : 1));
  }

  /** True when `a` ranks before `b`. */
  private before(a: SlotScore, b: SlotScore): boolean {
    return a.score !== b.score ? a.score > b.score : this.idOf(a.slot) < this.idOf(b.slot);
  }

  private up(at: number): void {
    const heap = this.heap;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(heap[parent] as SlotScore, heap[at] as SlotScore)) return;
      [heap[parent], heap[at]] = [heap[at] as SlotScore, heap[parent] as SlotScore];
      at = parent;
    }
  }

  private down(at: number): void {
    const heap = this.heap;
    for (;;) {
      let worst = at;
      for (const child of [2 * at + 1, 2 * at + 2]) {
        if (child < heap.length && this.before(heap[worst] as SlotScore, heap[child] as SlotScore))
          worst = child;
      }
      if (worst === at) return;
      [heap[worst], heap[at]] = [heap[at] as SlotScore, heap[worst] as SlotScore];
      at = worst;
    }
  }
}

/** Text score scaled to the best match, plus the categories and authors shared with the query. */
function rerank(state: Index, paper: RelatedPaper, candidates: SlotScore[]): SlotScore[] {
  const best = candidates[0]?.score || 1;
  const authors = hashSet((paper.authors ?? []).map(authorKey));
  const categories = hashSet(paper.categories ?? []);
  const categoriesOf = (slot: number) => {
    const start = (state.signalStart[slot] as number) + (state.authorCounts[slot] as number);
    return state.signals.subarray(start, start + (state.categoryCounts[slot] as number));
  };
  const consensus = categories.length === 0 ? neighbourCategories(candidates, categoriesOf) : undefined;
  return candidates
    .map(({ slot, score }) => {
      const start = state.signalStart[slot] as number;
      const shared =
        RELATED_TUNING.authorWeight *
          overlap(authors, state.signals.subarray(start, start + (state.authorCounts[slot] as number))) +
        (consensus
          ? RELATED_TUNING.consensusWeight * softOverlap(consensus, categoriesOf(slot))
          : RELATED_TUNING.categoryWeight * overlap(categories, categoriesOf(slot)));
      return { slot, score: score / best + shared };
    })
    .sort(
      (a, b) => b.score - a.score || ((state.ids[a.slot] as string) < (state.ids[b.slot] as string) ? -1 : 1),
    );
}

/**
 * A query without categories (a page not on arXiv, or not saved yet): the categories of its best text
 * matches, each weighted by its text score, as a share of their total weight.
 */
function neighbourCategories(
  candidates: SlotScore[],
  categoriesOf: (slot: number) => Uint32Array,
): Map<number, number> {
  const shares = new Map<number, number>();
  const neighbours = candidates.slice(0, RELATED_TUNING.consensusNeighbours);
  const total = neighbours.reduce((sum, { score }) => sum + score, 0);
  for (const { slot, score } of neighbours) {
    for (const category of categoriesOf(slot))
      shares.set(category, (shares.get(category) ?? 0) + score / total);
  }
  return shares;
}

/** Jaccard overlap of a weighted set (shares up to 1) with a set. */
function softOverlap(weighted: Map<number, number>, set: Uint32Array): number {
  if (weighted.size === 0 || set.length === 0) return 0;
  let shared = 0;
  for (const item of set) shared += weighted.get(item) ?? 0;
  let size = 0;
  for (const share of weighted.values()) size += share;
  return shared / (size + set.length - shared);
}

/** Jaccard overlap of two small sets of distinct hashes; 0 when either is empty. */
function overlap(a: number[], b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const shared = a.filter((item) => b.includes(item)).length;
  return shared / (a.length + b.length - shared);
}

/**
 * Why `other` is related to `query`: the most salient terms both contain (rarest in the index first, a
 * phrase before its own words, no word shown twice), as `query` writes them, and the authors both list.
 */
export function explainRelated(index: RelatedIndex, query: RelatedPaper, other: RelatedPaper): RelatedReason {
  const state = internal(index);
  const queryWeight = termWeights(query);
  const otherWeight = termWeights(other);
  const shared = new Map<string, TermSpan>();
  for (const span of spansOf(query)) {
    if (otherWeight.has(span.term) && !shared.has(span.term)) shared.set(span.term, span);
  }
  const inPhrases = new Set(
    [...shared.values()].filter((span) => span.phrase).flatMap((span) => span.term.split(' ')),
  );
  const papers = Math.max(state.size, 1);
  const common = Math.max(papers * RELATED_TUNING.reasonMaxShare, RELATED_TUNING.reasonCommonPapers);
  const ranked = [...shared.values()]
    .flatMap((span) => {
      if (!span.phrase && inPhrases.has(span.term)) return [];
      const term = findTerm(state, span.term);
      const frequency = Math.max(term < 0 ? 0 : (state.frequency[term] as number), 1);
      if (frequency > common) return [];
      // How much both papers are about the term, times how rare it is in the library.
      const weight = (queryWeight.get(span.term) ?? 0) * (otherWeight.get(span.term) ?? 0);
      return [{ span, salience: weight * inverseFrequency(papers, frequency) }];
    })
    .sort((a, b) => b.salience - a.salience || (a.span.term < b.span.term ? -1 : 1));
  const terms: string[] = [];
  const shownWords = new Set<string>();
  for (const { span } of ranked) {
    const words = span.term.split(' ');
    if (words.some((word) => shownWords.has(word))) continue;
    for (const word of words) shownWords.add(word);
    terms.push(readable(span.surface));
    if (terms.length === RELATED_TUNING.reasonTerms) break;
  }
  const otherAuthors = new Set((other.authors ?? []).map(authorKey));
  const authors = [...new Set(query.authors ?? [])].filter((name) => otherAuthors.has(authorKey(name)));
  return { terms, authors };
}

function spansOf(paper: RelatedPaper): TermSpan[] {
  return [...termSpansOf(paper.title), ...termSpansOf(paper.abstract)];
}

/** Lowercase, but acronyms and names with inner capitals (LLM, BERT, GitHub) as written. */
function readable(surface: string): string {
  return surface.replace(/[\p{L}\p{N}]+/gu, (word) =>
    /\p{Lu}.*\p{Lu}/u.test(word) ? word : word.toLowerCase(),
  );
}

/** Everything an index holds, in plain arrays; paper slots renumbered, emptied terms left out. */
export function saveRelatedIndex(index: RelatedIndex): SavedRelatedIndex {
  const state = internal(index);
  compactSlots(state);
  const live: number[] = [];
  let postingCount = 0;
  for (let term = 0; term < state.termCount; term++) {
    if ((state.frequency[term] as number) > 0) {
      live.push(term);
      postingCount += state.frequency[term] as number;
    }
  }
  const postings = new Uint32Array(postingCount);
  let at = 0;
  for (const term of live) {
    const start = state.start[term] as number;
    postings.set(state.pool.subarray(start, start + (state.frequency[term] as number)), at);
    at += state.frequency[term] as number;
  }
  const papers = state.ids.length;
  return {
    version: SAVED_VERSION,
    ids: [...(state.ids as string[])],
    lengths: state.lengths.slice(0, papers),
    authorCounts: state.authorCounts.slice(0, papers),
    categoryCounts: state.categoryCounts.slice(0, papers),
    signals: state.signals.slice(0, state.signalTop),
    termKeysA: Uint32Array.from(live, (term) => state.keysA[term] as number),
    termKeysB: Uint32Array.from(live, (term) => state.keysB[term] as number),
    termFrequencies: Uint32Array.from(live, (term) => state.frequency[term] as number),
    table: termTable(live.map((term) => state.keysA[term] as number)),
    // Last: laid out in this order in a file, the room after them is theirs to grow into (restored).
    postings,
  };
}

/** The hash table of terms whose first hashes are `keysA`, in that order, as `insertKey` fills one. */
function termTable(keysA: number[]): Int32Array {
  const table = new Int32Array(capacityFor(keysA.length * 2, TABLE_START));
  keysA.forEach((key, term) => {
    placeKey(table, key, term);
  });
  return table;
}

/**
 * The index `saveRelatedIndex` saved; undefined when `saved` is of another version or damaged. `adopt`: the
 * index takes `saved`'s arrays as its own instead of copying them (18 MB of postings at 50,000 papers), for a
 * caller that uses `saved` for nothing else.
 */
export function restoreRelatedIndex(
  saved: SavedRelatedIndex,
  { adopt = false }: { adopt?: boolean } = {},
): RelatedIndex | undefined {
  try {
    return restored(saved, adopt);
  } catch {
    return undefined;
  }
}

function restored(saved: SavedRelatedIndex, adopt: boolean): Index | undefined {
  if (saved?.version !== SAVED_VERSION) return undefined;
  const {
    ids,
    lengths,
    authorCounts,
    categoryCounts,
    signals,
    termKeysA,
    termKeysB,
    termFrequencies,
    postings,
    table,
  } = saved;
  const papers = ids.length;
  // The saved arrays are views on plain (not shared) buffers: what IndexedDB or a file gives back.
  const own = <T extends Uint32Array | Int32Array>(array: T) =>
    (adopt ? array : array.slice()) as T extends Uint32Array
      ? Uint32Array<ArrayBuffer>
      : Int32Array<ArrayBuffer>;
  const typed: [unknown, new (size: number) => unknown][] = [
    [lengths, Uint16Array],
    [authorCounts, Uint8Array],
    [categoryCounts, Uint8Array],
    [signals, Uint32Array],
    [termKeysA, Uint32Array],
    [termKeysB, Uint32Array],
    [termFrequencies, Uint32Array],
    [postings, Uint32Array],
  ];
  if (!Array.isArray(ids) || typed.some(([value, type]) => !(value instanceof type))) return undefined;
  if (lengths.length !== papers || authorCounts.length !== papers || categoryCounts.length !== papers)
    return undefined;
  const terms = termKeysA.length;
  if (termKeysB.length !== terms || termFrequencies.length !== terms) return undefined;
  const state = new Index();
  // Indexed loops, here and below: this code runs once, cold, where for-of costs several times more.
  for (let slot = 0; slot < papers; slot++) {
    const id = ids[slot];
    if (typeof id !== 'string') return undefined;
    state.slotOf.set(id, slot);
  }
  if (state.slotOf.size !== papers) return undefined; // an id twice
  state.ids = adopt ? ids : [...ids];
  ensureSlots(state, papers);
  state.lengths.set(lengths);
  state.authorCounts.set(authorCounts);
  state.categoryCounts.set(categoryCounts);
  let signalTop = 0;
  for (let slot = 0; slot < papers; slot++) {
    state.signalStart[slot] = signalTop;
    signalTop += (authorCounts[slot] as number) + (categoryCounts[slot] as number);
    state.totalLength += lengths[slot] as number;
  }
  if (signalTop !== signals.length) return undefined;
  state.signals = own(signals);
  state.signalTop = signalTop;
  const savedTable = table instanceof Int32Array && holdsEachTermOnce(table, terms) ? table : undefined;
  if (table !== undefined && !savedTable) return undefined;
  ensureTerms(state, terms);
  state.pool = adopt ? withRoomAfter(postings, saved) : postings.slice();
  state.poolTop = postings.length;
  state.keysA.set(termKeysA);
  state.keysB.set(termKeysB);
  state.frequency.set(termFrequencies);
  state.capacity.set(termFrequencies);
  let at = 0;
  for (let term = 0; term < terms; term++) {
    const frequency = termFrequencies[term] as number;
    if (frequency === 0 || at + frequency > postings.length) return undefined;
    let previous = -1;
    for (let i = at; i < at + frequency; i++) {
      const posting = postings[i] as number;
      const slot = posting >>> 8;
      if (slot <= previous || slot >= papers || (posting & 255) === 0) return undefined;
      previous = slot;
    }
    state.start[term] = at;
    at += frequency;
    if (savedTable) continue;
    // A copy saved without its table: each term put in, a term twice is a damaged copy.
    if (findKey(state, termKeysA[term] as number, termKeysB[term] as number) >= 0) return undefined;
    state.termCount = term + 1;
    insertKey(state, term);
  }
  if (savedTable) {
    state.table = own(savedTable);
    state.termCount = terms;
  }
  return at === postings.length ? state : undefined;
}

/**
 * `postings` and the room their buffer has after them (a file read with room to spare: lib/snapshot-file.ts),
 * when nothing else saved lies there: the first papers added after a restore then move their terms' postings
 * there rather than into a new pool (at 50,000 papers, a copy of 18 MB, 350-480 ms after a browser restart).
 */
function withRoomAfter(postings: Uint32Array, saved: SavedRelatedIndex): Uint32Array<ArrayBuffer> {
  const { buffer, byteOffset } = postings;
  const after = Object.values(saved).some(
    (value) => ArrayBuffer.isView(value) && value.buffer === buffer && value.byteOffset > byteOffset,
  );
  if (after || !(buffer instanceof ArrayBuffer)) return postings as Uint32Array<ArrayBuffer>;
  return new Uint32Array(buffer, byteOffset, Math.floor((buffer.byteLength - byteOffset) / 4));
}

/**
 * Whether `table` is the size restoring `terms` terms would give it (so at least half empty: a lookup always
 * ends) and holds each term exactly once.
 */
function holdsEachTermOnce(table: Int32Array, terms: number): boolean {
  if (table.length !== capacityFor(terms * 2, TABLE_START)) return false;
  const seen = new Uint8Array(terms);
  let held = 0;
  // At 50,000 papers, a million places: 4 ms indexed, 24 ms with for-of.
  for (let place = 0; place < table.length; place++) {
    const entry = table[place] as number;
    if (entry === 0) continue;
    if (entry < 0 || entry > terms || seen[entry - 1]) return false;
    seen[entry - 1] = 1;
    held++;
  }
  return held === terms;
}

// ---- Terms of a paper ----

/** Index terms with their packed counts; length: words of title and abstract. */
function indexedTerms(paper: RelatedPaper): { counts: Map<string, number>; length: number } {
  // title count × 65536 + abstract count, while counting.
  const counts = new Map<string, number>();
  let length = 0;
  forEachTerm(paper.title, (term, phrase) => {
    if (!phrase) length++;
    counts.set(term, (counts.get(term) ?? 0) + 65536);
  });
  forEachTerm(paper.abstract, (term, phrase) => {
    if (!phrase) length++;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  });
  for (const [term, count] of counts) {
    const title = Math.floor(count / 65536);
    const abstract = count % 65536;
    // A phrase said once in passing is left out: the title's phrases and the repeated ones name the subject.
    if (term.includes(' ') && title === 0 && abstract < 2) counts.delete(term);
    else counts.set(term, (Math.min(title, MAX_TITLE_COUNT) << 6) | Math.min(abstract, MAX_ABSTRACT_COUNT));
  }
  return { counts, length };
}

/** The query's weights: its terms' weights, phrases scaled by `phraseWeight`. */
function queryWeights(paper: RelatedPaper): Map<string, number> {
  const weights = termWeights(paper);
  for (const [term, weight] of weights) {
    if (term.includes(' ')) weights.set(term, weight * RELATED_TUNING.phraseWeight);
  }
  return weights;
}

/** How much a paper is about each of its terms: 1 + log of its abstract count, more in the title. */
function termWeights(paper: RelatedPaper): Map<string, number> {
  const weights = new Map<string, number>();
  for (const span of termSpansOf(paper.abstract)) weights.set(span.term, (weights.get(span.term) ?? 0) + 1);
  for (const [term, count] of weights) weights.set(term, 1 + Math.log(count));
  for (const term of new Set(termSpansOf(paper.title).map((span) => span.term))) {
    weights.set(term, (weights.get(term) ?? 0) + RELATED_TUNING.titleWeight);
  }
  return weights;
}

/** "J.-B. Zuber", "Jean-Bernard Zuber" -> "j zuber": initials vary across a person's papers, surnames don't. */
export function authorKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return `${words[0]?.[0] ?? ''} ${words.at(-1) ?? ''}`;
}

function hashSet(values: string[]): number[] {
  return [...new Set(values.filter((value) => value.trim() !== '').map(hashA))];
}

/** FNV-1a. */
function hashA(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A second, independent hash (MurmurHash-style mixing), so that a term is known by 64 bits. */
function hashB(text: string): number {
  let hash = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

// ---- Term table and postings ----

function findTerm(state: Index, text: string): number {
  return findKey(state, hashA(text), hashB(text));
}

function findKey(state: Index, keyA: number, keyB: number): number {
  const mask = state.table.length - 1;
  for (let at = (Math.imul(keyA, 0x9e3779b1) >>> 0) & mask; ; at = (at + 1) & mask) {
    const entry = state.table[at] as number;
    if (entry === 0) return -1;
    if (state.keysA[entry - 1] === keyA && state.keysB[entry - 1] === keyB) return entry - 1;
  }
}

function insertKey(state: Index, term: number): void {
  placeKey(state.table, state.keysA[term] as number, term);
}

function placeKey(table: Int32Array, keyA: number, term: number): void {
  const mask = table.length - 1;
  let at = (Math.imul(keyA, 0x9e3779b1) >>> 0) & mask;
  while (table[at] !== 0) at = (at + 1) & mask;
  table[at] = term + 1;
}

function internTerm(state: Index, text: string): number {
  const keyA = hashA(text);
  const keyB = hashB(text);
  const found = findKey(state, keyA, keyB);
  if (found >= 0) return found;
  const term = state.termCount++;
  ensureTerms(state, state.termCount);
  state.keysA[term] = keyA;
  state.keysB[term] = keyB;
  state.start[term] = 0;
  state.frequency[term] = 0;
  state.capacity[term] = 0;
  insertKey(state, term);
  return term;
}

/** Grows the per-term arrays, and the table so it stays at most half full. */
function ensureTerms(state: Index, count: number): void {
  if (count > state.keysA.length) {
    const size = capacityFor(count, state.keysA.length);
    state.keysA = grown(state.keysA, size);
    state.keysB = grown(state.keysB, size);
    state.start = grown(state.start, size);
    state.frequency = grown(state.frequency, size);
    state.capacity = grown(state.capacity, size);
  }
  if (count * 2 > state.table.length) {
    state.table = new Int32Array(capacityFor(count * 2, state.table.length));
    for (let term = 0; term < state.termCount; term++) insertKey(state, term);
  }
}

function ensureSlots(state: Index, count: number): void {
  if (count <= state.lengths.length) return;
  const size = capacityFor(count, state.lengths.length);
  state.lengths = grown(state.lengths, size);
  state.signalStart = grown(state.signalStart, size);
  state.authorCounts = grown(state.authorCounts, size);
  state.categoryCounts = grown(state.categoryCounts, size);
}

function ensureSignals(state: Index, count: number): void {
  if (count > state.signals.length)
    state.signals = grown(state.signals, capacityFor(count, state.signals.length));
}

function capacityFor(count: number, current: number): number {
  let size = Math.max(current, 16);
  while (size < count) size *= 2;
  return size;
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** Where the term's postings hold `slot` (binary search: postings are in slot order), or -1. */
function findPosting(state: Index, term: number, slot: number): number {
  let low = state.start[term] as number;
  let high = low + (state.frequency[term] as number) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = (state.pool[middle] as number) >>> 8;
    if (found === slot) return middle;
    if (found < slot) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Appends a posting; a full region moves to the pool's end with twice the room. */
function appendPosting(state: Index, term: number, posting: number): void {
  const frequency = state.frequency[term] as number;
  if (frequency === state.capacity[term]) {
    const room = Math.max(2, frequency * 2);
    if (state.poolTop + room > state.pool.length) compactPool(state, room);
    const start = state.start[term] as number;
    state.pool.copyWithin(state.poolTop, start, start + frequency);
    state.start[term] = state.poolTop;
    state.capacity[term] = room;
    state.poolTop += room;
  }
  state.pool[(state.start[term] as number) + frequency] = posting;
  state.frequency[term] = frequency + 1;
}

/**
 * Makes room for `extra` more postings by closing the holes moved regions left, growing the pool when it
 * would still be more than half full. `extra` 0: the index is built, every region is packed tightly.
 */
function compactPool(state: Index, extra: number): void {
  let used = 0;
  for (let term = 0; term < state.termCount; term++)
    used += extra === 0 ? (state.frequency[term] as number) : (state.capacity[term] as number);
  let size = Math.max(used, 16);
  if (extra > 0)
    size =
      used + extra > state.pool.length / 2 ? capacityFor((used + extra) * 2, 1 << 16) : state.pool.length;
  const pool = new Uint32Array(size);
  let top = 0;
  for (let term = 0; term < state.termCount; term++) {
    const start = state.start[term] as number;
    const frequency = state.frequency[term] as number;
    pool.set(state.pool.subarray(start, start + frequency), top);
    if (extra === 0) state.capacity[term] = frequency;
    state.start[term] = top;
    top += state.capacity[term] as number;
  }
  state.pool = pool;
  state.poolTop = top;
}

/** Renumbers the papers 0.. in order, dropping removed ones' slots; postings stay in slot order. */
function compactSlots(state: Index): void {
  if (state.slotOf.size === state.ids.length) return;
  const renumbered = new Int32Array(state.ids.length).fill(-1);
  const ids: string[] = [];
  const lengths = new Uint16Array(capacityFor(state.slotOf.size, 16));
  const signalStart = new Uint32Array(lengths.length);
  const authorCounts = new Uint8Array(lengths.length);
  const categoryCounts = new Uint8Array(lengths.length);
  const signals = new Uint32Array(state.signals.length);
  let signalTop = 0;
  for (const [slot, id] of state.ids.entries()) {
    if (id === undefined) continue;
    const next = ids.length;
    renumbered[slot] = next;
    ids.push(id);
    state.slotOf.set(id, next);
    lengths[next] = state.lengths[slot] as number;
    authorCounts[next] = state.authorCounts[slot] as number;
    categoryCounts[next] = state.categoryCounts[slot] as number;
    const start = state.signalStart[slot] as number;
    const count = (authorCounts[next] as number) + (categoryCounts[next] as number);
    signals.set(state.signals.subarray(start, start + count), signalTop);
    signalStart[next] = signalTop;
    signalTop += count;
  }
  for (let term = 0; term < state.termCount; term++) {
    const start = state.start[term] as number;
    for (let at = start; at < start + (state.frequency[term] as number); at++) {
      const posting = state.pool[at] as number;
      state.pool[at] = (renumbered[posting >>> 8] as number) * 256 + (posting & 255);
    }
  }
  Object.assign(state, { ids, lengths, signalStart, authorCounts, categoryCounts, signals, signalTop });
}
