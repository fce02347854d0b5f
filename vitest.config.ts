import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    setupFiles: ['fake-indexeddb/auto'],
    // Vitest leaves a core free by default: on a 2-core machine that is one file at a time, twice as long.
    maxWorkers: availableParallelism(),
    // pouchdb-replication asks the server's `info()` after each batch for its task bookkeeping and does not
    // catch it (lib/index.js, `src.info().then(...)`): a sync test cutting the network just then leaves that
    // rejection unhandled. Only that one is let through; the replication itself retries and is tested.
    onUnhandledError: (error) =>
      !(error.message === 'Failed to fetch' && /api\._info/.test(error.stack ?? '')),
  },
});
