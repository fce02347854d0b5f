/** The bench's table rows, and repeated measures summed up as one (median, runs, failures). */
import { percentile } from '../bench/measure';
import type { SentMessage } from './page-probes';

export interface Row {
  what: string;
  value: string;
  target: string;
  met: string;
}

export interface SizeReport {
  size: number;
  rows: Row[];
  notes: string[];
  chromium?: string;
}

export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const median = (samples: number[]) => percentile(samples, 50);
export const ms = (value: number) =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
export const runs = (samples: number[]) =>
  samples.length > 1 ? ` (runs: ${samples.map(ms).join(', ')})` : '';

/** A row with a measured time against an upper bound. */
export function timed(what: string, value: number, target?: number, detail = ''): Row {
  return {
    what,
    value: `${ms(value)}${detail}`,
    target: target === undefined ? '—' : `≤ ${ms(target)}`,
    met: target === undefined ? '—' : value <= target ? 'yes' : 'no',
  };
}

/** Repeated measures of one thing: the times taken, and why the others could not be. */
export interface Runs {
  samples: number[];
  failures: string[];
}
export const newRuns = (): Runs => ({ samples: [], failures: [] });

export async function attempt(runs: Runs, work: () => Promise<number>): Promise<void> {
  try {
    runs.samples.push(await work());
  } catch (error) {
    runs.failures.push(firstLine(error));
  }
}

/** The median of the runs; a run that never finished is reported and fails the target. */
export function timedRuns(what: string, { samples, failures }: Runs, target?: number): Row {
  if (samples.length === 0) return failed(what, failures[0] ?? 'no run');
  const row = timed(`${what} (median)`, median(samples), target, runs(samples));
  if (failures.length === 0) return row;
  const total = samples.length + failures.length;
  const reasons = [...new Set(failures)].join('; ').replace(/\|/g, '/');
  return {
    ...row,
    value: `${row.value}; **${failures.length} of ${total} runs never finished**: ${reasons}`,
    met: target === undefined ? '—' : 'no',
  };
}

/** A page's messages in short: `index-status` → opening at 80 ms (answered in 20 ms), … */
export const describeMessages = (messages: SentMessage[]) =>
  messages
    .map(
      (m) =>
        `\`${m.type}\` at ${ms(m.at)} → ${m.reply ?? 'no answer'}${m.ms === undefined ? '' : ` in ${ms(m.ms)}`}`,
    )
    .join(', ');

/** An error's first line, fit for a table cell. */
export const firstLine = (error: unknown) =>
  (String((error as Error)?.message ?? error).split('\n')[0] ?? '').replace(/\|/g, '/').slice(0, 200);

export const failed = (what: string, error: unknown): Row => ({
  what,
  value: `not measured: ${firstLine(error)}`,
  target: '—',
  met: '—',
});
