import { expect, test } from './fixtures';
import type { Incident } from '../../lib/incident/schema';
import { flagDemoSentence, readRecords, saveDraftAsReport, type StoredRecord } from './helpers';
import { fillStep, openStep, STEPS } from './lifecycle-helpers';

test('a record goes from flag to Learn: each step needs its fields, in order, with checklist ticks and corrective actions', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await saveDraftAsReport(panel);
  let revision = 2;
  await expect(panel.getByText(`Status: Detect and report · revision ${revision}`)).toBeVisible();

  // A later step waits for the ones before it and says so.
  const impact = await openStep(panel, 'Assess impact');
  await expect(impact.locator('summary')).toContainText('Complete Contain and Preserve evidence first.');

  // Checklist items are ticked at any time, with who and when.
  const contain = await openStep(panel, 'Contain');
  const paused = contain.getByRole('checkbox', { name: 'Workflow paused or limited' });
  await paused.click();
  await expect(paused).toBeChecked();
  revision += 1;
  await expect(contain.getByText(/^Ticked by .+ at /)).toBeVisible();

  // An empty step cannot complete: the panel names what is missing.
  await contain.getByLabel('Contained at', { exact: true }).fill('');
  await contain.getByRole('button', { name: 'Save and complete Contain' }).click();
  await expect(contain.getByRole('alert')).toHaveText(
    'To complete Contain, fill in: What was contained; Contained at.',
  );

  for (const title of STEPS) {
    const step = await openStep(panel, title);
    await fillStep(step, title);
    if (title === 'Correct') {
      await step.getByLabel('What will be done', { exact: true }).fill('Discard the draft and rewrite it by hand.');
      await step.getByLabel('Owner', { exact: true }).fill('Dana Reyes');
      await step.getByLabel('Due date', { exact: true }).fill('2026-03-06');
      await step.getByRole('button', { name: 'Add action' }).click();
      revision += 1;
      await expect(step.locator('summary')).toContainText('1 action open');
    }
    await step.getByRole('button', { name: `Save and complete ${title}` }).click();
    revision += 1;
    await expect(panel.getByText(`Status: ${title} · revision ${revision}`)).toBeVisible();
  }

  // The action is marked done after Correct completed; the open count goes.
  const correct = await openStep(panel, 'Correct');
  const action = correct.getByRole('form', { name: 'Corrective action: Discard the draft and rewrite it by hand.' });
  await action.getByLabel('Status', { exact: true }).selectOption({ label: 'Done' });
  await action.getByRole('button', { name: 'Save action' }).click();
  revision += 1;
  await expect(correct.locator('summary')).not.toContainText('action open');

  // Reopening a completed step needs a reason; the status falls back.
  const learn = await openStep(panel, 'Learn');
  await learn.getByRole('button', { name: 'Reopen Learn' }).click();
  await learn.getByLabel('Reason for reopening', { exact: true }).fill('Policy change still to be written.');
  await learn.getByRole('button', { name: 'Confirm reopen' }).click();
  revision += 1;
  await expect(panel.getByText(`Status: Resume with controls · revision ${revision}`)).toBeVisible();

  const [stored] = await readRecords(serviceWorker);
  const record = stored as
    | (StoredRecord & Pick<Incident, 'affected' | 'containment' | 'correction' | 'learning' | 'checklist' | 'history'>)
    | undefined;
  expect(record!.status).toBe('resumed');
  expect(record!.revision).toBe(revision);
  expect(record!.affected).toMatchObject({ userCount: 0, recordCount: 1, categories: ['customers'] });
  expect(record!.containment?.containedAt).toBe(new Date('2026-03-04T09:30').toISOString());
  expect(record!.correction?.actions).toEqual([
    expect.objectContaining({ what: 'Discard the draft and rewrite it by hand.', status: 'done', dueOn: '2026-03-06' }),
  ]);
  expect(record!.learning?.effectivenessCheckOn).toBe('2026-06-01');
  expect(Object.keys(record!.checklist ?? {})).toEqual(['contained.workflow-paused']);
  const history = record!.history;
  expect(history.map((entry) => entry.revision)).toEqual(Array.from({ length: revision }, (_, i) => i + 1));
  expect(history.at(-1)).toMatchObject({ action: 'Reopened step: Learn', note: 'Policy change still to be written.' });
  expect(history.filter((e) => e.action.startsWith('Completed step: ')).map((e) => e.action)).toEqual(
    STEPS.map((title) => `Completed step: ${title}`),
  );
  const shown = panel.getByRole('list', { name: 'History' }).getByRole('listitem');
  await expect(shown).toHaveCount(revision);
  await expect(shown.last()).toContainText(`rev ${revision}`);
  await expect(shown.last()).toContainText('Reopened step: Learn');
});
