/**
 * `npm run bench [-- --runs N]`: prints a markdown report, one `##` section per benchmark. A new section
 * (search, links, storage) is a module under scripts/bench/ returning a BenchSection, added to SECTIONS.
 */
import { extractionSection } from './bench/extraction';
import type { BenchOptions, BenchSection } from './bench/measure';

const SECTIONS: ((options: BenchOptions) => BenchSection)[] = [extractionSection];
const DEFAULT_RUNS = 50;

function parseRuns(argv: string[]): number {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return runs;
}

function main(): void {
  try {
    const options = { runs: parseRuns(process.argv.slice(2)) };
    const report = [`# Papershelf benchmark (Node ${process.version}, linkedom DOM)`];
    for (const section of SECTIONS) {
      const { title, body } = section(options);
      report.push(`## ${title}`, body);
    }
    process.stdout.write(`${report.join('\n\n')}\n`);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

main();
