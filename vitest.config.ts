import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'operators/**/*.test.ts', 'train/**/*.test.ts', 'eval/**/*.test.ts', 'data/**/*.test.ts', 'test/**/*.test.ts'],
    // Hang guards, not expectations: a passing test never waits for them. On the shared 2-core
    // machine at load 30, a CLI child took over 30 s to start and exit, an in-process training plus
    // a spawned eval over 180 s, and a niced 1 s of CPU over 120 s; so every test gets 10 minutes
    // (a test that needs more says so), and no test sets a smaller ceiling of its own.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Sandbox tests spawn python processes; keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
