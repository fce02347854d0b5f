/**
 * `npm run bench [-- --runs N]`: prints a markdown report, one `##` section per benchmark. A new section
 * is a function returning its markdown, added to SECTIONS.
 */
import { extractionSection } from './bench/extraction';
import type { BenchOptions } from './bench/measure';
import { benchRelated } from './bench/related';
import { benchSearch } from './bench/search';
import { runCli } from './cli';
import { evalRelated } from './eval-related';

/** Each section returns its own `## ` block of markdown; the dataset ones say "Skipped" without ../shared. */
const SECTIONS: ((options: BenchOptions) => string | Promise<string>)[] = [
  extractionSection,
  benchSearch,
  benchRelated,
  evalRelated,
];
const DEFAULT_RUNS = 50;

function parseRuns(argv: string[]): number {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return runs;
}

await runCli('bench', async () => {
  const options = { runs: parseRuns(process.argv.slice(2)) };
  const report = [`# Papershelf benchmark (Node ${process.version}, linkedom DOM)`];
  for (const section of SECTIONS) report.push((await section(options)).trim());
  return `${report.join('\n\n')}\n`;
});
