import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in real Chromium. One browser at a time on a 2-core machine.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
