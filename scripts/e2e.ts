/**
 * `npm run e2e`: every end-to-end suite, on builds already made. Two lanes at once, balanced by what CI runs
 * took (the shared suite in Chromium then most of the Chromium-only suite, beside the shared suite in Firefox
 * then two Chromium-only files), then, alone, two tests that failed under the load of the other lane:
 * - in `tests/e2e/browsing.test.ts`, the service worker stopped in the middle of a 2,000-paper "Clip all"; beside
 *   a busy Firefox a resumed batch waited 17 s for its write, past the test's minute;
 * - in `tests/e2e-both/page-attacks.test.ts`, in Chromium, a PDF a person opened (tab active, loaded, its window
 *   focused) was not clipped within 20 s in 3 of 4 clean-clone runs.
 * On two cores the browsers keep both cores busy, so the lanes save less than their sum. Each line says which
 * run it comes from; the exit code fails if any run does.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

type Browser = 'chromium' | 'firefox';
const SHARED = ['--config', 'vitest.e2e-both.config.ts'];
const CHROMIUM_ONLY = ['--config', 'vitest.e2e.config.ts'];
/** The two tests that run alone, each in its file; the rest of each file runs in a lane. */
const ALONE = {
  shared: { file: 'tests/e2e-both/page-attacks.test.ts', test: 'ten arXiv PDFs in five seconds' },
  chromiumOnly: { file: 'tests/e2e/browsing.test.ts', test: 'leaves whole batches only' },
};
const except = (test: string) => ['-t', `^(?!.*${test})`];
const only = (test: string) => ['-t', test];
/** Chromium-only files run after the Firefox suite; every other one (a new one too) in the Chromium lane. */
const AFTER_FIREFOX = ['tests/e2e/backup.test.ts', 'tests/e2e/index.test.ts'];
const CHROMIUM_LANE = readdirSync('tests/e2e')
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `tests/e2e/${file}`)
  .filter((file) => !AFTER_FIREFOX.includes(file));

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
    () => vitest('chromium', 'chromium', [...SHARED, ...except(ALONE.shared.test)]),
    () =>
      vitest('chromium', 'chromium', [
        ...CHROMIUM_ONLY,
        ...CHROMIUM_LANE,
        ...except(ALONE.chromiumOnly.test),
      ]),
  ),
  lane(
    () => vitest('firefox', 'firefox', SHARED),
    () => vitest('chromium, after firefox', 'chromium', [...CHROMIUM_ONLY, ...AFTER_FIREFOX]),
  ),
]);
codes.push(
  await vitest('chromium, alone', 'chromium', [...SHARED, ALONE.shared.file, ...only(ALONE.shared.test)]),
);
codes.push(
  await vitest('chromium, alone', 'chromium', [
    ...CHROMIUM_ONLY,
    ALONE.chromiumOnly.file,
    ...only(ALONE.chromiumOnly.test),
  ]),
);
const failed = codes.filter((code) => code !== 0);
if (failed.length > 0) console.log(`${failed.length} end-to-end run(s) failed`);
process.exitCode = failed.length > 0 ? 1 : 0;
