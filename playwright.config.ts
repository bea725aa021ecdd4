import { defineConfig } from '@playwright/test';

/**
 * Browser tests load the e2e build (`npm run build:e2e`) into the system Chromium. Set
 * CHROMIUM_PATH to use another Chromium or Chrome for Testing; branded Chrome ignores
 * --load-extension.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // Bounds for a stuck test on a loaded machine; tests wait on conditions, never on these.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: { trace: 'retain-on-failure' },
});
