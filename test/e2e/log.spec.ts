import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';
import { verifyExportText } from '../../lib/integrity/verify';
import { exportJsonParts } from '../../lib/log/export';
import { sampleRecords } from '../../lib/log/sample';
import { CHROMIUM_PATH, EXTENSION_PATH, expect, test } from './fixtures';
import { flagDemoSentence, readRecords } from './helpers';

/** A valid export file of `count` generated records, built in Node with the extension's own lib. */
async function generatedFile(count: number, file: string): Promise<string> {
  // Each with a corrective action still open, so the review's open remediation lists them all.
  const records = sampleRecords(count).map((record) => ({
    ...record,
    correction: { actions: [{ id: 'fix', what: 'Correct the summary', status: 'open' as const }] },
  }));
  const links: ChainLink[] = [];
  for (const record of records) links.push(nextLink(links.at(-1), record, recordHash(record), record.createdAt));
  const parts = await exportJsonParts(records, links, { scope: 'all', extensionVersion: 'generator' });
  writeFileSync(file, parts.join(''));
  return file;
}

async function openLog(panel: Page): Promise<void> {
  await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
  await expect(panel.getByRole('heading', { name: 'Incident log' })).toBeVisible();
}

async function importFile(panel: Page, file: string): Promise<void> {
  await panel.getByLabel('Import JSON').setInputFiles(file);
}

/** Exports with the chosen scope and format and returns the saved file's path. */
async function exportFile(panel: Page, scope: string, dir: string): Promise<string> {
  await panel.getByLabel('Records', { exact: true }).selectOption({ label: scope });
  await panel.getByLabel('Format').selectOption('json');
  const download = panel.waitForEvent('download', { timeout: 120_000 });
  await panel.getByRole('button', { name: 'Export JSON' }).click();
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  return file;
}

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('10,000 records: the log shows its first rows, scrolls, searches, and exports a file that validates', async ({
  openExtensionPage,
}, testInfo) => {
  test.setTimeout(240_000);
  const source = await generatedFile(10_000, testInfo.outputPath('generated.json'));
  const panel = await openExtensionPage('sidepanel.html');
  const errors = consoleErrors(panel);
  await panel.setViewportSize({ width: 380, height: 800 });
  await openLog(panel);
  await importFile(panel, source);
  await expect(panel.getByText('Import complete: 10000 added, 0 updated, 0 already here.')).toBeVisible({
    timeout: 120_000,
  });
  await expect(panel.getByText('Showing 10,000 of 10,000 records')).toBeVisible();

  // The first rows are the newest records; only a window of the list is in the DOM.
  const list = panel.getByRole('list', { name: 'Incident log' });
  const first = list.getByRole('listitem').first();
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(first).toHaveAttribute('aria-setsize', '10000');
  await expect(first).toContainText('Account 9999');
  await expect(list.getByRole('listitem').nth(1)).toContainText('Account 9998');
  const rendered = await list.getByRole('listitem').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);

  // Scrolled to the end, the oldest record is shown and the first is gone from the DOM.
  await panel.getByTestId('log-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = list.locator('[aria-posinset="10000"]');
  await expect(last).toBeVisible();
  await expect(last).toContainText('Account 0');
  await expect(list.getByText('Account 9999', { exact: true })).toHaveCount(0);

  // Search and filters narrow the list; opening a record shows it.
  await panel.getByLabel('Search').fill('account 4321');
  await expect(panel.getByText('Showing 1 of 10,000 records')).toBeVisible();
  await panel.getByLabel('Search').fill('');
  await panel.getByText('Filters', { exact: true }).click();
  await panel.getByLabel('Severity').selectOption('SEV1');
  await panel.getByLabel('Class').selectOption('incident');
  await expect(panel.getByText('Showing 834 of 10,000 records')).toBeVisible(); // i % 12 === 0
  await list.getByRole('listitem').first().getByRole('button').click();
  await expect(panel.getByText('Sample AI output 9996').first()).toBeVisible();
  await openLog(panel);

  // Export of all 10,000: progress, then a file that matches the published JSON Schema and verifies.
  const file = await exportFile(panel, 'All records', testInfo.outputPath());
  expect(path.basename(file)).toMatch(/^flagline-incidents-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync(file, 'utf8');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync('docs/export.schema.json', 'utf8')));
  const exported = JSON.parse(text);
  expect(validate(exported), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  expect(exported.count).toBe(10_000);
  expect(exported.records).toHaveLength(10_000);
  expect(verifyExportText(text)).toEqual({ ok: true, records: 10_000, links: 10_000 });
  await expect(panel.getByText(`Exported 10,000 records to ${path.basename(file)}.`)).toBeVisible();
  expect(errors).toEqual([]);
});

test('export, then import into a fresh profile, gives equal records; a one-byte edit fails verification naming the record', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await flagDemoSentence(page, demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await openLog(panel);
  await importFile(panel, await generatedFile(20, testInfo.outputPath('small.json')));
  await expect(panel.getByText('Import complete: 20 added')).toBeVisible();
  const file = await exportFile(panel, 'All records', testInfo.outputPath());
  const original = await readRecords(serviceWorker);
  expect(original).toHaveLength(21);

  // A fresh profile: import the file; the records are equal.
  const profile = mkdtempSync(path.join(tmpdir(), 'flagline-e2e-fresh-'));
  const fresh = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [`--disable-extensions-except=${EXTENSION_PATH}`, `--load-extension=${EXTENSION_PATH}`, '--no-first-run'],
  });
  try {
    const worker = fresh.serviceWorkers()[0] ?? (await fresh.waitForEvent('serviceworker'));
    const freshPanel = await fresh.newPage();
    await freshPanel.goto(`chrome-extension://${new URL(worker.url()).host}/sidepanel.html`);
    await openLog(freshPanel);
    await importFile(freshPanel, file);
    await expect(freshPanel.getByText('Import complete: 21 added')).toBeVisible();
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect((await readRecords(worker)).sort(byId)).toEqual(original.sort(byId));

    // One byte changed in one record: import refuses the file, and verification names the record.
    const text = readFileSync(file, 'utf8');
    const tampered = testInfo.outputPath('tampered.json');
    writeFileSync(tampered, text.replace('Sample AI output 7:', 'Sample AI output 8:'));
    await importFile(freshPanel, tampered);
    await expect(freshPanel.getByText('The file failed verification, so nothing was imported.')).toBeVisible();
    expect(await readRecords(worker)).toHaveLength(21);
  } finally {
    await fresh.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const options = await openExtensionPage('options.html');
  const verify = options.getByRole('region', { name: 'Verify a file' });
  await verify.getByLabel('Exported JSON file').setInputFiles(file);
  await expect(verify.getByRole('status')).toContainText('Intact: 21 records match a whole chain of 21 links.');
  const target = original.find((r) => r.evidence.output.startsWith('Sample AI output 7:'))!;
  await verify.getByLabel('Exported JSON file').setInputFiles(testInfo.outputPath('tampered.json'));
  await expect(verify.getByRole('status')).toContainText('Not intact');
  await expect(verify.getByRole('status')).toContainText(`Record ${target.id} (revision 1) was changed`);
});

test('the log, review and verify views have no serious accessibility violations, light and dark', async ({
  openExtensionPage,
}, testInfo) => {
  // Six full axe runs, the review listing every item, on a shared machine.
  test.setTimeout(240_000);
  const panel = await openExtensionPage('sidepanel.html');
  const errors = consoleErrors(panel);
  await panel.setViewportSize({ width: 360, height: 800 });
  await openLog(panel);
  await importFile(panel, await generatedFile(30, testInfo.outputPath('a11y.json')));
  await expect(panel.getByText('Import complete: 30 added')).toBeVisible();
  await panel.getByText('Filters', { exact: true }).click();
  const check = async (page: Page, what: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      expect(serious, `${what}, ${scheme}`).toEqual([]);
    }
  };
  await check(panel, 'log');
  // Keyboard only: Tab from the search box reaches the newest record, and Enter opens it.
  await panel.getByLabel('Search').focus();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i += 1) {
    await panel.keyboard.press('Tab');
    reached = await panel.evaluate(() => document.activeElement?.closest('[aria-posinset="1"]') !== null);
  }
  expect(reached).toBe(true);
  await panel.keyboard.press('Enter');
  await expect(panel.getByText('Sample AI output 29').first()).toBeVisible();
  await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Review' }).click();
  await panel.getByLabel('Quarter (UTC)').selectOption('2026-Q1');
  await expect(panel.getByRole('table', { name: 'By severity', exact: true })).toBeVisible();
  // 30 generated records, one an hour from 1 January: 10 incidents (i % 3 === 0), 20 near misses.
  await expect(panel.getByRole('definition').first()).toHaveText('10');
  await check(panel, 'review');
  const download = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export review JSON' }).click();
  expect((await download).suggestedFilename()).toBe('flagline-review-2026-Q1.json');
  const options = await openExtensionPage('options.html');
  await check(options, 'options');
  expect(errors).toEqual([]);
});

test('log rows lead with the flagged text; export takes every record by default; the review exports as CSV', async ({
  openExtensionPage,
}, testInfo) => {
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  await openLog(panel);
  await importFile(panel, await generatedFile(30, testInfo.outputPath('rows.json')));
  await expect(panel.getByText('Import complete: 30 added')).toBeVisible();

  // The row's first words are what was flagged; page, class, severity and step follow.
  const first = panel.getByRole('list', { name: 'Incident log' }).getByRole('listitem').first();
  await expect(first).toHaveText(
    /^Sample AI output 29: the summary names customer 29\.Account 29 · Near miss · SEV2 · /,
  );

  // The default scope is every record, not only those waiting to sync.
  await expect(panel.getByLabel('Records', { exact: true })).toHaveValue('all');
  const download = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export JSON' }).click();
  const file = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(file);
  expect(JSON.parse(readFileSync(file, 'utf8')).count).toBe(30);

  // The review: every open item listed and named by its flagged text, and a CSV of it all.
  await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Review' }).click();
  await panel.getByLabel('Quarter (UTC)').selectOption('2026-Q1');
  const open = panel.getByRole('list', { name: 'Open remediation' }).getByRole('listitem');
  await expect(open).toHaveCount(30);
  await expect(open.first()).toContainText('“Sample AI output 0: the summary names customer 0.”');
  const csvDownload = panel.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export review CSV' }).click();
  expect((await csvDownload).suggestedFilename()).toBe('flagline-review-2026-Q1.csv');
  const csvFile = testInfo.outputPath('review.csv');
  await (await csvDownload).saveAs(csvFile);
  const csv = readFileSync(csvFile, 'utf8').split('\r\n');
  expect(csv[0]).toBe('"section","name","incidents","nearMisses","value","recordId","flaggedText","detail"');
  expect(csv).toContain('"figure","incidents","","","10","","",""');
  expect(csv.filter((line) => line.startsWith('"open remediation"'))).toHaveLength(30);
  expect(csv.some((line) => line.includes('"Sample AI output 7: the summary names customer 7."'))).toBe(true);
  await open.first().getByRole('button').click();
  await expect(panel.getByRole('blockquote', { name: 'Flagged output' })).toContainText('Sample AI output 0:');
});
