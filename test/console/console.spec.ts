import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Incident } from '../../lib/incident/schema';
import { computeReview } from '../../lib/review/compute';
import { quarterOf } from '../../lib/review/quarter';
import { startReceiver, type RunningReceiver } from '../../receiver/server';
import { DEVICE_A, DEVICE_B, HOSTILE_MARKUP, latest, sendBatch, teamRecords, UNIQUE_PHRASE } from './records';

let receiver: RunningReceiver;
let records: Incident[];

test.beforeAll(async () => {
  receiver = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    tokens: ['reporter:rep-tok', 'reviewer:rev-tok', 'admin:adm-tok'],
    dataDir: 'memory://',
  });
  const { a, b } = teamRecords();
  await sendBatch(receiver.url, 'rep-tok', DEVICE_A, a);
  await sendBatch(receiver.url, 'rep-tok', DEVICE_B, b);
  records = latest([...a, ...b]);
});

test.afterAll(async () => {
  await receiver?.close();
});

/** Opens the console and signs in with `token`; resolves once the incidents list shows. */
async function signIn(page: Page, token = 'rev-tok') {
  await page.goto(`${receiver.url}/console/`);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
}

const incidentRows = (page: Page) => page.getByRole('table', { name: 'Incidents' }).locator('tbody tr');

/** Fails on any error the page logs or throws. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a reviewer signs in (a wrong or reporter token is refused) and sees both devices’ records', async ({ page }) => {
  await page.goto(`${receiver.url}/console/`);
  const token = page.getByLabel('Access token');
  await token.fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That token was not recognised.');
  await token.fill('rep-tok');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('This token can send records but not read them.');
  // The refusals above log their 401/403 as network errors; from here on the page logs none.
  const errors = watchErrors(page);
  await token.fill('rev-tok');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();

  await expect(page.getByText(`${records.length} records`)).toBeVisible();
  await expect(incidentRows(page)).toHaveCount(records.length);
  const devices = page.getByLabel('Device', { exact: true });
  await expect(devices.locator('option')).toHaveText(['Any', DEVICE_A.slice(0, 8), DEVICE_B.slice(0, 8)]);
  const deviceCells = incidentRows(page).locator('td[data-label="Device"]');
  await expect(deviceCells.filter({ hasText: DEVICE_A.slice(0, 8) }).first()).toBeVisible();
  await expect(deviceCells.filter({ hasText: DEVICE_B.slice(0, 8) }).first()).toBeVisible();

  // Device B sent five records of its own, one unassessed report and revision 2 of A's first.
  await devices.selectOption(DEVICE_B);
  await expect(incidentRows(page)).toHaveCount(7);
  await expect(deviceCells).toHaveText(Array(7).fill(DEVICE_B.slice(0, 8)));

  // Signed in by cookie: a reload stays signed in; signing out returns to the sign-in form.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Access token')).toBeVisible();
  expect(errors).toEqual([]);
});

test('search and severity filters narrow the list', async ({ page }) => {
  await signIn(page);
  await expect(incidentRows(page)).toHaveCount(records.length);

  await page.getByLabel('Search', { exact: true }).fill('4,200 EUR approved');
  await expect(incidentRows(page)).toHaveCount(1);
  await expect(incidentRows(page).first()).toContainText(UNIQUE_PHRASE);
  await expect(page.getByText('1 record', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(incidentRows(page)).toHaveCount(records.length);
  await page.getByLabel('Severity', { exact: true }).selectOption('SEV1');
  const sev1 = records.filter((r) => r.assessment?.severity === 'SEV1');
  expect(sev1.length).toBeGreaterThan(0);
  expect(sev1.length).toBeLessThan(records.length);
  await expect(incidentRows(page)).toHaveCount(sev1.length);
  await expect(incidentRows(page).locator('td[data-label="Severity"]')).toHaveText(Array(sev1.length).fill('SEV1'));

  // The filter sits in the address, so the list comes back filtered after a record and Back.
  await incidentRows(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Evidence' })).toBeVisible();
  await page.goBack();
  await expect(incidentRows(page)).toHaveCount(sev1.length);
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('SEV1');
});

test('Needs triage lists the unassessed report; Load more pages through the list', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Needs triage' }).click();
  await expect(page.getByRole('button', { name: 'Needs triage' })).toHaveAttribute('aria-pressed', 'true');
  await expect(incidentRows(page)).toHaveCount(1);
  await expect(incidentRows(page).locator('td[data-label="Class"]')).toHaveText('Not assessed');
  await page.getByRole('button', { name: 'All' }).click();
  await expect(incidentRows(page)).toHaveCount(records.length);

  await page.goto(`${receiver.url}/console/#/incidents?limit=5`);
  await expect(incidentRows(page)).toHaveCount(5);
  await page.getByRole('button', { name: /Load more/ }).click();
  await expect(incidentRows(page)).toHaveCount(10);
  await page.getByRole('button', { name: /Load more/ }).click();
  await expect(incidentRows(page)).toHaveCount(records.length);
  await expect(page.getByRole('button', { name: /Load more/ })).toHaveCount(0);
  const ids = await incidentRows(page)
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(new Set(ids).size).toBe(records.length);
});

test('a reviewer assigns an owner and acknowledges a record; the list shows both', async ({ page }) => {
  await signIn(page);
  const target = records.find((r) => r.evidence.output.includes(UNIQUE_PHRASE))!;
  await page.getByLabel('Search', { exact: true }).fill('4,200 EUR approved');
  await expect(incidentRows(page)).toHaveCount(1);
  await incidentRows(page).first().getByRole('link').click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText(UNIQUE_PHRASE);
  await expect(page.getByText(target.id)).toBeVisible();
  const triage = page.getByRole('region', { name: 'Triage' });
  await triage.getByLabel('Owner', { exact: true }).fill('Dana Reyes');
  await triage.getByRole('button', { name: 'Assign owner' }).click();
  await expect(triage.getByRole('status')).toHaveText('Owner assigned.');
  await expect(triage.getByTestId('triage-owner')).toHaveText('Dana Reyes');

  await triage.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(triage.getByRole('status')).toHaveText('Acknowledged.');
  await expect(triage.getByTestId('triage-acknowledged')).toContainText('by reviewer');
  // Acknowledged once: the button is gone and focus sits on the panel, not lost to the page.
  await expect(triage.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(triage.getByRole('heading', { name: 'Triage' })).toBeFocused();

  await triage.getByLabel('Note', { exact: true }).fill('Customer called back; refund held.');
  await triage.getByRole('button', { name: 'Add note' }).click();
  await expect(triage.getByRole('list', { name: 'Triage notes' })).toContainText('Customer called back; refund held.');

  await page.getByRole('link', { name: '← Incidents' }).click();
  const row = incidentRows(page).filter({ hasText: UNIQUE_PHRASE });
  await expect(row.locator('td[data-label="Owner"]')).toHaveText('Dana Reyes');
  await expect(row.locator('td[data-label="Acknowledged"]')).toContainText('Yes, by reviewer');
});

test('the record page shows every revision with its device, and an older one as JSON text', async ({ page }) => {
  await signIn(page);
  const changed = records.find((r) => r.revision === 2)!;
  await page.goto(`${receiver.url}/console/#/incidents/${changed.id}`);
  const revisions = page.getByRole('list', { name: 'Revisions' });
  await expect(revisions.getByRole('listitem')).toHaveCount(2);
  await expect(revisions.getByRole('listitem').nth(0)).toContainText(`device ${DEVICE_A.slice(0, 8)}`);
  await expect(revisions.getByRole('listitem').nth(1)).toContainText(`device ${DEVICE_B.slice(0, 8)}`);
  await page.getByRole('button', { name: 'View JSON of rev 1' }).click();
  const json = page.getByLabel('Revision 1 as JSON');
  await expect(json).toContainText('"revision": 1');
  expect(JSON.parse((await json.textContent()) ?? '')).toMatchObject({ id: changed.id, revision: 1 });
  await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(2);
});

test('record text stays text: markup in the quote and title never renders, a javascript: address is no link', async ({
  page,
}) => {
  await signIn(page);
  const hostile = records.find((r) => r.evidence.output.includes(HOSTILE_MARKUP))!;
  await expect(incidentRows(page).filter({ hasText: HOSTILE_MARKUP })).toHaveCount(1);
  await page.goto(`${receiver.url}/console/#/incidents/${hostile.id}`);
  const evidence = page.getByRole('region', { name: 'Evidence' });
  await expect(evidence.locator('blockquote')).toHaveText(hostile.evidence.output);
  await expect(page.locator('main').locator('img, b, script')).toHaveCount(0);
  await expect(evidence.getByText(hostile.evidence.page.title, { exact: true })).toBeVisible();
  await expect(evidence.getByRole('link')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // A web address is a link that sends no referrer.
  const plain = records.find((r) => r.evidence.page.url.startsWith('https://'))!;
  await page.goto(`${receiver.url}/console/#/incidents/${plain.id}`);
  const link = page.getByRole('region', { name: 'Evidence' }).getByRole('link', { name: plain.evidence.page.title });
  await expect(link).toHaveAttribute('href', plain.evidence.page.url);
  await expect(link).toHaveAttribute('rel', /noreferrer/);
});

test('in open mode (no tokens, this machine only) the console needs no sign-in', async ({ page }) => {
  const open = await startReceiver({ host: '127.0.0.1', port: 0, tokens: [], dataDir: 'memory://' });
  try {
    await sendBatch(open.url, '', DEVICE_A, teamRecords().a.slice(0, 2));
    const errors = watchErrors(page);
    await page.goto(`${open.url}/console/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
    await expect(page.getByText('Open mode (this machine only)')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(incidentRows(page)).toHaveCount(2);
    expect(errors).toEqual([]);
  } finally {
    await open.close();
  }
});

test('the quarter’s review shows the same figures as the extension’s computation', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Governance review' })).toBeVisible();
  const review = computeReview(records, quarterOf(new Date()), new Date());
  expect(review.counts.incidents + review.counts.nearMisses).toBeGreaterThan(0);

  const figure = (term: string) =>
    page
      .getByLabel('Quarter figures')
      .locator('div')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
      .locator('dd');
  await expect(figure('Incidents')).toHaveText(String(review.counts.incidents));
  await expect(figure('Near misses')).toHaveText(String(review.counts.nearMisses));
  await expect(figure('Not assessed')).toHaveText(String(review.counts.unassessed));

  const bySeverity = page.getByRole('table', { name: 'By severity' });
  for (const row of review.bySeverity) {
    const cells = bySeverity.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: row.key === 'unrated' ? 'Not rated' : row.key, exact: true }),
    });
    await expect(cells.getByRole('cell').nth(0)).toHaveText(String(row.incidents));
    await expect(cells.getByRole('cell').nth(1)).toHaveText(String(row.nearMisses));
  }
});

test('the JSON and NDJSON exports hold the records', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Export', exact: true }).click();
  const ids = records.map((r) => r.id).sort();

  const json = await download(page, 'Download JSON');
  const body = JSON.parse(json) as { kind: string; records: Incident[] };
  expect(body.kind).toBe('flagline-receiver-export');
  expect(body.records.map((r) => r.id).sort()).toEqual(ids);
  expect(body.records.find((r) => r.revision === 2)?.whatHappened).toBe('Seen again on a second laptop.');

  const ndjson = await download(page, 'Download NDJSON');
  const lines = ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Incident);
  expect(lines.map((r) => r.id).sort()).toEqual(ids);

  const every = await download(page, 'Download every revision (NDJSON)');
  expect(every.trim().split('\n')).toHaveLength(records.length + 1);
});

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name, exact: true }).click(),
  ]);
  return readFileSync((await file.path())!, 'utf8');
}

test('an admin makes a reviewer token, shown once, which then signs in; revoking it ends that', async ({
  page,
  browser,
}) => {
  await signIn(page, 'adm-tok');
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  const tokens = page.getByRole('table', { name: 'Access tokens' });
  await expect(tokens.getByRole('row')).toHaveCount(4);
  await page.getByLabel('Role').selectOption('reviewer');
  await page.getByLabel('Label', { exact: true }).fill('Governance laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('it will not be shown again')).toBeVisible();
  const token = await page.getByLabel('New token').inputValue();
  expect(token).toMatch(/^flt_/);
  await expect(tokens.getByRole('row').filter({ hasText: 'Governance laptop' })).toContainText('reviewer');
  await expectAccessible(page, 'admin');

  const other = await browser.newPage();
  await signIn(other, token);
  await expect(other.getByText('Governance laptop · reviewer')).toBeVisible();
  // A reviewer sees no Admin page.
  await expect(other.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Revoke Governance laptop' }).click();
  await expect(tokens.getByRole('row').filter({ hasText: 'Governance laptop' })).toContainText('Revoked');
  // The revoked token's session ended: its next request sends it back to sign-in.
  await other.getByRole('link', { name: 'Review', exact: true }).click();
  await expect(other.getByLabel('Access token')).toBeVisible();
  await other.close();
});

test('at 400 px wide the list and a record fit the window, without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 800 });
  await signIn(page);
  await expect(incidentRows(page)).toHaveCount(records.length);
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  await incidentRows(page).filter({ hasText: UNIQUE_PHRASE }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Evidence' })).toBeVisible();
  expect(await fits()).toBe(true);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await signIn(page);
    // Before sign-in the console's session check answers 401, which the browser logs; after it, nothing may.
    const errors = watchErrors(page);
    await expect(incidentRows(page)).toHaveCount(records.length);
    await expectAccessible(page, 'incidents list');

    await incidentRows(page).first().getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Evidence' })).toBeVisible();
    await expectAccessible(page, 'record page');

    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await expect(page.getByRole('table', { name: 'By severity' })).toBeVisible();
    await expectAccessible(page, 'review');
    expect(errors).toEqual([]);
  });
}

async function expectAccessible(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, where).toEqual([]);
}
