/**
 * How good lib/related.ts is, against baselines, on two real datasets (/work/shared/datasets/SOURCES.md):
 * - hep-th citations: the query is a citing paper, the relevant papers the ones it cites; only papers dated
 *   before the query are candidates.
 * - arXiv cs 2025 categories: ~200 seeded queries with a fine-grained primary category (not the crawled
 *   cs.CV, cs.CL, cs.AI, nor cs.LG); a result is relevant when it lists that category. The query is given
 *   without its categories, else the category re-ranking would grade itself.
 * `npx tsx scripts/eval-related.ts` prints the markdown section `evalRelated()` returns (scripts/bench.ts).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import MiniSearch from 'minisearch';
import { createRelatedIndex, relatedTo } from '../lib/related';
import { DATASETS, type DatasetPaper, readJsonLinesArray, readPapers } from './jsonl';

const HEPTH_PAPERS = `${DATASETS}/kddcup2003-hepth/papers.jsonl.gz`;
const HEPTH_CITATIONS = `${DATASETS}/kddcup2003-hepth/citations_subset.jsonl`;
const CS_PAPERS = `${DATASETS}/arxiv-daily-cs-2025/papers.jsonl.gz`;
const CS_QUERY_COUNT = 200;
const CS_COARSE_CATEGORIES = new Set(['cs.CV', 'cs.CL', 'cs.AI', 'cs.LG']);
const SEED = 20250318;
/** Rankings are cut here: recall@50 is the longest measure. */
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
    "lib/related.ts's settings were tuned on the hep-th citations; the cs categories only confirm them. " +
      '"text only" leaves out the author and category re-ranking.',
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
  const rankers = rankersOver(papers);
  const rows = Object.entries(rankers).map(([name, rank]) => {
    const judged = citations.flatMap(({ citing, cited }): Judged[] => {
      const query = byId.get(citing);
      if (!query) return [];
      const accept = (id: string) => (byId.get(id)?.date ?? '') < (query.date ?? '') && id !== query.id;
      const relevant = new Set(cited.filter(accept));
      return relevant.size > 0 ? [{ ranking: rank(query, accept), relevant }] : [];
    });
    return { name, judged };
  });
  const queryCount = rows[0]?.judged.length ?? 0;
  return [
    `### hep-th citations (KDD Cup 2003): ${queryCount} citing papers, candidates dated before each, ` +
      `${papers.length} papers`,
    '',
    `Relevant: the papers each query cites that are dated before it (${citations.length - queryCount} ` +
      'queries with none are left out).',
    '',
    '| method | recall@10 | recall@50 | nDCG@10 | MRR |',
    '|---|---|---|---|---|',
    ...rows.map(({ name, judged }) => {
      const cells = [
        recallAt(judged, 10),
        recallAt(judged, 50),
        ndcgAt(judged, 10),
        meanReciprocalRank(judged),
      ];
      return `| ${name} | ${cells.map(formatShare).join(' | ')} |`;
    }),
    '',
  ];
}

async function evalCategories(): Promise<string[]> {
  const papers = await readPapers(CS_PAPERS);
  const fine = papers.filter((paper) => !CS_COARSE_CATEGORIES.has(paper.categories?.[0] ?? ''));
  const queries = seededSample(fine, CS_QUERY_COUNT, SEED).map(({ categories, ...query }) => ({
    query,
    category: categories?.[0] ?? '',
  }));
  const categoriesById = new Map(papers.map((paper) => [paper.id, paper.categories ?? []]));
  const rows = Object.entries(rankersOver(papers)).map(([name, rank]) => {
    const precisions = queries.map(({ query, category }) => {
      const top = rank(query, (id) => id !== query.id).slice(0, 10);
      return top.filter((id) => categoriesById.get(id)?.includes(category)).length / 10;
    });
    return `| ${name} | ${formatShare(mean(precisions))} |`;
  });
  return [
    `### arXiv cs 2025 categories: ${queries.length} seeded queries with a fine-grained primary category, ` +
      `${papers.length} papers`,
    '',
    "Relevant: a result that lists the query's primary category (cs.RO, cs.IR, cs.CR, eess.AS, …).",
    '',
    '| method | precision@10 |',
    '|---|---|',
    ...rows,
    '',
  ];
}

/** The methods compared, each over the same corpus. */
function rankersOver(papers: DatasetPaper[]): Record<string, Ranker> {
  const related = createRelatedIndex(papers);
  const plain = new MiniSearch<DatasetPaper>({ fields: ['title', 'abstract'] });
  plain.addAll(papers);
  const plainSearch = (text: string, accept: (id: string) => boolean) =>
    plain
      .search(text, { filter: (result) => accept(result.id) })
      .slice(0, DEPTH)
      .map((result) => result.id as string);
  const ids = papers.map((paper) => paper.id);
  return {
    random: (query, accept) => seededSample(ids.filter(accept), DEPTH, hashOf(query.id)),
    'MiniSearch, title as query': (query, accept) => plainSearch(query.title ?? '', accept),
    'related, text only': (query, accept) => relatedTo(related, query, DEPTH, { accept, textOnly: true }),
    related: (query, accept) => relatedTo(related, query, DEPTH, { accept }),
  };
}

function recallAt(judged: Judged[], k: number): number {
  return mean(judged.map(({ ranking, relevant }) => hits(ranking.slice(0, k), relevant) / relevant.size));
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

function hits(ids: string[], relevant: Set<string>): number {
  return ids.filter((id) => relevant.has(id)).length;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function formatShare(value: number): string {
  return value.toFixed(3);
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

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function hashOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await evalRelated()}\n`);
}
