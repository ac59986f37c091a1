import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'out/**', 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start servers or Docker containers share the machine's 2 cores.
    pool: 'forks',
  },
});
