import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { flagDemoSentence } from './helpers';

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('the side panel, empty and assessing a flag, has no serious accessibility violations', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const empty = await openExtensionPage('sidepanel.html');
  await expect(empty.getByRole('heading', { name: 'Nothing flagged yet' })).toBeVisible();
  expect(await seriousViolations(empty)).toEqual([]);

  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByText('Assess now (optional)').click();
  await expect(panel.getByRole('radiogroup').first()).toBeVisible();
  await panel.getByRole('button', { name: 'Submit' }).click();
  expect(await seriousViolations(panel)).toEqual([]);
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(panel), `${scheme} theme`).toEqual([]);
  }
});

test('the options page has no serious accessibility violations', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Flagline settings' })).toBeVisible();
  expect(await seriousViolations(options)).toEqual([]);
});

test('keyboard only: from the first question to "Submit"', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByText('Assess now (optional)').focus();
  await panel.keyboard.press('Enter');
  const first = panel.getByRole('radiogroup').first().getByRole('radio', { name: 'Yes', exact: true });
  await first.focus();
  await panel.keyboard.press('Space');
  await expect(first).toBeChecked();
  // Arrow keys move within a group; Tab moves to the next question.
  await panel.keyboard.press('ArrowRight');
  await expect(panel.getByRole('radiogroup').first().getByRole('radio', { name: 'No', exact: true })).toBeChecked();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i += 1) {
    await panel.keyboard.press('Tab');
    reached = await panel.evaluate(() => document.activeElement?.textContent === 'Submit');
  }
  expect(reached).toBe(true);
  await panel.keyboard.press('Enter');
  await expect(panel.getByText('Say what is wrong with the output')).toBeVisible();
});

test('every side panel view and the settings page, at 400 px, light and dark, have no serious violations', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  // Ten full axe runs on a shared machine.
  test.setTimeout(300_000);
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  const views = panel.getByRole('navigation', { name: 'Views' });
  const check = async (page: Page, what: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), `${what}, ${scheme}`).toEqual([]);
    }
  };
  // The first view after a flag, then with the optional assessment open.
  await expect(panel.getByLabel('What is wrong?')).toBeVisible();
  await check(panel, 'current, after a flag');
  await panel.getByText('Assess now (optional)').click();
  await expect(panel.getByRole('radiogroup').first()).toBeVisible();
  await check(panel, 'current, with a record');
  await views.getByRole('button', { name: 'Log' }).click();
  await expect(panel.getByRole('list', { name: 'Incident log' })).toBeVisible();
  await panel.getByText('Filters', { exact: true }).click();
  await check(panel, 'log');
  await views.getByRole('button', { name: 'Review' }).click();
  await expect(panel.getByRole('table', { name: 'By severity', exact: true })).toBeVisible();
  await check(panel, 'review');
  await panel.getByRole('button', { name: 'New report' }).click();
  await expect(panel.getByRole('button', { name: 'New report' })).toHaveAttribute('aria-expanded', 'true');
  await check(panel, 'new report');
  const options = await openExtensionPage('options.html');
  await options.setViewportSize({ width: 400, height: 800 });
  await expect(options.getByRole('heading', { name: 'Flagline settings' })).toBeVisible();
  await check(options, 'settings');
});
