import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'operators/**/*.test.ts', 'train/**/*.test.ts', 'eval/**/*.test.ts', 'data/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Sandbox tests spawn python processes; keep the 2-core machine responsive.
    pool: 'forks',
    maxWorkers: 2,
  },
});
