/** Timing and table helpers shared by the benchmark sections. */

/** Milliseconds of each of `runs` calls of `work`, after a few unmeasured warm-up calls for the JIT. */
export function timeRuns(work: () => unknown, runs: number): number[] {
  for (let i = 0; i < Math.min(5, runs); i++) work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The `p`-th percentile (0-100) by nearest rank; median is 50. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export const formatMs = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface BenchOptions {
  /** Measured runs per timing (warm-up runs come on top). */
  runs: number;
}
