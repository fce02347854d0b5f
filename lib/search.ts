/**
 * Full-text search over the library, free of browser APIs, sized for one long-lived worker holding 50,000
 * papers: a MiniSearch index whose postings are packed in typed arrays (lib/search-postings.ts), and beside
 * it a small summary of each paper (what the filters and the empty query's order need), never the paper.
 * Papers are added, replaced and removed in batches, so a clip is searchable at once; the index is saved as
 * typed arrays and read back without the papers, then caught up by the caller (addToIndex, removeFromIndex).
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { StoredPaper } from './db';
import { arxivCanonicalId, parseArxivId, parseArxivUrl } from './ids';
import { type Paper, SITES, type Site } from './paper';
import { READ_STATES, type ReadState } from './read-state';
import { hasFilters, type SearchFilters } from './search-filters';
import { emptyArrays, type PostingArrays, Postings, TermView } from './search-postings';
import {
  completes,
  forEachCompletion,
  type RankedIndex,
  type RankOptions,
  RankScratch,
  type TermData,
  typoDistance,
} from './search-rank';

export { hasFilters, type SearchFilters } from './search-filters';

/** What the index reads: any paper, and the library's extras when it has them. */
export type SearchablePaper = Paper &
  Partial<Pick<StoredPaper, 'savedAt' | 'changedAt' | 'tags' | 'readState' | 'starred'>>;

/** What the index keeps of a paper: enough to filter, to count categories and to list the library. */
export interface PaperSummary {
  id: string;
  savedAt: number | undefined;
  changedAt: number | undefined;
  /** Date of v1, `yyyy-mm-dd`: the empty query's order after savedAt. */
  submitted: string | undefined;
  /** paperYear of the paper. */
  year: number | undefined;
  /** Primary first; the same array for papers with the same categories. */
  categories: readonly string[];
  hasCode: boolean;
  tags: readonly string[];
  readState: ReadState;
  starred: boolean;
  /** Where the reader met the paper: one bit per site of SITES (see sitesOf). */
  sites: number;
}

export interface SearchIndex {
  readonly mini: PaperMiniSearch;
  readonly papers: Map<string, PaperSummary>;
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

/** A query's terms, as MiniSearch reads them. */
const queryTerms = (query: string): string[] =>
  tokenize(query)
    .map(processTerm)
    .filter((term): term is string => !!term);

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
  // The word being typed (the last) is completed once it has three letters: completing every word, or one or
  // two letters, matched thousands of terms a keystroke at 50,000 papers. Words long enough to hold a typo get
  // one or two edits.
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  combineWith: 'AND',
};

/** Each field's boost, by field id, as MiniSearch reads SEARCH.boost. */
const FIELD_BOOSTS = FIELDS.map((field) => SEARCH.boost?.[field] || 1);

/** MiniSearch's options for the index: a plain MiniSearch given them finds and scores the same. */
export const INDEX_OPTIONS: Options<SearchablePaper> = {
  fields: FIELDS,
  storeFields: [],
  extractField,
  tokenize,
  processTerm,
  searchOptions: SEARCH,
  // Discarded papers are hidden by the postings and dropped at the next merge: nothing to vacuum.
  autoVacuum: false,
};

/**
 * MiniSearch over packed postings (see lib/search-postings.ts), adding many papers at once. MiniSearch.add
 * walks its radix tree for every word of every paper; here the words of a batch are first gathered in a hash
 * map, then each distinct term finds its view once and the postings are packed in one pass. Scores are those
 * of MiniSearch add()ing the same papers in the same order (a test holds the two equal). It works on
 * MiniSearch's protected fields, kept protected for subclasses like this one; the version is pinned.
 */
export class PaperMiniSearch extends MiniSearch<SearchablePaper> {
  readonly postings = new Postings(FIELDS.length);
  private readonly scratch = new RankScratch();
  /**
   * Per field, the sum of the held papers' lengths. The average field lengths are these over the number of
   * papers: sums of integers are exact whatever order papers came and went in, so a clip or a removal updates
   * them in O(fields) (going over every paper took 18 ms at 50,000) and they are those of the index built anew
   * from the papers it holds. MiniSearch's own running average differs from them in the last bits only.
   */
  private lengthSums = FIELDS.map(() => 0);
  /**
   * `_fieldLength` again, as one array (short id × FIELDS.length + field id) for ranking: a Map lookup per
   * posting cost it 7-30 ms for a short prefix's 66,000 postings at 50,000 papers. A discarded paper's lengths
   * stay until its short id is used again; nothing reads them.
   */
  private lengthTable = new Uint32Array(0);
  /** Typos found (see typos), by distance and term; emptied whenever the index changes. */
  private readonly typoMemo = new Map<string, Map<string, [TermData, number]>>();

  constructor() {
    super(INDEX_OPTIONS);
    this.useViews();
  }

  /**
   * MiniSearch's termResults (which takes this method's place, see below the class), scoring each paper exactly
   * as it does, without the record of which fields each matched term was found in (`match`): nothing here
   * reads it, and it made an object keyed by the term for every paper a term is in. A short prefix that
   * completes to thousands of terms, or to a third of the library ("tra", "250" at 50,000 papers), spent most
   * of its time there.
   */
  protected scoreTerm(
    sourceTerm: string,
    derivedTerm: string,
    termWeight: number,
    termBoost: number,
    fieldTermData: TermView | undefined,
    fieldBoosts: Record<string, number>,
    boostDocument: SearchOptions['boostDocument'],
    bm25: BM25Params,
    results: Map<number, RawResult> = new Map(),
  ): Map<number, RawResult> {
    if (fieldTermData == null) return results;
    const removeTerm = (this as unknown as TermRemover).removeTerm;
    for (const field of Object.keys(fieldBoosts)) {
      const fieldBoost = fieldBoosts[field] as number;
      const fieldId = this._fieldIds[field] as number;
      const freqs = fieldTermData.get(fieldId);
      if (freqs == null) continue;
      let matchingFields = freqs.size;
      const avgFieldLength = this._avgFieldLength[fieldId] as number;
      for (const docId of freqs.keys()) {
        if (!this._documentIds.has(docId)) {
          removeTerm.call(this, fieldId, docId, derivedTerm);
          matchingFields -= 1;
          continue;
        }
        const docBoost = boostDocument
          ? boostDocument(this._documentIds.get(docId), derivedTerm, this._storedFields.get(docId))
          : 1;
        if (!docBoost) continue;
        const termFreq = freqs.get(docId) as number;
        const fieldLength = (this._fieldLength.get(docId) as number[])[fieldId] as number;
        const rawScore = bm25Score(
          termFreq,
          matchingFields,
          this._documentCount,
          fieldLength,
          avgFieldLength,
          bm25,
        );
        const weightedScore = termWeight * termBoost * fieldBoost * docBoost * rawScore;
        const result = results.get(docId);
        // One query word's results: its source term is every result's one term already.
        if (result) result.score += weightedScore;
        else {
          results.set(docId, { score: weightedScore, terms: [sourceTerm], match: NO_MATCH });
        }
      }
    }
    return results;
  }

  /** Terms MiniSearch itself adds (add()) get a view too, not a Map. */
  private useViews(): void {
    const tree = this._index;
    const fetch = tree.fetch.bind(tree);
    tree.fetch = (term, _initial) => fetch(term, () => this.postings.newView() as unknown as Value);
  }

  /**
   * Whether a search combining its words with AND surely finds nothing: some word is in no paper, exactly, as
   * the start of a word (when `options` completes it) or within its typos (when it allows them). Read off the
   * term tree alone, with MiniSearch's own reading of the query, so the answer is MiniSearch's: it would score
   * every paper holding the other words first (60-100 ms at 50,000 papers for a common word like "models").
   * A term held only by papers removed since the last merge still counts as found: the search then runs.
   */
  findsNothing(query: string, options: SearchOptions): boolean {
    return someWordMissing(this.wordsOf(query, options));
  }

  /**
   * An all-words search, scored only among the papers that hold its rarest word: every paper it finds holds that
   * word, and each scores exactly as in a full search (a word's number of papers, which its weight depends on,
   * is still read whole). MiniSearch would score every paper holding each word before intersecting: 50-100 ms
   * at 50,000 papers when one of them is "models". Not narrowed when even the rarest word is in a quarter of
   * the papers. A query that finds nothing (findsNothing) is answered without searching.
   */
  searchEveryWord(query: string, options: Attempt, limits: Limits = {}): RankedIds {
    // One word: there is nothing to narrow by, and ranking it finds out as soon whether it finds anything.
    if (queryTerms(query).length < 2) return this.rank(query, options, limits);
    const words = this.wordsOf(query, options);
    if (someWordMissing(words)) return { ids: [], scores: [], total: 0 };
    return this.rank(query, options, limits, words && this.rarestWordPapers(words));
  }

  /** MiniSearch's radix tree of terms. */
  private tree(): Map<string, unknown> {
    return (this._index as unknown as { _tree: Map<string, unknown> })._tree;
  }

  /**
   * `query` ranked as search() ranks it, without a result object per paper (lib/search-rank.ts): the `want`
   * best of the papers `keep` keeps, best first, and how many it keeps. `only`: for an all-words search, the
   * papers holding one of its words.
   */
  rank(query: string, options: Attempt, { keep, want }: Limits = {}, only?: Set<number>): RankedIds {
    const spec = { ...this._options.searchOptions, ...options } as RankOptions;
    const ranked = this.scratch.rank(
      {
        tree: this._index as unknown as RankedIndex['tree'],
        typos: (term, distance) => this.typos(term, distance),
        root: this.tree(),
        documentIds: this._documentIds,
        fieldLengths: this.lengthTable,
        averageFieldLength: this._avgFieldLength,
        documentCount: this._documentCount,
        docLimit: this._nextId,
        boosts: FIELD_BOOSTS,
        termsOf: queryTerms,
      },
      query,
      spec,
      { only, keep: keep && ((doc) => keep(this._documentIds.get(doc) as string)), want },
    );
    if (ranked) {
      const ids = ranked.docs.map((doc) => this._documentIds.get(doc) as string);
      return { ids, scores: ranked.scores, total: ranked.total };
    }
    // A query of more distinct words than ranking counts (a pasted abstract): MiniSearch ranks it.
    const found = this.search(query, keep ? { ...options, filter: (result) => keep(result.id) } : options);
    const best = found.slice(0, want);
    return {
      ids: best.map((result) => result.id),
      scores: best.map((result) => result.score),
      total: found.length,
    };
  }

  /**
   * For an all-words search: per word as MiniSearch reads the query, the terms it matches (itself, the words it
   * starts when `options` completes it, those within its typos when it allows them). Undefined for any-word.
   */
  private wordsOf(query: string, options: SearchOptions): TermView[][] | undefined {
    const spec = { ...SEARCH, ...options };
    if (spec.combineWith !== 'AND') return undefined;
    const terms = queryTerms(query);
    const words = terms.map((term, i) => {
      const views = new Set<TermView>();
      const exact = this._index.get(term) as unknown as TermView | undefined;
      if (exact) views.add(exact);
      if (completes(spec, terms, i))
        forEachCompletion<TermView>(this.tree(), term, (_, view) => views.add(view));
      return views;
    });
    // A word found in no way but by its typos is found by them. Looked for only when every other word is found:
    // finding a long word's typos among 220,000 terms takes milliseconds.
    if (words.some((views, i) => views.size === 0 && typoDistance(spec, terms, i) === 0))
      return words.map(() => []);
    return words.map((views, i) => {
      const distance = typoDistance(spec, terms, i);
      if (distance)
        for (const [, [view]] of this.typos(terms[i] as string, distance))
          views.add(view as unknown as TermView);
      return [...views];
    });
  }

  /**
   * MiniSearch's fuzzyGet, kept until the index changes: at every keystroke the words before the one typed are
   * asked for again ("reinforcement learning f", "... fr", "... fro"), and each attempt of a search asks again.
   */
  private typos(term: string, distance: number): Map<string, [TermData, number]> {
    const key = `${distance} ${term}`;
    let found = this.typoMemo.get(key);
    if (!found) {
      if (this.typoMemo.size >= TYPO_MEMO_MAX) this.typoMemo.clear();
      found = this._index.fuzzyGet(term, distance) as unknown as Map<string, [TermData, number]>;
      this.typoMemo.set(key, found);
    }
    return found;
  }

  /** The papers holding the rarest of `words` (wordsOf), when it is in fewer than a quarter of them. */
  private rarestWordPapers(words: TermView[][]): Set<number> | undefined {
    if (words.length < 2) return undefined;
    const postings = (views: TermView[]) => {
      if (views.length > MAX_EXPANSIONS) return Number.POSITIVE_INFINITY;
      let n = 0;
      for (const view of views) for (let f = 0; f < FIELDS.length; f++) n += view.get(f)?.size ?? 0;
      return n;
    };
    const sizes = words.map(postings);
    const rarest = sizes.indexOf(Math.min(...sizes));
    if (!((sizes[rarest] as number) < this._documentCount / 4)) return undefined;
    const papers = new Set<number>();
    for (const view of words[rarest] as TermView[]) {
      for (let f = 0; f < FIELDS.length; f++) for (const doc of view.get(f)?.keys() ?? []) papers.add(doc);
    }
    return papers;
  }

  /**
   * The query for the any-word attempt, without the words found in more than a tenth of the abstracts once the
   * library is large: "models" or "language" add tens of thousands of papers to score (150 ms at 50,000 papers
   * for a nine-word title no paper matches) and barely move the ranking, which the rarer words decide. The word
   * being typed (the last) stays, and so does every word when all are common.
   */
  withoutCommonWords(query: string): string {
    if (this._documentCount < COMMON_WORDS_FROM) return query;
    const words = tokenize(query);
    const abstract = FIELDS.indexOf('abstract');
    const common = (word: string, i: number) => {
      const term = processTerm(word);
      if (!term || i === words.length - 1) return false;
      const docs = (this._index.get(term) as unknown as TermView | undefined)?.get(abstract)?.size ?? 0;
      return docs > this._documentCount * COMMON_SHARE;
    };
    const kept = words.filter((word, i) => !common(word, i));
    return kept.some((word) => processTerm(word)) ? kept.join(' ') : query;
  }

  override removeAll(papers?: readonly SearchablePaper[]): void {
    if (papers) {
      super.removeAll(papers);
      return;
    }
    super.removeAll();
    this.typoMemo.clear();
    this.postings.load(emptyArrays(), 0);
    this.useViews();
    this.lengthSums = FIELDS.map(() => 0);
  }

  override discard(id: string): void {
    const doc = this._idToShortId.get(id);
    const lengths = doc === undefined ? undefined : this._fieldLength.get(doc);
    super.discard(id);
    this.typoMemo.clear();
    if (doc === undefined) return;
    this.postings.markDead(doc);
    this.countLengths(lengths, -1);
  }

  /** MiniSearch's own add() (it thaws the terms it writes to): its lengths are counted too. */
  override add(paper: SearchablePaper): void {
    super.add(paper);
    this.typoMemo.clear();
    const doc = this._idToShortId.get(paper.id);
    if (doc === undefined) return;
    const lengths = this._fieldLength.get(doc) as number[];
    this.noteLengths(doc, lengths);
    this.countLengths(lengths, 1);
  }

  /** Writes paper `doc`'s field lengths in the lengthTable. */
  private noteLengths(doc: number, lengths: readonly number[]): void {
    const end = (doc + 1) * FIELDS.length;
    if (end > this.lengthTable.length) {
      const grown = new Uint32Array(Math.max(end, this.lengthTable.length * 2));
      grown.set(this.lengthTable);
      this.lengthTable = grown;
    }
    this.lengthTable.set(lengths, doc * FIELDS.length);
  }

  override remove(paper: SearchablePaper): void {
    const doc = this._idToShortId.get(paper.id);
    const lengths = doc === undefined ? undefined : this._fieldLength.get(doc);
    super.remove(paper);
    this.typoMemo.clear();
    this.countLengths(lengths, -1);
  }

  /** Adds (`sign` 1) or takes out (-1) a paper's field lengths, and sets the averages anew. */
  private countLengths(lengths: readonly number[] | undefined, sign: 1 | -1): void {
    if (!lengths) return;
    for (let field = 0; field < FIELDS.length; field++)
      this.lengthSums[field] = (this.lengthSums[field] as number) + sign * (lengths[field] ?? 0);
    this.averageFieldLengths();
  }

  override addAll(papers: readonly SearchablePaper[]): void {
    this.typoMemo.clear();
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
        this._documentCount++;
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
          this.lengthSums[fieldId] = (this.lengthSums[fieldId] as number) + length;
        }
        this.noteLengths(doc, lengths);
      }
    } finally {
      const batch = new Map<TermView, number[]>();
      for (const [term, triples] of terms) {
        let view = this._index.get(term) as unknown as TermView | undefined;
        if (!view) {
          view = this.postings.newView();
          // A copy: the term may be a slice of the paper's text, which would keep all of it alive.
          this._index.set(detach(term), view as unknown as Value);
        }
        batch.set(view, triples);
      }
      // A few papers wait beside the packed postings; a build, or enough waiting, packs them all anew.
      if (
        this.postings.pendingDocs + papers.length <=
          Math.max(PENDING_LIMIT, this._documentCount * PENDING_SHARE) &&
        this.postings.views.length > 0
      ) {
        this.postings.addDelta(batch, papers.length);
        this.averageFieldLengths();
      } else {
        this.pack(batch);
      }
    }
  }

  /** Packs the postings anew, discarded papers left out. */
  purge(): void {
    this.pack(new Map());
  }

  /**
   * After papers are discarded: packs the postings anew once many are hidden (they cost time in every search),
   * else only brings the average field lengths to those of the papers left.
   */
  tidy(): void {
    if (this.postings.deadCount > Math.max(PENDING_LIMIT, this._documentCount / 20)) this.purge();
    else this.averageFieldLengths();
  }

  private pack(batch: Map<TermView, number[]>): void {
    this.typoMemo.clear();
    const empty = this.postings.merge(batch);
    if (empty.length > 0) {
      const gone = new Set(empty);
      const terms: string[] = [];
      for (const [term, value] of this._index) if (gone.has(value as unknown as TermView)) terms.push(term);
      for (const term of terms) this._index.delete(term);
    }
    this._dirtCount = 0;
    this.averageFieldLengths();
  }

  private averageFieldLengths(): void {
    const count = this._documentCount;
    this._avgFieldLength = this.lengthSums.map((sum) => (count > 0 ? sum / count : 0));
  }

  /** The index as SavedIndex keeps it, discarded papers left out; the arrays are the index's own. */
  save(): SavedMini {
    // A term MiniSearch was given as a real Map (not through fetch) is taken into the postings first.
    const foreign: [string, Value][] = [];
    for (const [term, value] of this._index) {
      if (!(value instanceof TermView)) foreign.push([term, value as Value]);
    }
    for (const [term, fields] of foreign) {
      const view = this.postings.newView();
      for (const [field, docs] of fields) view.own?.set(field, new Map(docs));
      this._index.set(term, view as unknown as Value);
    }
    this.purge();
    // Sorted, so that restore builds the term tree in one pass (termTree).
    const entries: [term: string, slot: number][] = [];
    for (const [term, value] of this._index) entries.push([term, (value as unknown as TermView).slot]);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const termSlots = new Uint32Array(entries.length);
    entries.forEach(([, slot], i) => {
      termSlots[i] = slot;
    });
    const ids: string[] = [];
    const shortIds = new Uint32Array(this._documentIds.size);
    const fieldLengths = new Uint32Array(this._documentIds.size * FIELDS.length);
    let i = 0;
    for (const [shortId, id] of this._documentIds) {
      ids.push(id);
      shortIds[i] = shortId;
      const lengths = this._fieldLength.get(shortId) ?? [];
      for (let field = 0; field < FIELDS.length; field++) {
        fieldLengths[i * FIELDS.length + field] = lengths[field] ?? 0;
      }
      i++;
    }
    const { bigFreqs, ...arrays } = this.postings.a;
    return {
      ids,
      shortIds,
      fieldLengths,
      terms: entries.map(([term]) => term).join(TERM_SEPARATOR),
      termSlots,
      ...arrays,
      state: { nextId: this._nextId, bigFreqs: [...bigFreqs] },
    };
  }

  /** The index save() kept, read back in steps (see restoreSteps); throws when it cannot be read. */
  static *restore(saved: SavedIndex, state: SavedState): Generator<void, PaperMiniSearch> {
    const { ids, shortIds, fieldLengths, termSlots } = saved;
    const fail = () => {
      throw new Error('Saved index damaged');
    };
    const fields = FIELDS.length;
    if (shortIds.length !== ids.length || fieldLengths.length !== ids.length * fields) fail();
    const terms = termSlots.length === 0 ? [] : saved.terms.split(TERM_SEPARATOR);
    if (terms.length + 1 !== saved.termStarts.length || termSlots.length !== terms.length) fail();
    const mini = new PaperMiniSearch();
    mini._nextId = state.nextId;
    mini.lengthTable = new Uint32Array(state.nextId * fields);
    mini._documentCount = ids.length;
    const sums = mini.lengthSums;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      const shortId = shortIds[i] as number;
      if (shortId >= state.nextId || mini._documentIds.has(shortId) || mini._idToShortId.has(id)) fail();
      mini._documentIds.set(shortId, id);
      mini._idToShortId.set(id, shortId);
      const lengths: number[] = [];
      for (let field = 0; field < fields; field++) {
        const length = fieldLengths[i * fields + field] as number;
        lengths.push(length);
        sums[field] = (sums[field] as number) + length;
      }
      mini._fieldLength.set(shortId, lengths);
      mini.noteLengths(shortId, lengths);
      if ((i + 1) % RESTORE_STEP === 0) yield;
    }
    yield;
    const arrays: PostingArrays = {
      termStarts: saved.termStarts,
      fieldIds: saved.fieldIds,
      fieldStarts: saved.fieldStarts,
      docs: saved.docs,
      freqs: saved.freqs,
      bigFreqs: new Map(state.bigFreqs),
    };
    const views = mini.postings.load(arrays, state.nextId);
    yield;
    // Each term's view, in the order of the terms; every view once.
    const values: TermView[] = [];
    const taken = new Uint8Array(views.length);
    for (const slot of termSlots) {
      if (slot >= views.length || taken[slot] === 1) fail();
      taken[slot] = 1;
      values.push(views[slot] as TermView);
    }
    const TermTree = mini._index.constructor as new (tree: Map<string, unknown>) => typeof mini._index;
    mini._index = new TermTree(yield* termTree(terms, values));
    mini.averageFieldLengths();
    return mini;
  }
}

// MiniSearch declares termResults private: the subclass's own takes its place on the prototype.
Object.assign(PaperMiniSearch.prototype, {
  termResults: (PaperMiniSearch.prototype as unknown as { scoreTerm: unknown }).scoreTerm,
});

/** Between the terms of SavedIndex.terms: no term holds one (tokenize splits at every space). */
const TERM_SEPARATOR = '\n';

/**
 * MiniSearch's term tree (a radix tree of Maps, a term's value under the key '') for `terms` in ascending
 * order, built in one pass: set()ing 220,000 terms one by one took 0.9-2 s at 50,000 papers on the 2-core
 * machine. It is the tree set() builds: a node where terms part ways or one ends, an edge for the letters
 * they share. The root's subtrees are built in steps of RESTORE_STEP terms or so. Throws when the terms are
 * not strictly ascending.
 */
function* termTree(
  terms: readonly string[],
  values: readonly unknown[],
): Generator<void, Map<string, unknown>> {
  for (let i = 1; i < terms.length; i++) {
    if (!((terms[i - 1] as string) < (terms[i] as string))) throw new Error('Saved index damaged');
  }
  /** Adds to `tree` the subtree of the terms from `from` (before `to`) whose next letter is that of terms[from]. */
  const child = (tree: Map<string, unknown>, from: number, to: number, depth: number): number => {
    const first = terms[from] as string;
    const letter = first.charCodeAt(depth);
    let end = from + 1;
    while (end < to && (terms[end] as string).charCodeAt(depth) === letter) end++;
    if (end === from + 1) {
      tree.set(first.slice(depth), new Map().set('', values[from]));
      return end;
    }
    // Sorted: the letters all of them share are those the first and the last share.
    const last = terms[end - 1] as string;
    let shared = depth + 1;
    while (shared < first.length && first.charCodeAt(shared) === last.charCodeAt(shared)) shared++;
    tree.set(first.slice(depth, shared), node(from, end, shared));
    return end;
  };
  // The subtree of terms[from..to), which share their first `depth` letters.
  const node = (from: number, to: number, depth: number): Map<string, unknown> => {
    const tree = new Map<string, unknown>();
    let i = from;
    if ((terms[i] as string).length === depth) tree.set('', values[i++]);
    while (i < to) i = child(tree, i, to, depth);
    return tree;
  };
  const root = new Map<string, unknown>();
  let i = 0;
  if (terms[0] === '') root.set('', values[i++]);
  let built = 0;
  while (i < terms.length) {
    const end = child(root, i, terms.length, 0);
    built += end - i;
    i = end;
    if (built >= RESTORE_STEP * 4) {
      built = 0;
      yield;
    }
  }
  return root;
}

/** A term's value in MiniSearch's radix tree, as MiniSearch types it (a TermView reads as one). */
type Value = Map<number, Map<number, number>>;

/** A paper's score for a query word while it is worked out, as MiniSearch keeps it (`match` left empty). */
interface RawResult {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}
/** The one `match` every result holds (PaperMiniSearch.scoreTerm): nothing is ever added to it. */
const NO_MATCH: Record<string, string[]> = Object.freeze({});
type BM25Params = { k: number; b: number; d: number };
/** How findIds asks: all words or any, with typos or not (ATTEMPTS). */
type Attempt = Pick<SearchOptions, 'combineWith' | 'fuzzy'>;
/** The best papers found, best first, with their scores; and how many were found. */
export interface RankedIds {
  ids: string[];
  scores: number[];
  total: number;
}
/** Which papers a search keeps (its filters), and how many of the best it wants in order. */
type Limits = { keep?: (id: string) => boolean; want?: number };
type TermRemover = { removeTerm(fieldId: number, docId: number, term: string): void };

/** MiniSearch's BM25+ score, as its calcBM25Score (not exported) computes it. */
function bm25Score(
  termFreq: number,
  matchingCount: number,
  totalCount: number,
  fieldLength: number,
  avgFieldLength: number,
  { k, b, d }: BM25Params,
): number {
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return (
    invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)))
  );
}

/** What PaperMiniSearch.save gives: all of SavedIndex but its version and summaries. */
type SavedMini = Omit<SavedIndex, 'version' | 'json'> & { state: SavedState };

/** What SavedIndex.json holds. */
interface SavedState {
  nextId: number;
  /** Counts of 255 and more, by posting. */
  bigFreqs: [posting: number, count: number][];
  summaries?: SavedSummaries;
}

/** The summaries of SavedIndex.ids, one column per field. */
interface SavedSummaries {
  savedAt: (number | null)[];
  changedAt: (number | null)[];
  submitted: (string | null)[];
  year: (number | null)[];
  /** Each distinct list of categories once, and per paper the index of its own. */
  categoryLists: string[][];
  categories: number[];
  hasCode: (0 | 1)[];
  /** Only the papers with tags: their index and tags. */
  tags: [paper: number, tags: string[]][];
  /** Index in READ_STATES of each paper's reading state. */
  readState: number[];
  starred: (0 | 1)[];
  /** The bits of PaperSummary.sites. */
  sites: number[];
}

const newArray = (): number[] => [];

/** A copy of a string that holds no larger one (a substring may keep the text it was cut from alive). */
const detach = (text: string): string => ` ${text}`.slice(1);

/** The value at `key`, put there by `create` when there is none. */
function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const value = map.get(key);
  if (value !== undefined) return value;
  const created = create();
  map.set(key, created);
  return created;
}

/** How many papers go into the postings at once when many are added: bounds the memory a build takes. */
const BATCH = 10_000;
/**
 * Papers added (or discarded) that wait beside the packed postings before they are packed anew: packing 50,000
 * papers' postings takes ~100 ms or more, a clip should not.
 */
const PENDING_LIMIT = 500;
/**
 * …or this share of the papers held, whichever is more: papers arriving in many batches (a first sync, an
 * import) are then packed a few times in all rather than once every 500, each pack a pass over every paper.
 */
const PENDING_SHARE = 1 / 16;
/** From this many papers, the any-word attempt leaves out the words in more than COMMON_SHARE of the abstracts. */
const COMMON_WORDS_FROM = 5000;
const COMMON_SHARE = 0.1;
/** Typo lists kept at most (PaperMiniSearch.typos). */
const TYPO_MEMO_MAX = 64;
/** A word matching more terms than this (a short prefix) is not counted to find the rarest word. */
const MAX_EXPANSIONS = 200;

/** For an all-words search (wordsOf), whether some word matches no term: then it finds nothing. */
const someWordMissing = (words: TermView[][] | undefined): boolean =>
  words?.some((views) => views.length === 0) ?? false;

export function createSearchIndex(papers: Iterable<SearchablePaper>): SearchIndex {
  const index: SearchIndex = { mini: new PaperMiniSearch(), papers: new Map() };
  addToIndex(index, papers);
  return index;
}

/** Bumped whenever what the index holds changes (fields, tokens, layout): a saved index of another version is rebuilt. */
const INDEX_VERSION = 6;

/**
 * An index as kept between visits (structured clone, e.g. IndexedDB): the postings as they sit in memory
 * (see PostingArrays in lib/search-postings.ts), the papers' short ids and field lengths, the terms in order,
 * and in `json` the papers' summaries.
 */
export interface SavedIndex {
  version: number;
  json: string;
  ids: string[];
  shortIds: Uint32Array;
  /** FIELDS.length per paper, in the order of `ids`. */
  fieldLengths: Uint32Array;
  /** Every term, ascending, separated by TERM_SEPARATOR. */
  terms: string;
  /** Each term's slot in the postings. */
  termSlots: Uint32Array;
  termStarts: Uint32Array;
  fieldIds: Uint8Array;
  fieldStarts: Uint32Array;
  docs: Uint32Array;
  freqs: Uint8Array;
}

export function saveSearchIndex(index: SearchIndex): SavedIndex {
  const { state, ...saved } = index.mini.save();
  const summaries: SavedSummaries = {
    savedAt: [],
    changedAt: [],
    submitted: [],
    year: [],
    categoryLists: [],
    categories: [],
    hasCode: [],
    tags: [],
    readState: [],
    starred: [],
    sites: [],
  };
  const lists = new Map<readonly string[], number>();
  saved.ids.forEach((id, i) => {
    const paper = index.papers.get(id);
    if (!paper) throw new Error(`The index holds ${id} but not its summary`);
    summaries.savedAt.push(paper.savedAt ?? null);
    summaries.changedAt.push(paper.changedAt ?? null);
    summaries.submitted.push(paper.submitted ?? null);
    summaries.year.push(paper.year ?? null);
    let list = lists.get(paper.categories);
    if (list === undefined) {
      list = summaries.categoryLists.push([...paper.categories]) - 1;
      lists.set(paper.categories, list);
    }
    summaries.categories.push(list);
    summaries.hasCode.push(paper.hasCode ? 1 : 0);
    if (paper.tags.length > 0) summaries.tags.push([i, [...paper.tags]]);
    summaries.readState.push(READ_STATES.indexOf(paper.readState));
    summaries.starred.push(paper.starred ? 1 : 0);
    summaries.sites.push(paper.sites);
  });
  return {
    version: INDEX_VERSION,
    json: JSON.stringify({ ...state, summaries }),
    ...saved,
  };
}

/**
 * The index saved by saveSearchIndex, as it was then; no paper needs to be read. Undefined for an index saved
 * by another version or that cannot be read. The caller catches it up with the library (lib/library-index.ts
 * follows the change log: addToIndex replaces the papers it holds, removeFromIndex takes out the ones gone).
 */
export function restoreSearchIndex(saved: SavedIndex): SearchIndex | undefined {
  const steps = restoreSteps(saved);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * restoreSearchIndex in steps of a few tens of milliseconds at 50,000 papers, awaiting `breathe` between them:
 * the worker answers other questions (the popup's related papers) while it reads a large index back.
 */
export async function restoreSearchIndexInSteps(
  saved: SavedIndex,
  breathe: () => Promise<void>,
): Promise<SearchIndex | undefined> {
  const steps = restoreSteps(saved);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await breathe();
  }
}

/** Papers (or about four times as many terms) read back in one step of restoreSteps. */
const RESTORE_STEP = 5000;

/** Reads the saved index back, pausing (`yield`) between steps; undefined when it cannot be read. */
function* restoreSteps(saved: SavedIndex): Generator<void, SearchIndex | undefined> {
  if (saved?.version !== INDEX_VERSION) return undefined;
  try {
    const state = JSON.parse(saved.json) as SavedState;
    const mini = yield* PaperMiniSearch.restore(saved, state);
    const columns = state.summaries;
    if (!columns || columns.categories.length !== saved.ids.length) throw new Error('Saved index damaged');
    const tags = new Map(columns.tags);
    const lists = columns.categoryLists.map(internCategories);
    const papers = new Map<string, PaperSummary>();
    for (const [i, id] of saved.ids.entries()) {
      const categories = lists[columns.categories[i] as number];
      if (!categories) throw new Error('Saved index damaged');
      papers.set(id, {
        id,
        savedAt: columns.savedAt[i] ?? undefined,
        changedAt: columns.changedAt[i] ?? undefined,
        submitted: internDate(columns.submitted[i] ?? undefined),
        year: columns.year[i] ?? undefined,
        categories,
        hasCode: columns.hasCode[i] === 1,
        tags: tags.get(i) ?? NO_TAGS,
        readState: READ_STATES[columns.readState[i] as number] ?? 'unread',
        starred: columns.starred[i] === 1,
        sites: columns.sites[i] ?? 0,
      });
      if ((i + 1) % RESTORE_STEP === 0) yield;
    }
    return { mini, papers };
  } catch {
    return undefined;
  }
}

/**
 * Adds papers, replacing the indexed version of those already there. Only their summaries are kept: the
 * papers themselves can be let go of.
 */
export function addToIndex(index: SearchIndex, papers: Iterable<SearchablePaper>): void {
  const batch = new Map<string, SearchablePaper>();
  const flush = () => {
    index.mini.addAll([...batch.values()]);
    batch.clear();
  };
  for (const paper of papers) {
    // discard() needs only the id: the old text need not be kept around to take it out.
    if (batch.has(paper.id)) batch.delete(paper.id);
    else if (index.papers.has(paper.id)) index.mini.discard(paper.id);
    batch.set(paper.id, paper);
    index.papers.set(paper.id, summarize(paper));
    if (batch.size >= BATCH) flush();
  }
  if (batch.size > 0) flush();
}

export function removeFromIndex(index: SearchIndex, ids: Iterable<string>): void {
  let removed = 0;
  for (const id of ids) {
    if (!index.papers.delete(id)) continue;
    index.mini.discard(id);
    removed++;
  }
  if (removed > 0) index.mini.tidy();
}

/** What the index keeps of `paper`. */
export function summarize(paper: SearchablePaper): PaperSummary {
  return {
    id: paper.id,
    savedAt: paper.savedAt,
    changedAt: paper.changedAt,
    submitted: internDate(paper.submitted),
    year: paperYear(paper),
    categories: internCategories(categoriesOf(paper)),
    hasCode: hasCode(paper),
    tags: paper.tags?.length ? [...paper.tags] : NO_TAGS,
    readState: paper.readState ?? 'unread',
    starred: paper.starred ?? false,
    sites: sitesOf(paper),
  };
}

const NO_TAGS: readonly string[] = Object.freeze([]);

// Papers share their lists of categories and their dates: each is held once (a few thousand of each).
const categoryLists = new Map<string, readonly string[]>();
const dates = new Map<string, string>();

function internCategories(categories: readonly string[]): readonly string[] {
  const key = categories.join(' ');
  let list = categoryLists.get(key);
  if (!list) {
    list = Object.freeze(categories.map(detach));
    categoryLists.set(key, list);
  }
  return list;
}

function internDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  let interned = dates.get(date);
  if (interned === undefined) {
    interned = detach(date);
    dates.set(interned, interned);
  }
  return interned;
}

/**
 * All words, each read as the start of a word; then all words allowing typos, which costs more on a large
 * library; then any of the words.
 */
const ATTEMPTS: Attempt[] = [
  { combineWith: 'AND', fuzzy: false },
  { combineWith: 'AND' },
  { combineWith: 'OR' },
];

/**
 * Papers matching `query` and `filters`, best first. An arXiv id (`2401.02954`, `arXiv:2401.02954v2`, an
 * arxiv.org URL) puts that paper first. Words are tried strictly, then loosely (ATTEMPTS). An empty query
 * lists every paper that passes the filters, the newest clip first.
 */
export function searchPapers(index: SearchIndex, query: string, filters: SearchFilters = {}): PaperSummary[] {
  return findIds(index, query, filters).ids.map((id) => index.papers.get(id) as PaperSummary);
}

/**
 * The first `want` ids of searchPapers, in its order, and how many it finds: a page of the library's list. A
 * short prefix finds a third of a large library ("tra" at 50,000 papers); its papers are only counted past the
 * page, and none is looked up unless a filter is set.
 */
export function findIds(
  index: SearchIndex,
  query: string,
  filters: SearchFilters = {},
  want = Number.POSITIVE_INFINITY,
): { total: number; ids: string[] } {
  const passes = (paper: PaperSummary | undefined): paper is PaperSummary =>
    paper !== undefined && matchesFilters(paper, filters);
  const ref = arxivRefOf(query);
  // An id is searched bare, so `arXiv:` and `v2` do not have to match too.
  const text = ref?.arxivId ?? query.trim();
  if (!text) {
    const all = [...index.papers.values()].filter(passes).sort(newestFirst);
    return { total: all.length, ids: all.slice(0, want).map((paper) => paper.id) };
  }
  const exact = ref && index.papers.get(arxivCanonicalId(ref.arxivId));
  const first = passes(exact) ? exact : undefined;
  const limits = {
    keep: hasFilters(filters) ? (id: string) => passes(index.papers.get(id)) : undefined,
    // The paper an id names goes first: it may be anywhere in the rest (an id finds a handful).
    want: first ? undefined : want,
  };
  let found: RankedIds = { ids: [], scores: [], total: 0 };
  for (const attempt of ATTEMPTS) {
    found =
      attempt.combineWith === 'OR'
        ? index.mini.rank(index.mini.withoutCommonWords(text), attempt, limits)
        : index.mini.searchEveryWord(text, attempt, limits);
    if (found.total > 0) break;
  }
  if (!first) return { total: found.total, ids: found.ids };
  const ids = [first.id, ...found.ids.filter((id) => id !== first.id)];
  return { total: ids.length, ids: ids.slice(0, want) };
}

/** The arXiv paper the search box names by id or arxiv.org URL, if it does. */
function arxivRefOf(query: string) {
  const text = query.trim();
  return parseArxivId(text) ?? parseArxivUrl(text);
}

const isSummary = (paper: Paper | PaperSummary): paper is PaperSummary =>
  typeof (paper as PaperSummary).hasCode === 'boolean';

export function matchesFilters(paper: Paper | PaperSummary, filters: SearchFilters): boolean {
  if (filters.hasCode && !hasCode(paper)) return false;
  if (filters.category && !categoriesOf(paper).includes(filters.category)) return false;
  if (filters.tag && !(paper as { tags?: readonly string[] }).tags?.includes(filters.tag)) return false;
  if (filters.year !== undefined && paperYear(paper) !== filters.year) return false;
  const reader = paper as { readState?: ReadState; starred?: boolean };
  if (filters.readState && (reader.readState ?? 'unread') !== filters.readState) return false;
  if (filters.starred && !reader.starred) return false;
  if (filters.site && !(sitesOf(paper) & siteBit(filters.site))) return false;
  return true;
}

const siteBit = (site: Site): number => 1 << SITES.indexOf(site);

/**
 * The sites where the reader met the paper, one bit per site of SITES: the site of its source (a record keeps
 * the most trusted page's), and Hugging Face when it has Hugging Face's information (an arXiv paper also seen
 * on Hugging Face keeps its arXiv source and gains `hf`).
 */
export function sitesOf(paper: Paper | PaperSummary): number {
  if (isSummary(paper)) return paper.sites;
  return siteBit(paper.source.site) | (paper.hf ? siteBit('huggingface') : 0);
}

export const hasCode = (paper: Paper | PaperSummary): boolean =>
  isSummary(paper) ? paper.hasCode : (paper.links?.some((link) => link.kind === 'code') ?? false);

/** The year of v1: from the submission date, else from a new-style arXiv id (`2401.x` is 2024). */
export function paperYear(paper: Paper | PaperSummary): number | undefined {
  if (isSummary(paper)) return paper.year;
  const date = paper.submitted ?? paper.updated;
  if (date) return Number(date.slice(0, 4));
  const yymm = /^(\d{2})\d{2}\./.exec(paper.arxivId ?? '');
  return yymm?.[1] ? 2000 + Number(yymm[1]) : undefined;
}

function categoriesOf(paper: Paper | PaperSummary): readonly string[] {
  if (isSummary(paper)) return paper.categories;
  return paper.categories ?? (paper.primaryCategory ? [paper.primaryCategory] : []);
}

/** Every category in the library with its number of papers, the largest first, for a filter menu. */
export function categoryCounts(papers: Iterable<Paper | PaperSummary>): [category: string, count: number][] {
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const category of categoriesOf(paper)) counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The library's facets: each value with its number of papers, the largest first. */
export interface Facets {
  categories: [string, number][];
  tags: [string, number][];
  readStates: [ReadState, number][];
  years: [number, number][];
  /** Every site, in the order of SITES; a paper met on two sites counts on both. */
  sites: [Site, number][];
  hasCode: number;
  starred: number;
}

export function facetCounts(papers: Iterable<PaperSummary>): Facets {
  const tags = new Map<string, number>();
  const states = new Map<ReadState, number>();
  const years = new Map<number, number>();
  const sites = SITES.map(() => 0);
  let code = 0;
  let starred = 0;
  const all: PaperSummary[] = [];
  for (const paper of papers) {
    all.push(paper);
    for (const tag of paper.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    states.set(paper.readState, (states.get(paper.readState) ?? 0) + 1);
    if (paper.year !== undefined) years.set(paper.year, (years.get(paper.year) ?? 0) + 1);
    if (paper.hasCode) code++;
    if (paper.starred) starred++;
    SITES.forEach((site, i) => {
      if (paper.sites & siteBit(site)) sites[i] = (sites[i] ?? 0) + 1;
    });
  }
  const largestFirst = <K>(counts: Map<K, number>): [K, number][] =>
    [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  return {
    categories: categoryCounts(all),
    tags: largestFirst(tags),
    readStates: READ_STATES.map((state): [ReadState, number] => [state, states.get(state) ?? 0]),
    years: [...years].sort((a, b) => b[0] - a[0]),
    sites: SITES.map((site, i): [Site, number] => [site, sites[i] ?? 0]),
    hasCode: code,
    starred,
  };
}

function newestFirst(a: PaperSummary, b: PaperSummary): number {
  return (b.savedAt ?? 0) - (a.savedAt ?? 0) || (b.submitted ?? '').localeCompare(a.submitted ?? '');
}
