/**
 * "More like this": the papers of a library most related to one paper, from their titles and abstracts,
 * re-ranked by shared categories and authors. Pure: no browser or Node API, so the popup, the CLI, the
 * evaluation and the bench all run this same code.
 *
 * Method: one MiniSearch index over title + abstract with a tokenizer for scientific prose (LaTeX commands
 * dropped, stopwords and boilerplate such as "we propose" dropped, plural endings folded). A query is the
 * query paper's most salient terms (title terms boosted, abstract terms by tf·idf; terms in most papers left
 * out, they cost time and say little), OR-combined and scored by MiniSearch's BM25. Since queries only ask
 * for salient terms, each paper is indexed by its most salient terms only, which keeps the build fast. The best text matches are then re-ranked with the share of categories and of
 * authors they have in common with the query.
 */
import MiniSearch from 'minisearch';

/** What relatedness reads of a paper; a `Paper` fits. */
export interface RelatedPaper {
  id: string;
  title?: string;
  abstract?: string;
  categories?: string[];
  authors?: string[];
}

export interface RelatedIndex {
  search: MiniSearch<IndexedText>;
  /** Number of indexed papers whose title or abstract holds each term: the idf of query terms. */
  documentFrequency: Map<string, number>;
  signals: Map<string, PaperSignals>;
}

export interface RelatedOptions {
  /** Only ids it accepts are returned, e.g. papers older than the query. */
  accept?: (id: string) => boolean;
  /** Leave the category and author re-ranking out: text alone. */
  textOnly?: boolean;
}

interface IndexedText {
  id: string;
  /** The paper's index terms, space-separated. */
  terms: string;
}

interface PaperSignals {
  categories: string[];
  authorKeys: string[];
}

/** Tuned on the hep-th citation set (scripts/eval-related.ts), confirmed on the cs categories. */
const RELATED_TUNING = {
  /** How much more a title term counts than one occurrence in the abstract. */
  titleWeight: 2,
  /** Query terms kept, the most salient first. */
  maxQueryTerms: 24,
  /** Terms in more than this share of the papers are neither queried nor indexed... */
  maxDocumentShare: 0.1,
  /** ...unless in fewer papers than this: in a small library every term is cheap. */
  alwaysKeptDocumentFrequency: 1000,
  /** Terms indexed per paper, the most salient first. */
  indexedTermsPerPaper: 32,
  /** Text matches re-ranked: at least this many. */
  minCandidates: 100,
  /** A tie-breaker only: the one label set with categories would grade it by itself. */
  categoryWeight: 0.1,
  /** hep-th: recall@10 0.17 text only, 0.21 with authors (self-citations); no change on cs categories. */
  authorWeight: 0.6,
};

export function createRelatedIndex(papers: Iterable<RelatedPaper>): RelatedIndex {
  const index: RelatedIndex = {
    search: new MiniSearch<IndexedText>({
      fields: ['terms'],
      // Text reaches MiniSearch already tokenized and pruned (see indexedText).
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
    }),
    documentFrequency: new Map(),
    signals: new Map(),
  };
  // Two passes: a paper's salient terms are known once all papers have been counted.
  const counted = Array.from(papers, (paper) => registerPaper(index, paper));
  index.search.addAll(counted.map((terms) => indexedText(index, terms)));
  return index;
}

export function addToRelatedIndex(index: RelatedIndex, paper: RelatedPaper): void {
  index.search.add(indexedText(index, registerPaper(index, paper)));
}

/** `paper` must have the title and abstract it was added with: its terms are counted out again. */
export function removeFromRelatedIndex(index: RelatedIndex, paper: RelatedPaper): void {
  if (!index.signals.has(paper.id)) return;
  index.search.discard(paper.id);
  index.signals.delete(paper.id);
  for (const term of termWeightsOf(paper).keys()) {
    const count = (index.documentFrequency.get(term) ?? 1) - 1;
    if (count > 0) index.documentFrequency.set(term, count);
    else index.documentFrequency.delete(term);
  }
}

/** The ids of the `k` papers most related to `paper`, best first; never `paper` itself. */
export function relatedTo(
  index: RelatedIndex,
  paper: RelatedPaper,
  k: number,
  options: RelatedOptions = {},
): string[] {
  const weights = queryTermWeights(index, paper);
  if (weights.size === 0) return [];
  const accept = options.accept ?? (() => true);
  const matches = index.search.search([...weights.keys()].join(' '), {
    boostTerm: (term) => weights.get(term) ?? 0,
    boostDocument: (id) => (id !== paper.id && accept(id) ? 1 : 0),
  });
  const candidates = matches.slice(0, Math.max(k * 3, RELATED_TUNING.minCandidates));
  const ranked = options.textOnly ? candidates : rerank(index, paper, candidates);
  return ranked.slice(0, k).map((match) => match.id as string);
}

/** The query: its salient terms, each weighted by how much the query paper is about it (idf is BM25's). */
function queryTermWeights(index: RelatedIndex, paper: RelatedPaper): Map<string, number> {
  return salientTerms(index, termWeightsOf(paper), RELATED_TUNING.maxQueryTerms, index.signals.has(paper.id));
}

/**
 * The `max` terms of a paper that best tell it apart, with their weights: the ones with the highest weight
 * times idf. Terms in no other paper cannot match and terms in most papers cost time and say little: both
 * are left out. `indexed`: the paper itself is counted in the document frequencies.
 */
function salientTerms(
  index: RelatedIndex,
  weights: Map<string, number>,
  max: number,
  indexed: boolean,
): Map<string, number> {
  const paperCount = Math.max(index.signals.size, 1);
  const commonFrequency = Math.max(
    paperCount * RELATED_TUNING.maxDocumentShare,
    RELATED_TUNING.alwaysKeptDocumentFrequency,
  );
  const scored: { term: string; weight: number; salience: number }[] = [];
  for (const [term, weight] of weights) {
    const frequency = index.documentFrequency.get(term) ?? 0;
    const inOtherPapers = indexed ? frequency - 1 : frequency;
    if (inOtherPapers === 0 || frequency > commonFrequency) continue;
    scored.push({ term, weight, salience: weight * Math.log(paperCount / frequency) });
  }
  scored.sort((a, b) => b.salience - a.salience);
  return new Map(scored.slice(0, max).map(({ term, weight }) => [term, weight]));
}

interface Match {
  id: unknown;
  score: number;
}

/** Text score scaled to the best match, plus the categories and authors shared with the query. */
function rerank(index: RelatedIndex, paper: RelatedPaper, candidates: Match[]): Match[] {
  const best = candidates[0]?.score ?? 1;
  const query = signalsOf(paper);
  return candidates
    .map((match) => {
      const signals = index.signals.get(match.id as string);
      const shared = signals
        ? RELATED_TUNING.categoryWeight * overlap(query.categories, signals.categories) +
          RELATED_TUNING.authorWeight * overlap(query.authorKeys, signals.authorKeys)
        : 0;
      return { id: match.id, score: match.score / best + shared };
    })
    .sort((a, b) => b.score - a.score);
}

/** Jaccard overlap of two small sets; 0 when either is empty. */
function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const shared = a.filter((item) => b.includes(item)).length;
  return shared / (a.length + b.length - shared);
}

/** Counts the paper in: its signals and the document frequency of its terms. */
function registerPaper(
  index: RelatedIndex,
  paper: RelatedPaper,
): { id: string; weights: Map<string, number> } {
  if (index.signals.has(paper.id)) throw new Error(`related index: ${paper.id} is already indexed`);
  index.signals.set(paper.id, signalsOf(paper));
  const weights = termWeightsOf(paper);
  for (const term of weights.keys()) {
    index.documentFrequency.set(term, (index.documentFrequency.get(term) ?? 0) + 1);
  }
  return { id: paper.id, weights };
}

/**
 * What MiniSearch indexes of a paper: its most salient terms, each once. Queries only ever ask for salient
 * terms, so the rest would cost build time for nothing; and repeats, which BM25 saturates anyway, cost more
 * time than they add.
 */
function indexedText(
  index: RelatedIndex,
  { id, weights }: { id: string; weights: Map<string, number> },
): IndexedText {
  const salient = salientTerms(index, weights, RELATED_TUNING.indexedTermsPerPaper, true);
  return { id, terms: [...salient.keys()].join(' ') };
}

/** How much a paper is about each of its terms: 1 + log of its count in the abstract, more for title terms. */
function termWeightsOf(paper: RelatedPaper): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of termsOf(paper.abstract)) weights.set(term, (weights.get(term) ?? 0) + 1);
  for (const [term, count] of weights) weights.set(term, 1 + Math.log(count));
  for (const term of new Set(termsOf(paper.title))) {
    weights.set(term, (weights.get(term) ?? 0) + RELATED_TUNING.titleWeight);
  }
  return weights;
}

function signalsOf(paper: RelatedPaper): PaperSignals {
  return { categories: paper.categories ?? [], authorKeys: (paper.authors ?? []).map(authorKey) };
}

/** "J.-B. Zuber", "Jean-Bernard Zuber" -> "j zuber": initials vary across a person's papers, surnames don't. */
export function authorKey(name: string): string {
  const words = foldAccents(name)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return `${words[0]?.[0] ?? ''} ${words.at(-1) ?? ''}`;
}

/** The index terms of a text, in order: lowercase words, no LaTeX commands, stopwords or bare numbers. */
export function termsOf(text: string | undefined): string[] {
  if (!text) return [];
  // Most abstracts are plain ASCII: Unicode normalization is their costliest step, and needless.
  return (/[^\u0020-\u007e]/.test(text) ? foldAccents(text) : text)
    .toLowerCase()
    .replace(/\\[a-z]+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word) && !/^\d+$/.test(word))
    .map(foldPlural);
}

function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Harman's S-stemmer: "models" and "model", "theories" and "theory" meet; nothing more aggressive. */
function foldPlural(word: string): string {
  if (word.length < 4 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && !/[ae]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !/[aeo]es$/.test(word)) return word.slice(0, -1);
  if (/[us]s$/.test(word)) return word;
  return word.slice(0, -1);
}

/** English function words and the boilerplate of abstracts, which say nothing about the subject. */
const STOPWORDS = new Set(
  `a about above across after again against all almost along also although always among an and another any
  are aren around as at be became because been before being below between both but by can cannot could did
  do does doing done down due during each either else enough especially etc even ever every few for from
  further had has have having he her here hers herself him himself his how however i if in into is isn it its
  itself just least less like made mainly make makes many may me might more most mostly much must my myself
  neither no nor not now of off often on once one only onto or other others otherwise our ours ourselves out
  over own per perhaps quite rather really same several she should show shown shows since so some such than
  that the their theirs them themselves then there thereby therefore these they this those though through
  thus to together too toward towards under until up upon us use used uses using very via was we well were
  what whatever when where whereas whether which while who whom whose why will with within without would yet
  you your
  paper papers propose proposes proposed present presents presented introduce introduces introduced
  demonstrate demonstrates demonstrated study studies studied investigate investigates investigated
  approach approaches method methods novel new result results find found obtain obtained work works
  existing achieve achieves achieved achieving furthermore moreover extensive experiment experiments
  experimental significantly significant respectively effective effectively outperform outperforms
  outperforming state art based first second finally particular particularly various different given
  provide provides provided consider considered discuss discussed describe described able recent recently
  including include includes show showed showing addition additionally
  `
    .trim()
    .split(/\s+/),
);
