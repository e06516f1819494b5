import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'operators/**/*.test.ts', 'train/**/*.test.ts', 'eval/**/*.test.ts', 'data/**/*.test.ts', 'test/**/*.test.ts'],
    // Ceilings, not expectations: a passing test never waits for them. A CLI child process took over
    // 30 s to start and exit at load 40 on the 2-core machine, so spawning tests get minutes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Sandbox tests spawn python processes; keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
