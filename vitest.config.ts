import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/** Unit files that start the reference receiver on PGlite (WebAssembly Postgres). */
const PGLITE = ['test/unit/sync-background.test.ts', 'test/unit/sync-faults.test.ts'];

// Timeouts sized for a loaded two-CPU machine, where PGlite alone has taken ten seconds to start:
// a timeout here only ends a test that is stuck, it never decides whether one passes.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          exclude: PGLITE,
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: PGLITE,
          // One PGlite at a time: two starting together on two CPUs is what made starts slow.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
