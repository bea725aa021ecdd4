// Pictures of the team console for the README (`npm run screenshot:console`, after
// `npm run build:console`): a receiver in memory holding generated records from two devices, a
// reviewer signed in, and the list, a record and the review at 1,200 px and the list at 400 px.
import path from 'node:path';
import { chromium } from '@playwright/test';
import { sampleRecord } from '../lib/log/sample';
import { startReceiver } from '../receiver/server';

const ROOT = path.resolve(import.meta.dirname, '..');
const shots = path.join(ROOT, 'docs', 'screenshots');
const REVIEWER = 'screenshot-reviewer-token';
const REPORTER = 'screenshot-reporter-token';
const DEVICES = ['5b0c7a52-7d3e-4a57-9a0e-2f4f1c2b9d11', '9e1d4c33-1a2b-4c5d-8e6f-7a8b9c0d1e22'];

const receiver = await startReceiver({
  host: '127.0.0.1',
  port: 0,
  tokens: [`reporter:${REPORTER}`, `reviewer:${REVIEWER}`],
  dataDir: 'memory://',
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
try {
  const start = Date.now() - 30 * 3_600_000;
  for (const [n, deviceId] of DEVICES.entries()) {
    const records = Array.from({ length: 9 }, (_, i) => sampleRecord(i * 2 + n, start));
    const response = await fetch(`${receiver.url}/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${REPORTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schemaVersion: 1,
        batchId: crypto.randomUUID(),
        deviceId,
        sentAt: new Date().toISOString(),
        records,
      }),
    });
    if (!response.ok) throw new Error(`The receiver refused the sample batch: ${response.status}`);
  }
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' });
  await page.goto(`${receiver.url}/console/`);
  await page.getByLabel('Access token').fill(REVIEWER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
  await page.getByRole('table', { name: 'Incidents' }).locator('tbody tr').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'console-incidents.png') });
  await page.getByRole('table', { name: 'Incidents' }).locator('tbody tr a').first().click();
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Incidents' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'console-record.png') });
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Governance review' }).waitFor();
  await page.getByText('Near misses').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'console-review.png') });
  await page.setViewportSize({ width: 400, height: 800 });
  await page.getByRole('link', { name: 'Incidents', exact: true }).click();
  await page.getByRole('table', { name: 'Incidents' }).locator('tbody tr').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'console-narrow.png') });
  console.log('Wrote docs/screenshots/console-{incidents,record,review,narrow}.png');
} finally {
  await browser.close();
  await receiver.close();
}
