import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the team console (receiver/console), built first (global-setup.ts, the same
 * build as `npm run build:console`) and served by a receiver the spec starts in-process. Set
 * CHROMIUM_PATH to use another Chromium.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Bounds for a stuck test on a loaded machine; tests wait on conditions, never on these.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: '../../playwright-report/console' }]],
  outputDir: '../../test-results/console',
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  },
});
