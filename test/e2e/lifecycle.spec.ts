import { expect, test } from './fixtures';
import { flagDemoSentence, readRecords, saveDraftAsReport } from './helpers';

const STEPS = [
  'Contain',
  'Preserve evidence',
  'Assess impact',
  'Correct',
  'Diagnose',
  'Resume with controls',
  'Learn',
] as const;

test('a saved record goes through every response step, each in the history with a rising revision', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await saveDraftAsReport(panel);
  const steps = panel.getByRole('list', { name: 'Response steps' });
  await expect(panel.getByText(/Status: Detect and report · revision 2/)).toBeVisible();

  for (const [index, title] of STEPS.entries()) {
    const step = steps.getByRole('listitem').filter({ hasText: title }).first();
    const details = step.locator('details').first();
    if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open)))
      await step.locator('summary').first().click();
    if (title === 'Contain') await step.getByLabel('Containment actions taken').fill('Paused the summary assistant.');
    if (title === 'Assess impact') await step.getByLabel('Business impact').fill('None: caught before sending.');
    if (title === 'Correct')
      await step.getByLabel('Corrective actions', { exact: true }).fill('Draft discarded and rewritten.');
    if (title === 'Diagnose') {
      await step.getByLabel('Root cause').selectOption({ label: 'Data' });
      await step.getByLabel('Failure kind').selectOption({ label: 'Data failure' });
      await step.getByLabel('Failed control').fill('Account isolation in retrieval');
    }
    if (title === 'Resume with controls') {
      await step.getByLabel('Restart decision').selectOption({ label: 'Resume with controls' });
      await step.getByLabel('Approved by').fill('Dana Reyes');
      await step.getByLabel('Evidence behind the decision').fill('Retrieval filter fixed and tested.');
    }
    if (title === 'Learn') await step.getByLabel('Evaluation cases added').fill('Cross-account mention cases.');
    await step.getByRole('button', { name: `Save and complete ${title}` }).click();
    await expect(panel.getByText(new RegExp(`Status: ${title} · revision ${index + 3}`))).toBeVisible();
  }

  const [record] = await readRecords(serviceWorker);
  expect(record!.status).toBe('learned');
  expect(record!.revision).toBe(9);
  const history = record!.history;
  expect(history.map((entry) => entry.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(history.slice(2).map((entry) => entry.action)).toEqual(STEPS.map((title) => `Completed step: ${title}`));
  for (let i = 1; i < history.length; i += 1) {
    expect(Date.parse(history[i]!.at)).toBeGreaterThanOrEqual(Date.parse(history[i - 1]!.at));
  }
  const shown = panel.getByRole('list', { name: 'History' }).getByRole('listitem');
  await expect(shown).toHaveCount(9);
  await expect(shown.last()).toContainText('rev 9');
  await expect(shown.last()).toContainText('Completed step: Learn');
});
