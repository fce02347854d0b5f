/**
 * The reference lib/related.ts is compared with: arxiv-sanity-style TF-IDF, as scikit-learn's
 * `TfidfVectorizer(stop_words='english', ngram_range=(1, 2), sublinear_tf=True)` computes it (its default
 * token pattern `\b\w\w+\b`, i.e. runs of 2+ word characters; lowercase; smooth idf
 * ln((1 + n) / (1 + df)) + 1; l2 norm), over title + abstract, ranked by cosine similarity. Fitted on the
 * corpus searched; the query is scored with the same vocabulary and idf. By default every term is kept;
 * `TfidfOptions` restrict the vocabulary as arxiv-sanity-lite does (min_df=5, max_df=0.1,
 * max_features=20000).
 */

export interface TfidfPaper {
  id: string;
  title?: string;
  abstract?: string;
}

export interface TfidfIndex {
  /** The ids of the `k` papers with the highest cosine to `paper`, among those `accept` lets through. */
  rank(paper: TfidfPaper, k: number, accept: (id: string) => boolean): string[];
}

export interface TfidfOptions {
  /** Terms in fewer papers than this are left out. */
  minDf?: number;
  /** Terms in more than this share of the papers are left out. */
  maxDf?: number;
  /** Only the terms most frequent in the corpus, this many, are kept. */
  maxFeatures?: number;
}

export function createTfidfIndex(papers: TfidfPaper[], options: TfidfOptions = {}): TfidfIndex {
  const vocabulary = new Map<string, number>();
  const documentFrequency: number[] = [];
  const counted = papers.map((paper) => {
    const counts = new Map<number, number>();
    for (const term of ngramsOf(paper)) {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(term, id);
        documentFrequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of counts.keys()) documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
    return counts;
  });
  const idf = documentFrequency.map((df) => Math.log((1 + papers.length) / (1 + df)) + 1);
  const kept = keptTerms(documentFrequency, counted, papers.length, options);
  const vectorOf = (counts: Map<number, number>) => {
    const vector = [...counts]
      .filter(([id]) => kept[id])
      .map(([id, count]): [number, number] => [id, (1 + Math.log(count)) * (idf[id] as number)]);
    const norm = Math.hypot(...vector.map(([, weight]) => weight)) || 1;
    return vector.map(([id, weight]): [number, number] => [id, weight / norm]);
  };
  const postings: { doc: number[]; weight: number[] }[] = idf.map(() => ({ doc: [], weight: [] }));
  counted.forEach((counts, doc) => {
    for (const [id, weight] of vectorOf(counts)) {
      postings[id]?.doc.push(doc);
      postings[id]?.weight.push(weight);
    }
  });
  const ids = papers.map((paper) => paper.id);
  return {
    rank(paper, k, accept) {
      const counts = new Map<number, number>();
      for (const term of ngramsOf(paper)) {
        const id = vocabulary.get(term);
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const scores = new Float64Array(ids.length);
      for (const [id, weight] of vectorOf(counts)) {
        const { doc, weight: weights } = postings[id] as { doc: number[]; weight: number[] };
        for (let i = 0; i < doc.length; i++)
          scores[doc[i] as number] = (scores[doc[i] as number] as number) + weight * (weights[i] as number);
      }
      const ranked: number[] = [];
      scores.forEach((score, doc) => {
        if (score > 0 && accept(ids[doc] as string)) ranked.push(doc);
      });
      ranked.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
      return ranked.slice(0, k).map((doc) => ids[doc] as string);
    },
  };
}

/** Which term ids the vocabulary keeps, as scikit-learn's min_df, max_df and max_features choose them. */
function keptTerms(
  documentFrequency: number[],
  counted: Map<number, number>[],
  papers: number,
  { minDf = 1, maxDf = 1, maxFeatures = Number.POSITIVE_INFINITY }: TfidfOptions,
): boolean[] {
  const kept = documentFrequency.map((df) => df >= minDf && df <= maxDf * papers);
  if (kept.filter(Boolean).length <= maxFeatures) return kept;
  const total = new Float64Array(documentFrequency.length);
  for (const counts of counted) for (const [id, count] of counts) total[id] = (total[id] as number) + count;
  const byFrequency = kept
    .flatMap((keep, id) => (keep ? [id] : []))
    .sort((a, b) => (total[b] as number) - (total[a] as number) || a - b);
  const top = new Set(byFrequency.slice(0, maxFeatures));
  return kept.map((_, id) => top.has(id));
}

/** scikit-learn's word analyzer with ngram_range=(1, 2): stopwords out first, then bigrams of what is left. */
function ngramsOf(paper: TfidfPaper): string[] {
  const words = `${paper.title ?? ''} ${paper.abstract ?? ''}`
    .toLowerCase()
    .match(/[\p{L}\p{N}_]{2,}/gu)
    ?.filter((word) => !SKLEARN_STOP_WORDS.has(word));
  if (!words) return [];
  const grams = [...words];
  for (let i = 1; i < words.length; i++) grams.push(`${words[i - 1]} ${words[i]}`);
  return grams;
}

/** scikit-learn's ENGLISH_STOP_WORDS (sklearn/feature_extraction/_stop_words.py). */
const SKLEARN_STOP_WORDS = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am
  among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back
  be became because become becomes becoming been before beforehand behind being below beside besides between
  beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down
  due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything
  everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front
  full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself
  him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter
  latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
  myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of
  off often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps
  please put rather re same see seem seemed seeming seems serious several she should show side since sincere
  six sixty so some somehow someone something sometime sometimes somewhere still such system take ten than
  that the their them themselves then thence there thereafter thereby therefore therein thereupon these they
  thick thin third this those though three through throughout thru thus to together too top toward towards
  twelve twenty two un under until up upon us very via was we well were what whatever when whence whenever
  where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole
  whom whose why will with within without would yet you your yours yourself yourselves`
    .trim()
    .split(/\s+/),
);
