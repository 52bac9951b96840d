import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // One throwaway PostgreSQL cluster for the run: the store, queue and search suites run on both
    // engines (test/support/storeEngines.ts).
    globalSetup: ['test/support/postgresGlobalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests that spawn child processes or hold SQLite files do better without thread workers.
    pool: 'forks',
  },
});
