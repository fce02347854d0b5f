/**
 * `npm run e2e`: every end-to-end suite, on builds already made, in two lanes at once: `e2e:chromium` (the
 * Chromium-only suite, then the shared one) and `e2e:firefox` (the shared suite). Those tests wait on the
 * browsers much of the time, so on two cores both lanes take about 370 s together against 420 s with the
 * Chromium-only suite first (and 460 s one run after the other). Each line says which lane it comes from; the
 * exit code fails if either lane does.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const LANES = ['chromium', 'firefox'] as const;

function run(lane: (typeof LANES)[number]): Promise<number> {
  const child = spawn('npm', ['run', '--silent', `e2e:${lane}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${lane}] ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

const codes = await Promise.all(LANES.map(run));
for (const [i, code] of codes.entries())
  if (code !== 0) console.log(`[${LANES[i]}] failed (exit code ${code})`);
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
