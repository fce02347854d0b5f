/**
 * Speed of lib/related.ts on the arXiv cs 2025 papers: index build time, and median and p95 time of one
 * `relatedTo` query (k = 10), at 10,000 and 50,000 papers. Queries are 200 seeded papers outside the
 * indexed slice, as a newly clipped paper would be. `benchRelated()` returns a markdown section for
 * scripts/bench.ts.
 */
import { existsSync } from 'node:fs';
import { createRelatedIndex, relatedTo } from '../../lib/related';
import { seededSample } from '../eval-related';
import { DATASETS, readPapers } from '../jsonl';
import { formatMs, percentile } from './measure';

const CS_PAPERS = `${DATASETS}/arxiv-daily-cs-2025/papers.jsonl.gz`;
const SIZES = [10_000, 50_000];
const QUERY_COUNT = 200;
const SEED = 7;

export async function benchRelated(): Promise<string> {
  const header = ['## Related papers: speed', ''];
  if (!existsSync(CS_PAPERS)) return [...header, `Skipped: ${CS_PAPERS} is absent.`, ''].join('\n');
  const papers = await readPapers(CS_PAPERS);
  const largest = Math.max(...SIZES);
  const queries = seededSample(papers.slice(largest), QUERY_COUNT, SEED);
  const rows = SIZES.map((size) => {
    const started = performance.now();
    const index = createRelatedIndex(papers.slice(0, size));
    const build = performance.now() - started;
    const times = queries.map((query) => {
      const start = performance.now();
      relatedTo(index, query, 10);
      return performance.now() - start;
    });
    return `| ${size.toLocaleString('en')} | ${(build / 1000).toFixed(1)} s | ${formatMs(percentile(times, 50))} ms | ${formatMs(percentile(times, 95))} ms |`;
  });
  return [
    ...header,
    `arXiv cs 2025 (${papers.length.toLocaleString('en')} papers): the first N indexed, ${queries.length} other papers as queries, k = 10.`,
    '',
    '| papers | index build | query, median | query, p95 |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
