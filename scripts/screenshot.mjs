/* global chrome, window -- code passed to evaluate() runs in the browser */
// Regenerates the README's screenshot: the side panel assessing the demo flag (`npm run screenshot`,
// after `npm run build:e2e`).
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer } from './demo-server.mjs';
import { ROOT, findChromium } from './lib/setup.mjs';

const extension = path.join(ROOT, '.output', 'chrome-mv3-e2e');
const profile = mkdtempSync(path.join(tmpdir(), 'flagline-shot-'));
const demo = await startDemoServer({ port: 0 });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: findChromium() ?? undefined,
  headless: true,
  args: [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--disable-background-networking',
  ],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  for (let i = 0; i < 50; i += 1) {
    const count = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
    if (count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const page = await context.newPage();
  await page.goto(`${demo.url}/crm.html`);
  await page.locator('[data-testid="faulty-sentence"]').selectText();
  await page.getByRole('button', { name: 'Flag AI output' }).click();
  await page.getByText('Flagged').waitFor();

  const panel = await context.newPage();
  await panel.setViewportSize({ width: 420, height: 1100 });
  await panel.goto(`chrome-extension://${id}/sidepanel.html`);
  const answers = { 0: 'No', 1: 'Yes', 2: 'No', 3: 'No', 4: 'Yes', 5: 'Yes', 6: 'Unsure', 7: 'No' };
  await panel.getByRole('radiogroup').first().waitFor();
  const groups = await panel.getByRole('radiogroup').all();
  for (const [index, option] of Object.entries(answers)) {
    await groups[Number(index)].getByRole('radio', { name: option, exact: true }).check();
  }
  await panel.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  await panel.screenshot({ path: path.join(ROOT, 'docs', 'side-panel.png') });
  console.log('Wrote docs/side-panel.png');
} finally {
  await context.close();
  await demo.close();
  rmSync(profile, { recursive: true, force: true });
}
