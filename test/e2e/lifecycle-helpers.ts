import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The response steps after Detect and report, as the panel titles them. */
export const STEPS = [
  'Contain',
  'Preserve evidence',
  'Assess impact',
  'Correct',
  'Diagnose',
  'Resume with controls',
  'Learn',
] as const;
export type Title = (typeof STEPS)[number];

/** The step's own list item (not a checklist item inside another step), opened. */
export async function openStep(panel: Page, title: Title): Promise<Locator> {
  const step = panel
    .getByRole('list', { name: 'Response steps' })
    .locator(':scope > li')
    .nth(STEPS.indexOf(title) + 1);
  await expect(step.locator('summary strong')).toHaveText(new RegExp(`^\\d\\. ${title}$`));
  const details = step.locator('details').first();
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await step.locator('summary').first().click();
  return step;
}

/** Fills what each step needs, in the labels the panel shows. */
export async function fillStep(step: Locator, title: Title): Promise<void> {
  if (title === 'Contain') {
    await step.getByLabel('What was contained', { exact: true }).fill('Paused the summary assistant.');
    // "Contained at" is suggested as now; entered as a local date and time.
    await step.getByLabel('Contained at', { exact: true }).fill('2026-03-04T09:30');
  }
  if (title === 'Preserve evidence')
    await step.getByLabel('Where the evidence is kept', { exact: true }).fill('Case folder INC-7');
  if (title === 'Assess impact') {
    await step.getByLabel('Number of affected users', { exact: true }).fill('0');
    await step.getByLabel('Number of affected records', { exact: true }).fill('1');
    await step.getByRole('group', { name: 'Affected categories' }).getByLabel('Customers', { exact: true }).check();
    await step.getByLabel('Business impact', { exact: true }).fill('None: caught before sending.');
  }
  if (title === 'Diagnose') {
    await step.getByLabel('Root cause', { exact: true }).selectOption({ label: 'Data' });
    await step.getByLabel('Failure kind', { exact: true }).selectOption({ label: 'Data failure' });
    await step.getByLabel('Failed control', { exact: true }).fill('Account isolation in retrieval');
  }
  if (title === 'Resume with controls') {
    await step.getByLabel('Restart decision', { exact: true }).selectOption({ label: 'Resume with controls' });
    await step.getByLabel('Approved by', { exact: true }).fill('Dana Reyes');
    await step.getByLabel('Test result and evidence', { exact: true }).fill('Retrieval filter fixed; 40 cases pass.');
    await step.getByLabel('Closer monitoring', { exact: true }).fill('Daily sample review for two weeks.');
  }
  if (title === 'Learn') {
    await step.getByLabel('Evaluation cases added', { exact: true }).fill('Cross-account mention cases.');
    await step.getByLabel('Check effectiveness on', { exact: true }).fill('2026-06-01');
  }
}
