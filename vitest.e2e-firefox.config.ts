import { defineConfig } from 'vitest/config';

// End-to-end: the built Firefox extension (.output/firefox-mv2) in real Firefox. One browser at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.test.ts'],
    globalSetup: ['tests/e2e-firefox/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
