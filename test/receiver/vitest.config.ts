import { defineConfig } from 'vitest/config';

/** The reference receiver's tests: plain Node, no browser fakes. `npm run test:receiver`. */
export default defineConfig({
  test: {
    include: ['test/receiver/**/*.test.ts'],
    environment: 'node',
    // The PostgreSQL variant shares one database: files run one after another.
    fileParallelism: false,
    // PGlite has taken over 30 s to start on a loaded two-CPU machine: these bounds only end a
    // stuck test, they never decide whether one passes.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
