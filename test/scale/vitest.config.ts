import { defineConfig } from 'vitest/config';

/**
 * Scale-out on PostgreSQL: two receiver processes behind a round-robin sender, one database.
 * `npm run test:scale`; needs DATABASE_URL. The bounds only end a stuck run, they never decide
 * whether one passes: a hundred thousand records take minutes on a loaded two-CPU machine.
 */
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
