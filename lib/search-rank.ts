/**
 * A query ranked as MiniSearch 7.2.0's search() ranks it (same papers, same scores, same order), with the
 * scores kept in arrays indexed by short document id. MiniSearch keeps a Map entry and an object per paper
 * found, asks each term for each of the seven fields, then makes a result object per paper: a prefix of three
 * letters completes to a third of the library ("tra", 34,000 papers at 50,000; "250", 31,000 ids, one term
 * each), and those searches took 80-140 ms in Node, the slowest keystrokes of the library page.
 */
import type { SearchOptions } from 'minisearch';
import { TermView } from './search-postings';

/** What ranking reads of the index: MiniSearch's own fields, as PaperMiniSearch holds them. */
export interface RankedIndex {
  tree: {
    get(term: string): TermData | undefined;
  };
  /** The terms within `distance` edits of `term` (MiniSearch's fuzzyGet), with their distances: not to change. */
  typos(term: string, distance: number): ReadonlyMap<string, [TermData, number]>;
  /** The term tree's radix tree itself (see forEachCompletion). */
  root: Map<string, unknown>;
  documentIds: Map<number, string>;
  /** Each paper's field lengths, at short id × number of fields + field id (MiniSearch's `_fieldLength`). */
  fieldLengths: Uint32Array;
  averageFieldLength: readonly number[];
  documentCount: number;
  /** One more than the largest short document id. */
  docLimit: number;
  /** Each field's boost, by field id. */
  boosts: readonly number[];
  /** A query's terms, as MiniSearch reads them (tokenized, processed). */
  termsOf(query: string): string[];
}

/** The options a query is ranked with: MiniSearch's, its defaults filled in. */
export type RankOptions = Required<Pick<SearchOptions, 'combineWith' | 'maxFuzzy' | 'weights' | 'bm25'>> &
  Pick<SearchOptions, 'prefix' | 'fuzzy'>;

/** How a query is ranked, beyond MiniSearch's options. */
export interface RankLimits {
  /** For an all-words query: papers holding one of its words (the others cannot be found); only they are scored. */
  only?: Set<number>;
  /** Which papers are found (the filters). */
  keep?: (doc: number) => boolean;
  /** How many of the best are wanted in order (a page of the list): the rest are only counted. */
  want?: number;
}

/** The `want` best papers found, best first, as short ids with their scores; and how many were found. */
export interface Ranked {
  docs: number[];
  scores: number[];
  total: number;
}

/** A term's value in the tree: a TermView, or the Maps MiniSearch itself writes (see lib/search-postings.ts). */
export type TermData = Pick<Map<number, Pick<Map<number, number>, 'size' | 'forEach'>>, 'get'>;

/** Query words (distinct terms) a paper's matches are counted by, as bits: MiniSearch's `quality`. */
const MAX_WORDS = 31;

/**
 * The arrays a ranking works in, kept between queries (grown with the index): for the query so far (`score`,
 * `words`, `order`) and for the word being scored (`wordScore`, `order` of first touch in `wordOrder`). A
 * paper is in the query's results while `inQuery[doc] === queryMark`, in the word's while
 * `inWord[doc] === wordMark`: nothing is cleared between words or queries (the marks only go up; a double
 * counts to 2^53).
 */
export class RankScratch {
  private size = 0;
  private score = new Float64Array(0);
  private words = new Uint32Array(0);
  private inQuery = new Float64Array(0);
  private wordScore = new Float64Array(0);
  private inWord = new Float64Array(0);
  private order: number[] = [];
  private wordOrder: number[] = [];
  private queryMark = 0;
  private wordMark = 0;

  /**
   * `query` ranked on `index`; undefined when it has more distinct words than MAX_WORDS (then MiniSearch
   * ranks it).
   */
  rank(
    index: RankedIndex,
    query: string,
    options: RankOptions,
    { only, keep, want = Number.POSITIVE_INFINITY }: RankLimits = {},
  ): Ranked | undefined {
    const terms = index.termsOf(query);
    const distinct = [...new Set(terms)];
    if (distinct.length > MAX_WORDS) return undefined;
    this.fit(index.docLimit);
    this.queryMark++;
    this.order = [];
    const and = options.combineWith.toUpperCase() === 'AND';
    terms.forEach((term, i) => {
      this.scoreWord(index, term, i, terms, options, only);
      const bit = 1 << distinct.indexOf(term);
      if (i === 0) this.takeWord(bit);
      else if (and) this.keepBoth(bit);
      else this.addWord(bit);
    });
    const { score, words, order } = this;
    const found = new Float64Array(order.length);
    const positions: number[] = [];
    order.forEach((doc, i) => {
      if (keep && !keep(doc)) return;
      found[i] = (score[doc] as number) * (popCount(words[doc] as number) || 1);
      positions.push(i);
    });
    // Best first; equal scores in the order MiniSearch's Map would hold the papers (both sorts are stable).
    const best = firstInOrder(positions, want, (a, b) => (found[b] as number) - (found[a] as number));
    return {
      docs: best.map((i) => order[i] as number),
      scores: best.map((i) => found[i] as number),
      total: positions.length,
    };
  }

  /** One query word's papers and scores (MiniSearch's executeQuerySpec): the word, its completions, its typos. */
  private scoreWord(
    index: RankedIndex,
    term: string,
    i: number,
    terms: string[],
    options: RankOptions,
    only: Set<number> | undefined,
  ): void {
    this.wordMark++;
    this.wordOrder = [];
    const { fuzzy: fuzzyWeight = 0.45, prefix: prefixWeight = 0.375 } = options.weights;
    this.scoreTerm(index, index.tree.get(term), 1, options, only);
    const distance = typoDistance(options, terms, i);
    const typos = distance ? index.typos(term, distance) : undefined;
    /** Completions that are typos too: scored as completions only. */
    const completed = new Set<string>();
    if (completes(options, terms, i)) {
      forEachCompletion<TermData>(index.root, term, (completion, view) => {
        const distance = completion.length - term.length;
        if (!distance) return;
        if (typos?.has(completion)) completed.add(completion);
        const weight = (prefixWeight * completion.length) / (completion.length + 0.3 * distance);
        this.scoreTerm(index, view, weight, options, only);
      });
    }
    for (const [typo, [view, distance]] of typos ?? []) {
      if (!distance || completed.has(typo)) continue;
      this.scoreTerm(index, view, (fuzzyWeight * typo.length) / (typo.length + distance), options, only);
    }
  }

  /**
   * Adds one term's BM25+ scores to the word's (MiniSearch's termResults): field by field in ascending id, each
   * paper in the order the view lists it, each score worked out exactly as MiniSearch's calcBM25Score does.
   */
  private scoreTerm(
    index: RankedIndex,
    view: TermData | undefined,
    termWeight: number,
    options: RankOptions,
    only: Set<number> | undefined,
  ): void {
    if (!view) return;
    if (view instanceof TermView && view.own === undefined && view.slot >= 0) {
      // Packed (nearly every term): its fields' slices read straight from the arrays, then the papers added
      // since the last pack (a clip), as the view lists them.
      const store = view.store;
      const { termStarts, fieldIds, fieldStarts, docs } = store.a;
      let k = termStarts[view.slot] as number;
      const last = termStarts[view.slot + 1] as number;
      for (let field = 0; field < index.boosts.length; field++) {
        const inPacked = k < last && fieldIds[k] === field;
        const start = inPacked ? (fieldStarts[k] as number) : 0;
        const end = inPacked ? (fieldStarts[k + 1] as number) : 0;
        if (inPacked) k++;
        const added = view.extra?.get(field);
        if (!inPacked && !added) continue;
        let matching = store.countLive(start, end);
        for (const doc of added?.keys() ?? []) if (!store.isDead(doc)) matching++;
        const invDocFreq = idf(matching, index.documentCount);
        for (let p = start; p < end; p++) {
          const doc = docs[p] as number;
          if (store.isDead(doc) || (only !== undefined && !only.has(doc))) continue;
          this.add(index, options, termWeight, field, invDocFreq, doc, store.freqAt(p));
        }
        for (const [doc, termFreq] of added ?? []) {
          if (store.isDead(doc) || (only !== undefined && !only.has(doc))) continue;
          this.add(index, options, termWeight, field, invDocFreq, doc, termFreq);
        }
      }
      return;
    }
    // A term held in Maps (MiniSearch wrote to it): read as MiniSearch reads it, a paper it no longer holds taken
    // off the count of those that have the term.
    for (let field = 0; field < index.boosts.length; field++) {
      const postings = view.get(field);
      if (!postings) continue;
      let matching = postings.size;
      postings.forEach((termFreq, doc) => {
        if (!index.documentIds.has(doc)) matching--;
        else if (only === undefined || only.has(doc))
          this.add(index, options, termWeight, field, idf(matching, index.documentCount), doc, termFreq);
      });
    }
  }

  /** Adds paper `doc`'s BM25+ score for a term it has `termFreq` times in `field` to the word's. */
  private add(
    index: RankedIndex,
    options: RankOptions,
    termWeight: number,
    field: number,
    invDocFreq: number,
    doc: number,
    termFreq: number,
  ): void {
    const { k, b, d } = options.bm25;
    const length = index.fieldLengths[doc * index.boosts.length + field] as number;
    const average = index.averageFieldLength[field] as number;
    const raw = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * length) / average)));
    // MiniSearch's product: term weight, term boost (1), field boost, document boost (1), score.
    const weighted = termWeight * 1 * (index.boosts[field] as number) * 1 * raw;
    const { wordScore, inWord } = this;
    if (inWord[doc] === this.wordMark) wordScore[doc] = (wordScore[doc] as number) + weighted;
    else {
      inWord[doc] = this.wordMark;
      wordScore[doc] = weighted;
      this.wordOrder.push(doc);
    }
  }

  /** The first word's papers are the query's. */
  private takeWord(bit: number): void {
    const { score, words, inQuery, wordScore, queryMark } = this;
    for (const doc of this.wordOrder) {
      inQuery[doc] = queryMark;
      score[doc] = wordScore[doc] as number;
      words[doc] = bit;
    }
    this.order = this.wordOrder;
  }

  /** AND: the papers of the query so far that the word has too, in the word's order (MiniSearch's combinator). */
  private keepBoth(bit: number): void {
    const { score, words, inQuery, wordScore } = this;
    const previous = this.queryMark++;
    const kept: number[] = [];
    for (const doc of this.wordOrder) {
      if (inQuery[doc] !== previous) continue;
      inQuery[doc] = this.queryMark;
      score[doc] = (score[doc] as number) + (wordScore[doc] as number);
      words[doc] = (words[doc] as number) | bit;
      kept.push(doc);
    }
    this.order = kept;
  }

  /** OR: the word's scores added to the papers found so far, and its new papers after them. */
  private addWord(bit: number): void {
    const { score, words, inQuery, wordScore, queryMark, order } = this;
    for (const doc of this.wordOrder) {
      if (inQuery[doc] === queryMark) {
        score[doc] = (score[doc] as number) + (wordScore[doc] as number);
        words[doc] = (words[doc] as number) | bit;
      } else {
        inQuery[doc] = queryMark;
        score[doc] = wordScore[doc] as number;
        words[doc] = bit;
        order.push(doc);
      }
    }
  }

  /** Room for every short id below `docLimit`. */
  private fit(docLimit: number): void {
    if (docLimit <= this.size) return;
    const size = Math.max(docLimit, Math.ceil(this.size * 1.25), 1024);
    const grow = <A extends Float64Array | Uint32Array>(old: A, make: new (n: number) => A): A => {
      const grown = new make(size);
      grown.set(old);
      return grown;
    };
    this.score = grow(this.score, Float64Array);
    this.words = grow(this.words, Uint32Array);
    this.inQuery = grow(this.inQuery, Float64Array);
    this.wordScore = grow(this.wordScore, Float64Array);
    this.inWord = grow(this.inWord, Float64Array);
    this.size = size;
  }
}

/**
 * The first `count` of `items` in the order of `compare`, sorted, equal items in their order (a stable sort):
 * a full sort when many are wanted; else one pass keeping the best so far, which a page of 100 out of 34,000
 * papers found rarely enters.
 */
function firstInOrder(items: number[], count: number, compare: (a: number, b: number) => number): number[] {
  if (count <= 0) return [];
  if (count * 8 >= items.length) return items.sort(compare).slice(0, count);
  const best = items.slice(0, count).sort(compare);
  for (let i = count; i < items.length; i++) {
    const item = items[i] as number;
    if (compare(item, best[count - 1] as number) >= 0) continue;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, best[middle] as number) < 0) high = middle;
      else low = middle + 1;
    }
    best.pop();
    best.splice(low, 0, item);
  }
  return best;
}

/** Whether query word `i` also finds the words it starts, as MiniSearch reads `prefix`. */
export function completes(options: Pick<SearchOptions, 'prefix'>, terms: string[], i: number): boolean {
  const { prefix } = options;
  return typeof prefix === 'function' ? prefix(terms[i] as string, i, terms) : prefix === true;
}

/** How many edits query word `i` is allowed (0: none), as MiniSearch reads `fuzzy` and `maxFuzzy`. */
export function typoDistance(
  options: Pick<SearchOptions, 'fuzzy' | 'maxFuzzy'>,
  terms: string[],
  i: number,
): number {
  const term = terms[i] as string;
  const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy;
  if (!fuzzy) return 0;
  const ratio = fuzzy === true ? 0.2 : fuzzy;
  return ratio < 1 ? Math.min(options.maxFuzzy ?? 6, Math.round(term.length * ratio)) : ratio;
}

/** BM25's inverse document frequency, as MiniSearch's calcBM25Score works it out. */
function idf(matching: number, documentCount: number): number {
  return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
}

/**
 * Calls `visit` for each term of MiniSearch's radix tree `root` that starts with `prefix` (itself included), in
 * the order of its atPrefix (each node's keys last first), without the string it builds from the path for each
 * term: "250" completes to 30,000 arXiv ids at 50,000 papers.
 */
export function forEachCompletion<T>(
  root: Map<string, unknown>,
  prefix: string,
  visit: (term: string, value: T) => void,
): void {
  const walk = (node: Map<string, unknown>, path: string) => {
    const keys = [...node.keys()];
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (key === '') visit(path, node.get(key) as T);
      else walk(node.get(key) as Map<string, unknown>, path + key);
    }
  };
  // Down the edges the prefix holds whole (MiniSearch's trackDown).
  let node = root;
  let path = '';
  while (path.length < prefix.length) {
    const rest = prefix.slice(path.length);
    let edge = '';
    for (const key of node.keys()) if (key !== '' && rest.startsWith(key)) edge = key;
    if (!edge) {
      // The prefix ends inside an edge: the terms under it.
      for (const key of node.keys()) {
        if (key !== '' && key.startsWith(rest)) {
          walk(new Map([[key, node.get(key)]]), path);
          return;
        }
      }
      return;
    }
    node = node.get(edge) as Map<string, unknown>;
    path += edge;
  }
  walk(node, path);
}

function popCount(bits: number): number {
  let n = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) n++;
  return n;
}
