import { defineConfig } from 'vitest/config';

// End-to-end, the flows written once for both browsers (tests/e2e-both): run once per browser, chosen by
// $E2E_BROWSER (`chromium`, the default, or `firefox`). One browser at a time on a 2-core machine.
export default defineConfig({
  test: {
    name: `e2e-${process.env.E2E_BROWSER || 'chromium'}`,
    include: ['tests/e2e-both/**/*.test.ts'],
    globalSetup: ['tests/e2e-both/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // One process for all the files: the harness hands a file's Firefox on to the next (see launchFirefox).
    isolate: false,
  },
});
