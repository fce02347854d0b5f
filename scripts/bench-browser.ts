/**
 * `npm run bench:browser [-- --sizes 10000,50000] [--marks-only | --restart-only | --keys-only]`: the built
 * extension measured in real Chromium on real cs papers (../shared/datasets/arxiv-daily-cs-2025). For each size,
 * in a fresh profile: import, the cold library page, keystrokes, the popup's related papers, a clip, JS heaps,
 * the saved index, then the browser restarted (scripts/bench-browser/restart.ts). `--restart-only` runs only the
 * import and the restarts, `--keys-only` only the import and the keystrokes. Then what the marks cost a
 * 2,000-entry listing (scripts/bench-browser/listing-marks.ts). Prints a markdown report; numbers are measured,
 * never asserted. Exits non-zero only when it cannot run (no Chromium, no build).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { chromiumPath } from '../tests/e2e/harness';
import { markdownTable } from './bench/measure';
import { BUILT } from './bench-browser/browser';
import { DATASET, firstLines } from './bench-browser/dataset';
import { benchListingMarks } from './bench-browser/listing-marks';
import type { SizeReport } from './bench-browser/rows';
import { type BenchPart, benchSize } from './bench-browser/run';
import { runCli } from './cli';

const DEFAULT_SIZES = [10_000, 50_000];
/** Lines read past the largest size: papers that are not in the library, for the clip. */
const SPARE = 3;

function parseSizes(argv: string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at < 0) return DEFAULT_SIZES;
  const sizes = (argv[at + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--sizes takes positive integers separated by commas, e.g. --sizes 10000,50000');
  return sizes;
}

function machine(chromium: string | undefined): string {
  const cpu = cpus();
  const version =
    chromium ??
    (() => {
      try {
        return execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GB`,
    `- Chromium: ${version} (headless)`,
    `- Node: ${process.version}`,
  ].join('\n');
}

function section(report: SizeReport): string {
  const table = markdownTable(
    ['what', 'measured', 'target', 'met'],
    report.rows.map((row) => [row.what, row.value, row.target, row.met]),
  );
  const notes = report.notes.map((note) => `- ${note}`).join('\n');
  return `## ${report.size.toLocaleString('en')} papers\n\n${table}\n${notes ? `\n${notes}\n` : ''}`;
}

await runCli('bench:browser', async () => {
  const sizes = parseSizes(process.argv.slice(2));
  chromiumPath();
  if (!existsSync(resolve(BUILT, 'manifest.json')))
    throw new Error('no built extension in .output/chrome-mv3: run `npx wxt build` first');
  const only: BenchPart | undefined = process.argv.includes('--restart-only')
    ? 'restart'
    : process.argv.includes('--keys-only')
      ? 'keys'
      : undefined;
  if (!only) process.stderr.write('bench:browser: marks on a 2,000-entry listing…\n');
  const marks = only ? '' : await benchListingMarks();
  if (process.argv.includes('--marks-only'))
    return `# Papershelf in the browser\n\n${machine(undefined)}\n\n${marks}`;
  if (!existsSync(DATASET))
    return `Skipped the browser bench: no dataset at ${DATASET} (../shared/datasets/arxiv-daily-cs-2025).\n`;
  const { text, lines } = await firstLines(Math.max(...sizes) + SPARE);
  const sections: string[] = [];
  let chromium: string | undefined;
  for (const size of sizes) {
    if (size > lines.length - SPARE) {
      sections.push(
        `## ${size.toLocaleString('en')} papers\n\nSkipped: the dataset holds ${lines.length} lines.\n`,
      );
      continue;
    }
    const started = Date.now();
    process.stderr.write(`bench:browser: ${size} papers…\n`);
    const report = await benchSize(lines, text, size, only);
    chromium ??= report.chromium;
    process.stderr.write(
      `bench:browser: ${size} papers done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    sections.push(section(report));
  }
  return `# Papershelf in the browser\n\n${machine(chromium)}\n\n${sections.join('\n')}\n${marks}`;
});
