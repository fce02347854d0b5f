/**
 * Search benchmark on real arXiv listings (the cs daily papers of 2025): for 1,000, 10,000 and 50,000 papers,
 * the time to build the index, to save it (`saveSearchIndex`) and to restore it (`restoreSearchIndex`, from a
 * structured clone of the saved index, as IndexedDB gives it back), the median and p95 time of ~50 queries of
 * the kinds people type (on the restored index), the saved size, and the heap each index takes.
 * `benchSearch()` returns a markdown section; `node --expose-gc --import tsx scripts/bench/search.ts` prints it.
 *
 * The dataset is read from `--datasets DIR`, else from $PAPERSHELF_DATASETS, else from `../shared/datasets`
 * beside the project; the section says "Skipped" when it is in none of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync } from 'node:zlib';
import { findLinks } from '../../lib/links';
import type { Paper } from '../../lib/paper';
import {
  createSearchIndex,
  findIds,
  restoreSearchIndex,
  type SavedIndex,
  type SearchablePaper,
  type SearchIndex,
  saveSearchIndex,
} from '../../lib/search';

const DATASET = 'arxiv-daily-cs-2025/papers.jsonl.gz';
const SIZES = [1_000, 10_000, 50_000];

/** Where the datasets are: `--datasets DIR`, $PAPERSHELF_DATASETS, or `../shared/datasets` beside the project. */
function datasetsDir(argv = process.argv.slice(2)): string {
  const at = argv.indexOf('--datasets');
  const flag = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !flag) throw new Error('--datasets takes a directory');
  return resolve(
    flag ?? process.env.PAPERSHELF_DATASETS ?? resolve(import.meta.dirname, '../../../shared/datasets'),
  );
}

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
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** JS heap and array buffers in use after a full collection; undefined without `--expose-gc`. */
function memory(): { heap: number; buffers: number } | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers };
}

function growth(before: ReturnType<typeof memory>, after: ReturnType<typeof memory>): string {
  if (!before || !after) return 'n/a';
  return `${mb(after.heap - before.heap)} + ${mb(after.buffers - before.buffers)}`;
}

function savedBytes(saved: SavedIndex): number {
  const arrays = [saved.shortIds, saved.fieldLengths, saved.termStarts, saved.fieldIds, saved.fieldStarts];
  return (
    Buffer.byteLength(saved.json) +
    saved.ids.reduce((sum, id) => sum + id.length, 0) +
    [...arrays, saved.docs, saved.freqs].reduce((sum, array) => sum + array.byteLength, 0)
  );
}

function benchSize(all: SearchablePaper[], size: number): string {
  const papers = all.slice(0, size);
  const queries = queriesFor(papers);
  const beforeBuild = memory();
  let start = performance.now();
  let built: SearchIndex | undefined = createSearchIndex(papers);
  const build = ms(start);
  const builtMemory = growth(beforeBuild, memory());

  start = performance.now();
  let saved: SavedIndex | undefined = saveSearchIndex(built);
  const save = ms(start);
  const bytes = savedBytes(saved);
  // As IndexedDB keeps it: a structured clone, here held outside the heap until it is read back.
  const stored = serialize(saved);
  saved = undefined;
  built = undefined;

  const beforeRestore = memory();
  let read: SavedIndex | undefined = deserialize(stored) as SavedIndex;
  start = performance.now();
  const restored = restoreSearchIndex(read);
  const restore = ms(start);
  // What IndexedDB gave back goes; the typed arrays stay, as the index's own.
  read = undefined;
  if (restored?.papers.size !== papers.length) throw new Error('The saved index was not restored whole');
  const restoredMemory = growth(beforeRestore, memory());

  const times: number[] = [];
  for (const query of queries) {
    start = performance.now();
    // As the library index answers a search in relevance order for its first rows (LibraryIndex.findNow).
    findIds(restored, query, {}, 100);
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  return `| ${size.toLocaleString('en')} | ${fmt(build)} | ${fmt(save)} | ${fmt(restore)} | ${fmt(quantile(times, 0.5))} | ${fmt(quantile(times, 0.95))} | ${times.length} | ${mb(bytes)} | ${builtMemory} | ${restoredMemory} |`;
}

export function benchSearch(): string {
  const heading = '## Library search (MiniSearch)\n\n';
  const dir = datasetsDir();
  const path = resolve(dir, DATASET);
  if (!existsSync(path)) {
    return `${heading}Skipped: no ${DATASET} in ${dir} (give --datasets DIR or PAPERSHELF_DATASETS).\n`;
  }
  const all = readPapers(path, Math.max(...SIZES));
  const rows: string[] = [];
  for (const size of SIZES.filter((n) => n <= all.length)) rows.push(benchSize(all, size));
  return `${heading}Real cs papers of 2025 (title, authors, abstract, categories, id, links found in the abstract). \
Build: index every paper (\`createSearchIndex\`); save: \`saveSearchIndex\`; restore: \`restoreSearchIndex\` \
of a structured clone of the saved index, no paper read; queries (on the restored index): topics, a word being \
typed, a typo, title words, authors, ids. Memory: growth of the JS heap + of array buffers (postings) after a \
full GC, for the index built and for the index restored (\`node --expose-gc\`).

| papers | build (ms) | save (ms) | restore (ms) | query median (ms) | query p95 (ms) | queries | saved index | built: heap + buffers | restored: heap + buffers |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(benchSearch());
}
