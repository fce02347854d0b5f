/**
 * `npm run e2e:both`: the shared end-to-end suite (tests/e2e-both) in Chromium and in Firefox at once, on builds
 * already made. Its tests spend most of their time waiting on the browsers, so on two cores the two runs take
 * about 310 s together against 360 s one after the other. Each line says which browser's run it comes from; the
 * exit code fails if either run does.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const BROWSERS = ['chromium', 'firefox'] as const;

function run(browser: (typeof BROWSERS)[number]): Promise<number> {
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.e2e-both.config.ts'],
    { env: { ...process.env, E2E_BROWSER: browser }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${browser}] ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

const codes = await Promise.all(BROWSERS.map(run));
for (const [i, code] of codes.entries())
  if (code !== 0) console.log(`[${BROWSERS[i]}] failed (exit code ${code})`);
process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
