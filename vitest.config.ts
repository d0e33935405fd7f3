import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'cli/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // At least two test files at a time, even on two cores (vitest would run one): much of a file's
    // time is spent in PostgreSQL, a demo server or Chromium, not in its own process. Measured on
    // two cores: PGlite 709 s → 455 s, PostgreSQL 572 s → 344 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
