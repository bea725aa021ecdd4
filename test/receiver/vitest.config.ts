import { defineConfig } from 'vitest/config';

/** The reference receiver's tests: plain Node, no browser fakes. `npm run test:receiver`. */
export default defineConfig({
  test: {
    include: ['test/receiver/**/*.test.ts'],
    environment: 'node',
    // The PostgreSQL variant shares one database: files run one after another.
    fileParallelism: false,
    // PGlite starts slowly on a busy machine: generous bounds, never a wait on time itself.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
