import { defineConfig } from 'vitest/config';

/**
 * Most end-to-end files spend their time waiting on the built binary and the local fake AWS endpoint
 * (paced like AWS), not on the CPU: on a 2-core machine, four forked workers finish the suite well before
 * one per core (measured on a clean clone: 239 s of vitest against 276 s with three).
 * Forks (not threads) because tests spawn processes and set process-wide state (env, cwd, signals).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 4,
    minWorkers: 1,
    // The sample incident's report, made once for every file that starts from it (test/e2e/incident-report.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
