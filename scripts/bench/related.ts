/**
 * Speed and size of lib/related.ts on the arXiv cs 2025 papers, at 10,000 and 50,000 papers: index build time,
 * memory it holds (growth of the JS heap plus typed arrays after a collected build, with `node --expose-gc`),
 * median and p95 time of one `relatedTo` query (k = 10), save and restore time (restore from a structured
 * clone, as IndexedDB hands it back), and the saved form's size. Queries are 200 seeded papers outside the
 * indexed slice, as a newly clipped paper would be. `benchRelated()` returns a markdown section for
 * scripts/bench.ts.
 */
import { existsSync } from 'node:fs';
import {
  createRelatedIndex,
  type RelatedIndex,
  relatedTo,
  restoreRelatedIndex,
  type SavedRelatedIndex,
  saveRelatedIndex,
} from '../../lib/related';
import { seededSample } from '../eval-related';
import { DATASETS, readPapers } from '../jsonl';
import { formatMs, percentile } from './measure';

const CS_PAPERS = `${DATASETS}/arxiv-daily-cs-2025/papers.jsonl.gz`;
const SIZES = [10_000, 50_000];
const QUERY_COUNT = 200;
const SEED = 7;

export async function benchRelated(): Promise<string> {
  const header = ['## Related papers: speed and size', ''];
  if (!existsSync(CS_PAPERS)) return [...header, `Skipped: ${CS_PAPERS} is absent.`, ''].join('\n');
  const papers = await readPapers(CS_PAPERS);
  const largest = Math.max(...SIZES);
  const queries = seededSample(papers.slice(largest), QUERY_COUNT, SEED);
  const rows = SIZES.map((size) => {
    const slice = papers.slice(0, size);
    const before = memoryInUse();
    const started = performance.now();
    const index: RelatedIndex = createRelatedIndex(slice);
    const build = performance.now() - started;
    const after = memoryInUse();
    const memory = before === undefined || after === undefined ? undefined : after - before;
    const times = queries.map((query) => {
      const start = performance.now();
      relatedTo(index, query, 10);
      return performance.now() - start;
    });
    const saveStart = performance.now();
    const saved = saveRelatedIndex(index);
    const save = performance.now() - saveStart;
    const cloned = structuredClone(saved);
    const restoreStart = performance.now();
    const restored = restoreRelatedIndex(cloned);
    const restore = performance.now() - restoreStart;
    if (!restored) throw new Error('related index: the saved index did not restore');
    return [
      size.toLocaleString('en'),
      `${(build / 1000).toFixed(1)} s`,
      memory === undefined ? 'n/a' : formatMb(memory),
      `${formatMs(percentile(times, 50))} ms`,
      `${formatMs(percentile(times, 95))} ms`,
      `${formatMs(save)} ms`,
      `${formatMs(restore)} ms`,
      formatMb(savedBytes(saved)),
    ];
  });
  return [
    ...header,
    `arXiv cs 2025 (${papers.length.toLocaleString('en')} papers): the first N indexed, ${queries.length} other papers as queries, k = 10. ` +
      'Memory: JS heap and typed arrays the built index holds (n/a without `node --expose-gc`); ' +
      'restore: from a structured clone of the saved form; saved: bytes of its typed arrays and id strings (UTF-16).',
    '',
    '| papers | index build | memory | query, median | query, p95 | save | restore | saved |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ].join('\n');
}

/** Heap plus typed arrays in use after a full collection; undefined without --expose-gc. */
function memoryInUse(): number | undefined {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return undefined;
  collect();
  collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function savedBytes(saved: SavedRelatedIndex): number {
  let bytes = 0;
  for (const value of Object.values(saved)) {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (Array.isArray(value)) bytes += value.reduce((sum: number, id: string) => sum + 2 * id.length, 0);
  }
  return bytes;
}

function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
