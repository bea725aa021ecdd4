import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { FAULTY_SENTENCE, flagDemoSentence, readRecords, selectText } from './helpers';
import { clickFlagButton } from './ui-hooks';
import { importRecords, recordsFile, showView, sidewaysOverflow } from './panel-helpers';

/** Each view of the side panel, made ready to measure. */
const VIEWS: ReadonlyArray<[string, (panel: Page) => Promise<void>]> = [
  [
    'current, the long record open',
    async (panel) => {
      await showView(panel, 'Current');
      await expect(panel.getByRole('blockquote', { name: 'Flagged output' })).toContainText('second paragraph');
    },
  ],
  [
    'log, filters open',
    async (panel) => {
      await showView(panel, 'Log');
      const filters = panel.locator('details.log-more');
      if (!(await filters.getAttribute('open'))) await panel.getByText('Filters', { exact: true }).click();
      await expect(panel.getByLabel('Severity')).toBeVisible();
    },
  ],
  [
    'review',
    async (panel) => {
      await showView(panel, 'Review');
      await panel.getByLabel('Quarter (UTC)').selectOption('2026-Q1');
      await expect(panel.getByRole('table', { name: 'By workflow' })).toBeVisible();
    },
  ],
  [
    'new report',
    async (panel) => {
      await panel.getByRole('button', { name: 'New report' }).click();
      await expect(panel.getByRole('button', { name: 'New report' })).toHaveAttribute('aria-expanded', 'true');
    },
  ],
];

test('at 320 and 400 px no view scrolls sideways, even with a very long URL and quote', async ({
  openExtensionPage,
}, testInfo) => {
  test.setTimeout(120_000);
  const panel = await openExtensionPage('sidepanel.html');
  await importRecords(panel, await recordsFile(testInfo.outputPath('long.json'), 30, true), 31);
  await showView(panel, 'Current');
  await panel.getByRole('list', { name: 'Needs assessment' }).getByRole('button').first().click();
  // Display only: the page's indentation is gone, the paragraph break stays.
  const quote = panel.getByRole('blockquote', { name: 'Flagged output' });
  await expect(quote.locator('mark')).toHaveText(/^The model wrote x+\n\nand a second paragraph\.$/);
  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Flagline settings' })).toBeVisible();
  for (const width of [320, 400]) {
    await panel.setViewportSize({ width, height: 800 });
    for (const [name, ready] of VIEWS) {
      await ready(panel);
      expect(await sidewaysOverflow(panel), `${name} at ${width} px`).toBe(0);
    }
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await options.setViewportSize({ width, height: 800 });
    expect(await sidewaysOverflow(options), `settings at ${width} px`).toBe(0);
  }
});

test('with 30 records the Current view lists a few and leads to the log', async ({ openExtensionPage }, testInfo) => {
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  await importRecords(panel, await recordsFile(testInfo.outputPath('thirty.json'), 30), 30);
  await showView(panel, 'Current');
  const recent = panel.getByRole('list', { name: 'Saved records' });
  await expect(recent.getByRole('listitem')).toHaveCount(5);
  await expect(recent.getByRole('listitem').first()).toContainText('Sample AI output 29');
  // A short view: the list, not every record, with its way to the whole log.
  expect(await panel.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(1600);
  await panel.getByRole('button', { name: 'See all 30 in the log' }).click();
  await expect(panel.getByText('Showing 30 of 30 records')).toBeVisible();
});

test('a second flag while the panel is open shows a banner; the open record and the typing stay', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await flagDemoSentence(page, demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  const whatHappened = panel.getByLabel('What is wrong?');
  await whatHappened.fill('Half-written note about the first flag');
  const first = await panel.getByRole('blockquote', { name: 'Flagged output' }).textContent();
  expect(first).toContain(FAULTY_SENTENCE);

  // A second flag, of another paragraph of the demo page.
  await page.bringToFront();
  await selectText(page, '.ai-draft-body p');
  expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
  await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(2);
  const banner = panel.getByRole('status', { name: 'New flag' });
  await expect(banner).toContainText('New flag on');
  await expect(whatHappened).toHaveValue('Half-written note about the first flag');
  await expect(whatHappened).toBeFocused();

  await banner.getByRole('button', { name: 'Open it' }).click();
  await expect(banner).toHaveCount(0);
  await expect(panel.getByLabel('What is wrong?')).toHaveValue('');
});

test('view, search, filters and quarter survive a view switch and a reopened panel', async ({
  openExtensionPage,
}, testInfo) => {
  const panel = await openExtensionPage('sidepanel.html');
  await importRecords(panel, await recordsFile(testInfo.outputPath('place.json'), 30), 30);
  await panel.getByLabel('Search').fill('output 2');
  await panel.getByText('Filters', { exact: true }).click();
  await panel.getByLabel('Class').selectOption('incident');
  const shown = panel.getByText(/^Showing \d+ of 30 records$/);
  await expect(shown).not.toHaveText('Showing 30 of 30 records');
  const narrowed = await shown.textContent();
  await showView(panel, 'Review');
  await panel.getByLabel('Quarter (UTC)').selectOption('2026-Q1');
  await showView(panel, 'Current');
  await showView(panel, 'Log');
  await expect(panel.getByLabel('Search')).toHaveValue('output 2');
  await expect(panel.getByLabel('Class')).toHaveValue('incident');
  await expect(panel.getByText(narrowed!)).toBeVisible();

  // Closing and reopening the panel: a new page of the extension finds its place again.
  await panel.close();
  const again = await openExtensionPage('sidepanel.html');
  await expect(again.getByRole('heading', { name: 'Incident log' })).toBeVisible();
  await expect(again.getByLabel('Search')).toHaveValue('output 2');
  await expect(again.getByLabel('Class')).toHaveValue('incident');
  await expect(again.getByText(narrowed!)).toBeVisible();
  await showView(again, 'Review');
  await expect(again.getByLabel('Quarter (UTC)')).toHaveValue('2026-Q1');
});
