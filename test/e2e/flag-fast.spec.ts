import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { FAULTY_SENTENCE, flagDemoSentence, readRecords, selectText } from './helpers';
import { clickFlagButton } from './ui-hooks';

const LEFT_COMPANY = 'Did the output leave the company, or reach a customer, employee, vendor, lender or investor?';
const TOOK_ACTION = 'Did the AI take an action (send, change a record, approve, pay) rather than only draft?';
const ACTED_UPON = 'Was the output acted upon?';

async function answerNo(panel: Page, question: string) {
  await panel.getByRole('radiogroup', { name: question }).getByRole('radio', { name: 'No', exact: true }).check();
}

/** Counts the user's clicks in a page from now on. */
async function countClicks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { clicks: number };
    w.clicks = 0;
    document.addEventListener('click', () => (w.clicks += 1), true);
  });
  return () => page.evaluate(() => (window as unknown as { clicks: number }).clicks);
}

test.use({ viewport: { width: 400, height: 900 } });

test('a flag becomes a submitted report in three clicks after the selection: the quote, what is wrong, Submit', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}/crm.html`);
  const panel = await openExtensionPage('sidepanel.html');
  await expect(panel.getByRole('heading', { name: 'Nothing flagged yet' })).toBeVisible();
  const panelClicks = await countClicks(panel);

  await selectText(page, '[data-testid="faulty-sentence"]');
  expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
  const pageClicks = 1;

  await expect(panel.getByLabel('Flagged output')).toContainText(FAULTY_SENTENCE);
  await expect(panel.getByText('Incident · SEV1')).toHaveCount(0);
  await panel.getByLabel('What is wrong?').click();
  await panel.keyboard.type('It names another customer.');
  await panel.getByRole('button', { name: 'Submit' }).click();

  await expect(panel.getByRole('status', { name: 'Saved' })).toHaveText(
    'Report submitted. A reviewer will assess it — or answer the questions now.',
  );
  await expect(panel.getByText('Needs assessment', { exact: true }).first()).toBeVisible();
  await expect(panel.getByText('No workflow chosen yet: a reviewer will find it and route this report.')).toBeVisible();
  expect(pageClicks + (await panelClicks())).toBeLessThanOrEqual(3);

  const [record] = await readRecords(serviceWorker);
  expect(record).toMatchObject({ status: 'reported', revision: 2, whatHappened: 'It names another customer.' });
  expect(record!.assessment).toBeUndefined();
  expect(record!.workflow).toBeUndefined();
  expect(record!.history.at(-1)!.action).toBe('Reported: needs assessment');

  // Assessed later, from the record: a new revision, said in plain words with what comes next.
  await panel.getByRole('button', { name: 'Assess', exact: true }).click();
  await expect(panel.getByRole('status', { name: 'Assessment result' })).toHaveText('Not assessed yet');
  for (const question of [LEFT_COMPANY, TOOK_ACTION, ACTED_UPON]) await answerNo(panel, question);
  await panel.getByRole('button', { name: 'Save assessment' }).click();
  await expect(panel.getByRole('status', { name: 'Saved' })).toHaveText(
    'Assessment saved: Near miss · could have been SEV2 · 5 answers open. Next: contain.',
  );
  await expect(panel.getByRole('list', { name: 'History' })).toContainText('Assessed: near miss SEV2 provisional');
  await expect(panel.getByRole('list', { name: 'History' })).not.toContainText('assessment.');
  const [assessed] = await readRecords(serviceWorker);
  expect(assessed).toMatchObject({ revision: 3, assessment: { class: 'near-miss', severity: 'SEV2' } });
});

test('a double click on Submit makes one report', async ({ context, demo, serviceWorker, openExtensionPage }) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByLabel('What is wrong?').fill('Wrong customer named.');
  await panel.getByRole('button', { name: 'Submit' }).dblclick();
  await expect(panel.getByRole('status', { name: 'Saved' })).toContainText('Report submitted.');
  await expect(panel.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(2);
  const records = await readRecords(serviceWorker);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ status: 'reported', revision: 2 });
});

test('what is typed and answered survives a view switch and a reopened panel', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  let panel = await openExtensionPage('sidepanel.html');
  await panel.getByLabel('What is wrong?').fill('Names Contoso Pharma.');
  await panel.getByText('Assess now (optional)').click();
  const verdict = panel.getByRole('status', { name: 'Assessment result' });
  await expect(verdict).toHaveText('Not assessed yet');
  await answerNo(panel, LEFT_COMPANY);
  await expect(verdict).toHaveText('Incident · SEV1 · 7 answers open');

  const views = panel.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: 'Log' }).click();
  await expect(panel.getByLabel('What is wrong?')).toHaveCount(0);
  await views.getByRole('button', { name: 'Current' }).click();
  await expect(panel.getByLabel('What is wrong?')).toHaveValue('Names Contoso Pharma.');
  const leftCompanyNo = panel
    .getByRole('radiogroup', { name: LEFT_COMPANY })
    .getByRole('radio', { name: 'No', exact: true });
  await expect(leftCompanyNo).toBeChecked();

  await panel.close();
  panel = await openExtensionPage('sidepanel.html');
  await expect(panel.getByLabel('What is wrong?')).toHaveValue('Names Contoso Pharma.');
  await expect(
    panel.getByRole('radiogroup', { name: LEFT_COMPANY }).getByRole('radio', { name: 'No', exact: true }),
  ).toBeChecked();
  // Kept aside until Submit: the record itself has no new revision.
  expect((await readRecords(serviceWorker))[0]!.revision).toBe(1);
});

test('a discarded draft stays in the log as discarded', async ({ context, demo, serviceWorker, openExtensionPage }) => {
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByRole('button', { name: 'Discard', exact: true }).click();
  await panel.getByRole('button', { name: 'Keep editing' }).click();
  await expect(panel.getByLabel('What is wrong?')).toBeVisible();
  await panel.getByRole('button', { name: 'Discard', exact: true }).click();
  await panel.getByRole('button', { name: 'Discard draft' }).click();
  await expect(panel.getByRole('heading', { name: 'Discarded draft' })).toBeVisible();

  const records = await readRecords(serviceWorker);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ status: 'declined', declined: { reason: 'Discarded by the reporter' } });
  expect(records[0]!.history.at(-1)!.action).toBe('Discarded by the reporter');
  await expect(panel.getByRole('list', { name: 'History' })).toContainText('Discarded by the reporter');
});

test('a near miss the reviewer caught reads as a near miss from "New report" to the saved record', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}/chat.html`);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByRole('button', { name: 'New report' }).click();
  await panel.getByLabel('AI output').fill('The assistant quoted a refund window of 180 days.');
  await panel.getByLabel('What happened').fill('Caught on a call before the customer acted.');
  await panel.getByLabel(/This is a near miss I caught/).check();
  await panel.getByRole('button', { name: 'Create draft' }).click();

  const verdict = panel.getByRole('status', { name: 'Assessment result' });
  await expect(verdict).toHaveText('Near miss · could have been SEV2 · 5 answers open');
  await expect(panel.getByText(/Incident · SEV/)).toHaveCount(0);
  await expect(panel.getByRole('button', { name: /incident/i })).toHaveCount(0);
  await expect(panel.getByLabel('What is wrong?')).toHaveValue('Caught on a call before the customer acted.');
  await panel.getByRole('button', { name: 'Submit' }).click();
  await expect(panel.getByRole('status', { name: 'Saved' })).toHaveText(
    'Report submitted: Near miss · could have been SEV2 · 5 answers open. Next: contain.',
  );
  await expect(panel.getByText(/Incident · SEV/)).toHaveCount(0);
  const [record] = await readRecords(serviceWorker);
  expect(record).toMatchObject({ status: 'reported', assessment: { class: 'near-miss', severity: 'SEV2' } });
});
