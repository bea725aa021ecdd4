import { expect, test } from './fixtures';
import { answer, FAULTY_SENTENCE, flagDemoSentence, QUESTIONS, readRecords, saveDraftAsReport } from './helpers';

test('assess the demo flag in the side panel: live severity, reasons, escalation, save', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);

  const panel = await openExtensionPage('sidepanel.html');
  const errors: string[] = [];
  panel.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  panel.on('pageerror', (error) => errors.push(error.message));
  await expect(panel.getByLabel('Flagged output')).toContainText(FAULTY_SENTENCE);
  await panel.getByText('Assess now (optional)').click();
  const verdict = panel.getByRole('status', { name: 'Assessment result' });
  // Nothing answered: in triage, no class and no severity.
  await expect(verdict).toHaveText('Not assessed yet');

  // The article's worked example.
  await answer(panel, 'leftCompany', 'No');
  await answer(panel, 'exposedData', 'Yes');
  await answer(panel, 'tookAction', 'No');
  await answer(panel, 'reviewerApproved', 'No');
  await answer(panel, 'couldSpread', 'Yes');
  await answer(panel, 'recentChange', 'Yes');
  await answer(panel, 'obligation', 'Unsure');
  await answer(panel, 'actedUpon', 'No');
  await expect(verdict).toHaveText('Near miss · could have been SEV2 · 1 answer open');
  await panel.getByText('Why?').click();
  await expect(panel.getByRole('list', { name: 'Why' })).toContainText('exposed confidential');
  await expect(panel.getByRole('list', { name: 'Why' })).toContainText('(may change:');
  const escalation = panel.getByRole('region', { name: /Escalate within 4 hours/ });
  await expect(escalation).toBeVisible();
  await expect(escalation.getByRole('list', { name: 'Who must be told' })).toContainText(/security/i);

  // Answering obligation settles it: still SEV2 (exposed data), no longer resting on Unsure for R7.
  await answer(panel, 'obligation', 'No');
  await expect(verdict).toHaveText('Near miss · could have been SEV2');

  // Submit without saying what is wrong: the error beside the box. The workflow is not required.
  await panel.getByRole('button', { name: 'Submit' }).click();
  await expect(panel.getByText('Say what is wrong with the output')).toBeVisible();
  await expect(panel.getByText('No workflow chosen: that is fine.', { exact: false })).toBeVisible();

  // Register the workflow in place; it takes the page's origin as its URL pattern.
  await panel.getByRole('button', { name: 'New workflow' }).click();
  await panel.getByLabel('Workflow name').fill('CRM account summaries');
  await panel.getByLabel('Accountable owner').fill('Dana Reyes');
  await panel.getByLabel('Fallback process', { exact: true }).fill('Account manager writes the summary by hand');
  await panel.getByRole('button', { name: 'Save workflow' }).click();
  await expect(panel.getByLabel('Workflow', { exact: true })).toHaveValue(/.+/);
  await expect(panel.locator('#workflow-help')).toHaveText(
    'Suggested: CRM account summaries, matches this page. Owner: Dana Reyes.',
  );
  await panel.getByLabel('What is wrong?').fill('The draft summary names another customer (Contoso Pharma).');
  await escalation.getByRole('checkbox', { name: /Pause the workflow/ }).check();
  await panel.getByRole('button', { name: 'Submit' }).click();
  await expect(panel.getByRole('list', { name: 'Response steps' })).toBeVisible();

  const [record] = await readRecords(serviceWorker);
  const stored = record as unknown as {
    status: string;
    revision: number;
    workflow: { name: string; owner: string };
    assessment: {
      answers: Record<string, string>;
      class: string;
      computedClass: string;
      severity: string;
      provisional: boolean;
      firedRules: Array<{ id: string; reason: string }>;
    };
    containment: { done: string[] };
  };
  expect(stored.status).toBe('reported');
  expect(stored.revision).toBe(2);
  expect(stored.assessment.answers).toEqual({
    leftCompany: 'no',
    exposedData: 'yes',
    tookAction: 'no',
    reviewerApproved: 'no',
    couldSpread: 'yes',
    recentChange: 'yes',
    obligation: 'no',
    actedUpon: 'no',
  });
  expect(stored.assessment.class).toBe('near-miss');
  expect(stored.assessment.computedClass).toBe('near-miss');
  expect(stored.assessment.severity).toBe('SEV2');
  expect(stored.assessment.provisional).toBe(false);
  expect(stored.assessment.firedRules.map((r) => r.id)).toEqual(['R4', 'R9', 'R10']);
  expect(stored.workflow).toMatchObject({ name: 'CRM account summaries', owner: 'Dana Reyes' });
  expect(stored.containment.done).toEqual(['pause-before-diagnosis']);
  expect(errors).toEqual([]);
});

test('a near miss logged from the side panel without a selection keeps the tab and the pasted output', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}/chat.html`);
  const title = await page.title();
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByRole('button', { name: 'New report' }).click();
  await expect(panel.getByLabel('Page address')).toHaveValue(`${demo.url}/chat.html`);
  await expect(panel.getByLabel('Page title')).toHaveValue(title);
  await panel.getByRole('button', { name: 'Create draft' }).click();
  await expect(panel.getByText('Paste or type the AI output')).toBeVisible();
  await panel.getByLabel('AI output').fill('The assistant quoted a refund window of 180 days on the phone.');
  await panel.getByLabel('What happened').fill('Caught on a support call before the customer acted.');
  await panel.getByRole('button', { name: 'Create draft' }).click();
  await expect(panel.getByLabel('Flagged output')).toContainText('refund window of 180 days');

  const [record] = await readRecords(serviceWorker);
  expect(record!.evidence.page.url).toBe(`${demo.url}/chat.html`);
  expect(record!.evidence.page.title).toBe(title);
  expect(record!.evidence.output).toBe('The assistant quoted a refund window of 180 days on the phone.');
  expect(record!.evidence.trigger).toBe('manual');
  expect(record!.status).toBe('draft');

  // Assessed and saved like any flag: nothing left the company, nobody acted on it.
  await expect(panel.getByLabel('What is wrong?')).toHaveValue('Caught on a support call before the customer acted.');
  await saveDraftAsReport(panel);
  const [saved] = await readRecords(serviceWorker);
  expect(saved!.status).toBe('reported');
  expect(saved!.evidence.page.url).toBe(`${demo.url}/chat.html`);
  expect((saved as unknown as { assessment: { class: string; severity: string } }).assessment).toMatchObject({
    class: 'near-miss',
    severity: 'SEV4',
  });
});

test('a report in triage counts down, then its routing says who to tell and is ticked off party by party', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const [flagged] = await readRecords(serviceWorker);
  const detectedAt = (flagged as unknown as { timeline: { detectedAt: string } }).timeline.detectedAt;
  const detected = new Date(detectedAt).getTime();

  // The panel's clock starts at detection; once the report is in, it stands still and moves on
  // only as the test says, so a slow machine never shifts the minutes shown.
  const panel = await openExtensionPage('sidepanel.html');
  await panel.clock.install({ time: detected });
  await panel.reload();
  await panel.getByLabel('What is wrong?').fill('The draft summary names another customer.');
  await panel.getByRole('button', { name: 'Submit' }).click();
  const due = panel.getByTestId('due-line');
  await expect(due).toContainText('Needs assessment');
  await panel.clock.pauseAt(detected + 20 * 60_000);
  await expect(due).toHaveText('Needs assessment · no owner yet · due in 3 h 40 min');
  await panel.clock.fastForward('03:45:00');
  await expect(due).toHaveText('Needs assessment · no owner yet · overdue by 5 min');

  // Assessed: near miss, SEV2 (exposed data), routed and stored with the record.
  await panel.getByRole('button', { name: 'Assess', exact: true }).click();
  for (const key of Object.keys(QUESTIONS) as (keyof typeof QUESTIONS)[])
    await answer(panel, key, key === 'exposedData' ? 'Yes' : 'No');
  await panel.getByRole('button', { name: 'Save assessment' }).click();
  const routing = panel.getByRole('region', { name: 'Escalate within 4 hours (SEV2)' });
  await expect(routing.getByTestId('due-line')).toHaveText(
    'Overdue by 5 min · Workflow owner not told yet · Security / privacy not told yet · Containment not recorded',
  );
  await expect(panel.getByRole('list', { name: 'History' })).toContainText('Assessed: near miss SEV2');

  const owner = routing.getByRole('form', { name: 'Mark Workflow owner as told' });
  await owner.getByLabel('How').selectOption({ label: 'Chat' });
  await owner.getByLabel('Reference').fill('T-1');
  await owner.getByRole('button', { name: 'Mark as told' }).click();
  // Told now, by the real clock: on another day than the panel's clock, the date is shown too.
  await expect(routing.getByText(/^Told by chat at (\w{3} \d{1,2}, \d{4} )?\d\d:\d\d · ref T-1$/)).toBeVisible();
  await expect(routing.getByTestId('due-line')).toHaveText(
    'Overdue by 5 min · Security / privacy not told yet · Containment not recorded',
  );
  const [told] = await readRecords(serviceWorker);
  const parties = (told as unknown as { routing: { parties: { who: string; told?: { how: string } }[] } }).routing
    .parties;
  expect(parties.map((p) => [p.who, p.told?.how])).toEqual([
    ['Workflow owner', 'chat'],
    ['Security / privacy', undefined],
  ]);

  await routing.getByRole('button', { name: 'Undo' }).click();
  await expect(routing.getByRole('form', { name: 'Mark Workflow owner as told' })).toBeVisible();
});
