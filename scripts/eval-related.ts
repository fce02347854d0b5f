/**
 * How good lib/related.ts is, against the arxiv-sanity-style TF-IDF reference (scripts/eval/tfidf.ts), on two
 * real datasets (/work/shared/datasets/SOURCES.md):
 * - hep-th citations: the query is a citing paper, the relevant papers the ones it cites that are in the
 *   corpus; candidates are the papers dated no later than the query.
 * - arXiv cs 2025 categories: a seeded sample of 10,000 papers, 500 seeded queries among them; the gain of a
 *   result is the Jaccard overlap of its category set with the query's, graded by nDCG@10 (ideal: the 10 best
 *   gains in the sample). The query is given without its categories, else the category re-ranking would
 *   grade itself; with its authors, as the popup has them.
 * `npm run eval` prints the markdown section `evalRelated()` returns (also part of scripts/bench.ts).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRelatedIndex, relatedTo } from '../lib/related';
import { createTfidfIndex } from './eval/tfidf';
import { DATASETS, type DatasetPaper, readJsonLinesArray, readPapers } from './jsonl';

const HEPTH_PAPERS = `${DATASETS}/kddcup2003-hepth/papers.jsonl.gz`;
const HEPTH_CITATIONS = `${DATASETS}/kddcup2003-hepth/citations_subset.jsonl`;
const CS_PAPERS = `${DATASETS}/arxiv-daily-cs-2025/papers.jsonl.gz`;
const CS_SAMPLE = 10_000;
const CS_QUERY_COUNT = 500;
const SEED = 20250318;
/** Rankings are cut here: recall@20 is the longest cut-off; MRR looks this deep. */
const DEPTH = 50;

/** A ranking method: the ids for a query, best first, among the ids `accept` lets through. */
type Ranker = (query: DatasetPaper, accept: (id: string) => boolean) => string[];

interface Judged {
  ranking: string[];
  relevant: Set<string>;
}

export async function evalRelated(): Promise<string> {
  const sections = [
    '## Related papers: quality',
    '',
    'Papershelf (lib/related.ts) against an arxiv-sanity-style TF-IDF reference: title + abstract, words and ' +
      'bigrams, sublinear tf, l2-normalised, cosine (scripts/eval/tfidf.ts). The reference keeps every term ' +
      "(scikit-learn's defaults); the row below it keeps arxiv-sanity-lite's vocabulary (min_df 5, max_df 0.1, " +
      '20,000 features). "text only" leaves out the author and category re-ranking; "vs TF-IDF" is the change ' +
      'of the headline measure against the reference. Settings were tuned on these two sets (see RELATED_TUNING).',
    '',
  ];
  sections.push(
    ...(existsSync(HEPTH_PAPERS) && existsSync(HEPTH_CITATIONS)
      ? await evalCitations()
      : [`Skipped hep-th citations: ${HEPTH_PAPERS} or ${HEPTH_CITATIONS} is absent.`, '']),
    ...(existsSync(CS_PAPERS)
      ? await evalCategories()
      : [`Skipped cs categories: ${CS_PAPERS} is absent.`, '']),
  );
  return sections.join('\n');
}

async function evalCitations(): Promise<string[]> {
  const papers = await readPapers(HEPTH_PAPERS);
  const byId = new Map(papers.map((paper) => [paper.id, paper]));
  const citations = (await readJsonLinesArray(HEPTH_CITATIONS)) as { citing: string; cited: string[] }[];
  const queries = citations.flatMap(({ citing, cited }) => {
    const query = byId.get(citing);
    if (!query) return [];
    const date = query.date ?? '';
    const accept = (id: string) => id !== query.id && (byId.get(id)?.date ?? '') <= date;
    const relevant = new Set(cited.filter((id) => byId.has(id) && accept(id)));
    return relevant.size > 0 ? [{ query, accept, relevant }] : [];
  });
  const rows = Object.entries(rankersOver(papers)).map(([name, rank]) => ({
    name,
    judged: queries.map(({ query, accept, relevant }) => ({ ranking: rank(query, accept), relevant })),
  }));
  const reference = recallAt(rows[0]?.judged ?? [], 20);
  return [
    `### hep-th citations (KDD Cup 2003): ${queries.length} citing papers, ${papers.length} papers`,
    '',
    'Relevant: the papers each query cites that are in the corpus; candidates: the papers dated no later ' +
      `than the query (${citations.length - queries.length} of ${citations.length} citing papers cite none of them).`,
    '',
    '| method | recall@20 | vs TF-IDF | recall@10 | nDCG@10 | MRR |',
    '|---|---|---|---|---|---|',
    ...rows.map(({ name, judged }) => {
      const recall = recallAt(judged, 20);
      const cells = [
        formatShare(recall),
        formatChange(recall, reference),
        formatShare(recallAt(judged, 10)),
        formatShare(ndcgAt(judged, 10)),
        formatShare(meanReciprocalRank(judged)),
      ];
      return `| ${name} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
}

async function evalCategories(): Promise<string[]> {
  const all = await readPapers(CS_PAPERS);
  const sample = seededSample(all, CS_SAMPLE, SEED);
  const queries = seededSample(sample, CS_QUERY_COUNT, SEED + 1);
  const gainsOf = (query: DatasetPaper) => {
    const categories = new Set(query.categories ?? []);
    const gains = new Map<string, number>();
    for (const paper of sample) {
      if (paper.id === query.id) continue;
      const other = paper.categories ?? [];
      const shared = other.filter((category) => categories.has(category)).length;
      if (shared > 0) gains.set(paper.id, shared / (categories.size + other.length - shared));
    }
    return gains;
  };
  const judged = queries.map((query) => ({ query, gains: gainsOf(query) }));
  const rows = Object.entries(rankersOver(sample)).map(([name, rank]) => {
    const scores = judged.map(({ query, gains }) => {
      const { categories: _withheld, ...withoutCategories } = query;
      return gradedNdcg(
        rank(withoutCategories, (id) => id !== query.id),
        gains,
        10,
      );
    });
    return { name, ndcg: mean(scores) };
  });
  const reference = rows[0]?.ndcg ?? 0;
  return [
    `### arXiv cs 2025 categories: ${queries.length} seeded queries in a seeded sample of ${sample.length} ` +
      `of ${all.length} papers`,
    '',
    "Gain of a result: the Jaccard overlap of its categories with the query's; nDCG@10 against the 10 best " +
      'gains in the sample. Queries are given without their categories, so Papershelf re-ranks by the ' +
      'categories of their best text matches (as it does for a page not from arXiv).',
    '',
    '| method | nDCG@10 | vs TF-IDF |',
    '|---|---|---|',
    ...rows.map(({ name, ndcg }) => `| ${name} | ${formatShare(ndcg)} | ${formatChange(ndcg, reference)} |`),
    '',
  ];
}

/** The methods compared, each over the same corpus; the reference first. */
function rankersOver(papers: DatasetPaper[]): Record<string, Ranker> {
  const tfidf = createTfidfIndex(papers);
  const sanity = createTfidfIndex(papers, { minDf: 5, maxDf: 0.1, maxFeatures: 20_000 });
  const related = createRelatedIndex(papers);
  const ids = (matches: { id: string }[]) => matches.map((match) => match.id);
  return {
    'TF-IDF reference': (query, accept) => tfidf.rank(query, DEPTH, accept),
    'TF-IDF, arxiv-sanity-lite vocabulary': (query, accept) => sanity.rank(query, DEPTH, accept),
    'Papershelf, text only': (query, accept) =>
      ids(relatedTo(related, query, DEPTH, { accept, textOnly: true })),
    Papershelf: (query, accept) => ids(relatedTo(related, query, DEPTH, { accept })),
  };
}

/** nDCG@k with graded gains: DCG of the ranking over DCG of the `k` best gains there are. */
function gradedNdcg(ranking: string[], gains: Map<string, number>, k: number): number {
  const discounted = (values: number[]) =>
    values.slice(0, k).reduce((sum, gain, rank) => sum + gain / Math.log2(rank + 2), 0);
  const ideal = discounted([...gains.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : discounted(ranking.map((id) => gains.get(id) ?? 0)) / ideal;
}

function recallAt(judged: Judged[], k: number): number {
  return mean(
    judged.map(
      ({ ranking, relevant }) => ranking.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size,
    ),
  );
}

/** Binary-relevance nDCG: the ideal ranking puts all relevant papers (at most k) first. */
function ndcgAt(judged: Judged[], k: number): number {
  const gainAt = (rank: number) => 1 / Math.log2(rank + 2);
  return mean(
    judged.map(({ ranking, relevant }) => {
      const gained = ranking
        .slice(0, k)
        .reduce((sum, id, rank) => sum + (relevant.has(id) ? gainAt(rank) : 0), 0);
      const ideal = Array.from({ length: Math.min(k, relevant.size) }, (_, rank) => gainAt(rank));
      return gained / ideal.reduce((sum, gain) => sum + gain, 0);
    }),
  );
}

/** Reciprocal rank of the first relevant paper in the ranking (0 when none is in it). */
function meanReciprocalRank(judged: Judged[]): number {
  return mean(
    judged.map(({ ranking, relevant }) => {
      const rank = ranking.findIndex((id) => relevant.has(id));
      return rank < 0 ? 0 : 1 / (rank + 1);
    }),
  );
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function formatShare(value: number): string {
  return value.toFixed(3);
}

function formatChange(value: number, reference: number): string {
  if (reference === 0) return '';
  const change = (value / reference - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
}

/** `count` items drawn without replacement, the same ones for the same seed (partial Fisher-Yates). */
export function seededSample<T>(items: T[], count: number, seed: number): T[] {
  const pool = [...items];
  const random = mulberry32(seed);
  const size = Math.min(count, pool.length);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, size);
}

/** A seeded pseudo-random stream of floats in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await evalRelated()}\n`);
}
