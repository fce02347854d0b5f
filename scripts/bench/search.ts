/**
 * Search benchmark on real arXiv listings (the cs daily papers of 2025): for 1,000, 10,000 and 50,000 papers,
 * the time to build the index, to load it back from its JSON (the cost when the index is kept between
 * sessions), the median and p95 time of ~50 queries of the kinds people type, and the index's size.
 * `benchSearch()` returns a markdown section; `npx tsx scripts/bench/search.ts` prints it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { findLinks } from '../../lib/links';
import type { Paper } from '../../lib/paper';
import {
  createSearchIndex,
  restoreSearchIndex,
  type SearchablePaper,
  saveSearchIndex,
  searchPapers,
} from '../../lib/search';

const DATASET = 'datasets/arxiv-daily-cs-2025/papers.jsonl.gz';
// shared/ sits at /work/shared on a developer's machine and beside the clone in CI.
const CANDIDATES = [resolve('..', 'shared', DATASET), resolve('/work/shared', DATASET)];
const SIZES = [1_000, 10_000, 50_000];

interface Row {
  id: string;
  title: string;
  abstract: string;
  categories: string[];
  authors: string[];
  date: string;
}

function readPapers(path: string, limit: number): SearchablePaper[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n', limit);
  return lines.map((line) => {
    const row = JSON.parse(line) as Row;
    return {
      id: `arxiv:${row.id}`,
      arxivId: row.id,
      title: row.title,
      authors: row.authors,
      abstract: row.abstract,
      categories: row.categories,
      primaryCategory: row.categories[0],
      submitted: row.date,
      links: findLinks({ text: [row.abstract] }),
      source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/${row.id}` },
      // As in the library, where every paper has one: unchanged papers are restored, not indexed again.
      changedAt: 1,
    };
  });
}

/** What people type: topics, a word being typed, a typo, title words, an author's name, an id, a repo. */
function queriesFor(papers: Paper[]): string[] {
  const typed = [
    'diffusion',
    'large language model',
    'graph neural network',
    'reinforcement learning robot',
    'retrieval augmented generation',
    'tranformer',
    'diffu',
    'mixture of experts',
    'speech recognition',
    'federated learning privacy',
    'github',
    'huggingface',
  ];
  const step = Math.floor(papers.length / 13);
  const sampled = Array.from({ length: 13 }, (_, i) => papers[i * step] as Paper);
  const titleWords = sampled.map((p) => (p.title ?? '').split(/\s+/).slice(0, 3).join(' '));
  const authors = sampled.map((p) => p.authors?.[0] ?? '');
  const ids = sampled.map((p, i) => (i % 2 ? `arXiv:${p.arxivId}v1` : (p.arxivId ?? '')));
  return [...typed, ...titleWords, ...authors, ...ids];
}

const ms = (start: number) => performance.now() - start;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

function heapUsed(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed;
}

async function benchSize(all: SearchablePaper[], size: number): Promise<string> {
  const papers = all.slice(0, size);
  const heapBefore = heapUsed();
  let start = performance.now();
  const index = createSearchIndex(papers);
  const build = ms(start);
  const heapAfter = heapUsed();

  const times: number[] = [];
  for (const query of queriesFor(papers)) {
    start = performance.now();
    searchPapers(index, query);
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);

  start = performance.now();
  const saved = saveSearchIndex(index);
  const save = ms(start);
  start = performance.now();
  const restored = restoreSearchIndex(saved, papers);
  const restore = ms(start);
  if (restored?.pending.length !== 0) throw new Error('The saved index was not restored whole');

  const heap =
    heapBefore === undefined || heapAfter === undefined
      ? 'n/a'
      : `${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MB`;
  return `| ${size.toLocaleString('en')} | ${fmt(build)} | ${fmt(save)} | ${fmt(restore)} | ${fmt(quantile(times, 0.5))} | ${fmt(quantile(times, 0.95))} | ${times.length} | ${((saved.json.length + saved.postings.byteLength) / 2 ** 20).toFixed(1)} MB | ${heap} |`;
}

export async function benchSearch(): Promise<string> {
  const heading = '## Library search (MiniSearch)\n\n';
  const path = CANDIDATES.find((p) => existsSync(p));
  if (!path) return `${heading}Skipped: no ${DATASET} under ../shared or /work/shared.\n`;
  const all = readPapers(path, Math.max(...SIZES));
  const rows: string[] = [];
  for (const size of SIZES.filter((n) => n <= all.length)) rows.push(await benchSize(all, size));
  return `${heading}Real cs papers of 2025 (title, authors, abstract, categories, id, links found in the abstract). \
Build: index every paper; save: serialize it (\`saveSearchIndex\`); restore: read it back and check it \
against the library (\`restoreSearchIndex\`, what the library page does on a second visit); queries: topics, a word \
being typed, a typo, title words, authors, ids. Heap: growth from building the index alone (\`node --expose-gc\`).

| papers | build (ms) | save (ms) | restore saved (ms) | query median (ms) | query p95 (ms) | queries | saved index | heap |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchSearch());
}
