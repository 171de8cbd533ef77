import { defineConfig } from 'vitest/config';

/**
 * Most end-to-end files spend their time waiting on the built binary and the local fake AWS endpoint,
 * not on the CPU: on a 2-core machine, three forked workers finish the suite well before one per core.
 * Forks (not threads) because tests spawn processes and set process-wide state (env, cwd, signals).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 3,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
