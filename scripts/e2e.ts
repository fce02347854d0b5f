/**
 * `npm run e2e`: every end-to-end suite, on builds already made. Two lanes at once, Chromium (the shared suite,
 * then the Chromium-only one) beside Firefox (the shared suite): those tests wait on the browsers much of the
 * time, so on two cores both lanes take about 300 s together against 460 s one after the other. Then, alone,
 * `tests/e2e/browsing.test.ts`: it stops the service worker in the middle of a 2,000-paper "Clip all", and with a
 * second browser busy beside it a resumed batch was seen to wait 17 s for its write, past the test's minute.
 * Each line says which run it comes from; the exit code fails if any run does.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

type Browser = 'chromium' | 'firefox';
const SHARED = ['--config', 'vitest.e2e-both.config.ts'];
const CHROMIUM_ONLY = ['--config', 'vitest.e2e.config.ts'];
const ALONE = 'tests/e2e/browsing.test.ts';

function vitest(label: string, browser: Browser, args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], {
    env: { ...process.env, E2E_BROWSER: browser },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${label}] ${line}\n`));
  }
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

/** Runs one after the other; the first that fails ends the lane with its code. */
async function lane(...runs: (() => Promise<number>)[]): Promise<number> {
  for (const run of runs) {
    const code = await run();
    if (code !== 0) return code;
  }
  return 0;
}

const codes = await Promise.all([
  lane(
    () => vitest('chromium', 'chromium', SHARED),
    () => vitest('chromium', 'chromium', [...CHROMIUM_ONLY, '--exclude', ALONE]),
  ),
  lane(() => vitest('firefox', 'firefox', SHARED)),
]);
codes.push(await vitest('chromium, alone', 'chromium', [...CHROMIUM_ONLY, ALONE]));
const failed = codes.filter((code) => code !== 0);
if (failed.length > 0) console.log(`${failed.length} end-to-end run(s) failed`);
process.exitCode = failed.length > 0 ? 1 : 0;
