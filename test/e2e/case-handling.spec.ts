import type { Page } from '@playwright/test';
import type { Incident } from '../../lib/incident/schema';
import { expect, test } from './fixtures';
import { addDemoWorkflow, answer, flagDemoSentence, QUESTIONS, readRecords } from './helpers';
import { fillStep, openStep, STEPS } from './lifecycle-helpers';
import { showView } from './panel-helpers';

// A SEV2 near miss handled as an incident manager would: assessed, re-assessed, routed with a due
// time that the test's clock runs past, the owner told, contained and corrected with two actions,
// taken to Learn, and counted by the quarter's review exactly.

type Answer = 'Yes' | 'No' | 'Unsure';

async function answerAll(panel: Page, answers: Record<keyof typeof QUESTIONS, Answer>): Promise<void> {
  for (const key of Object.keys(QUESTIONS) as (keyof typeof QUESTIONS)[]) await answer(panel, key, answers[key]);
}

/** The worked example's answers: exposed data caught before sending; the obligation not known yet. */
const FIRST: Record<keyof typeof QUESTIONS, Answer> = {
  leftCompany: 'No',
  exposedData: 'Yes',
  tookAction: 'No',
  reviewerApproved: 'No',
  couldSpread: 'Yes',
  recentChange: 'No',
  obligation: 'Unsure',
  actedUpon: 'No',
};

/** `ms` as the panel's local date and time, the way a datetime-local field takes it. */
function localInput(panel: Page, ms: number): Promise<string> {
  return panel.evaluate((at) => {
    const d = new Date(at);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  }, ms);
}

/** The incidents and near-miss counts of one row of a review chart, as its table reads. */
async function chartRow(panel: Page, caption: string, row: string): Promise<string[]> {
  const text = await panel.getByRole('table', { name: caption, exact: true }).innerText();
  const line = text.split('\n').find((l) => l.split('\t')[0] === row);
  return line?.split('\t').slice(1, 3) ?? [];
}

test.use({ viewport: { width: 400, height: 900 } });

test('a SEV2 near miss from flag to Learn: re-assessed, due then overdue, owner told, two actions done, counted by the review', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  test.setTimeout(300_000);
  await flagDemoSentence(await context.newPage(), demo.url, serviceWorker);
  const [flagged] = (await readRecords(serviceWorker)) as unknown as Incident[];
  const detected = new Date(flagged!.timeline.detectedAt).getTime();

  // The panel's clock says what the test says; its timers keep running.
  const panel = await openExtensionPage('sidepanel.html');
  await panel.clock.setFixedTime(detected);
  await panel.reload();

  // Assessed with the report: near miss, SEV2 potential, provisional on the open obligation.
  await panel.getByText('Assess now (optional)').click();
  await answerAll(panel, FIRST);
  await addDemoWorkflow(panel);
  await panel.getByLabel('What is wrong?').fill('The draft summary names another customer.');
  await panel.getByRole('button', { name: 'Submit' }).click();
  const history = panel.getByRole('list', { name: 'History' });
  await expect(history).toContainText('Reported and assessed: near miss SEV2 provisional');

  // Re-assessed once the obligation is known: still SEV2, no longer provisional, and the history
  // says how the verdict moved.
  await panel.getByRole('button', { name: 'Change assessment' }).click();
  await answer(panel, 'obligation', 'No');
  await panel.getByRole('button', { name: 'Save assessment' }).click();
  await expect(history).toContainText('Re-assessed: near miss SEV2 provisional → near miss SEV2');

  // Due four hours after detection: the owner and security/privacy to tell, containment to record.
  const routing = panel.getByRole('region', { name: 'Escalate within 4 hours (SEV2)' });
  await expect(routing.getByTestId('due-line')).toHaveText(
    'Due in 4 hours · Owner not told yet · Security / privacy not told yet · Containment not recorded',
  );
  // Four hours and five minutes after detection it is overdue (the view is shown afresh).
  await panel.clock.setFixedTime(detected + (4 * 60 + 5) * 60_000);
  await showView(panel, 'Log');
  await expect(panel.getByRole('list', { name: 'Incident log' }).getByText('Overdue', { exact: true })).toBeVisible();
  await showView(panel, 'Current');
  await expect(routing.getByTestId('due-line')).toHaveText(
    'Overdue by 5 min · Owner not told yet · Security / privacy not told yet · Containment not recorded',
  );

  // The owner is told by e-mail, security/privacy through a ticket.
  const owner = routing.getByRole('form', { name: 'Mark Owner: Dana Reyes as told' });
  await owner.getByLabel('How').selectOption({ label: 'E-mail' });
  await owner.getByLabel('Reference').fill('MSG-7');
  await owner.getByRole('button', { name: 'Mark as told' }).click();
  // Told now, by the real clock: on another day than the panel's clock, the date is shown too.
  await expect(routing.getByText(/^Told by e-mail at (\w{3} \d{1,2}, \d{4} )?\d\d:\d\d · ref MSG-7$/)).toBeVisible();
  const security = routing.getByRole('form', { name: 'Mark Security / privacy as told' });
  await security.getByLabel('How').selectOption({ label: 'Ticket' });
  await security.getByLabel('Reference').fill('SEC-12');
  await security.getByRole('button', { name: 'Mark as told' }).click();
  await expect(routing.getByTestId('due-line')).toHaveText('Overdue by 5 min · Containment not recorded');

  // Every step, in order, with what it needs; containment 40 minutes after detection; two actions.
  const containedAt = await localInput(panel, detected + 40 * 60_000);
  for (const title of STEPS) {
    const step = await openStep(panel, title);
    await fillStep(step, title);
    if (title === 'Contain') await step.getByLabel('Contained at', { exact: true }).fill(containedAt);
    if (title === 'Correct') {
      for (const what of ['Rewrite the summary by hand', 'Filter other accounts out of retrieval']) {
        await step.getByLabel('What will be done', { exact: true }).fill(what);
        await step.getByLabel('Owner', { exact: true }).fill('Dana Reyes');
        await step.getByRole('button', { name: 'Add action' }).click();
        await expect(step.getByRole('form', { name: `Corrective action: ${what}` })).toBeVisible();
      }
      await expect(step.locator('summary')).toContainText('2 actions open');
      for (const what of ['Rewrite the summary by hand', 'Filter other accounts out of retrieval']) {
        const action = step.getByRole('form', { name: `Corrective action: ${what}` });
        await action.getByLabel('Status', { exact: true }).selectOption({ label: 'Done' });
        await action.getByRole('button', { name: 'Save action' }).click();
      }
      await expect(step.locator('summary')).not.toContainText('action open');
    }
    await step.getByRole('button', { name: `Save and complete ${title}` }).click();
    await expect(panel.getByText(new RegExp(`^Status: ${title} · revision \\d+$`))).toBeVisible();
  }
  // Told and contained: nothing is due any more.
  await expect(routing.getByTestId('due-line')).toHaveCount(0);

  const [stored] = (await readRecords(serviceWorker)) as unknown as Incident[];
  expect(stored!.status).toBe('learned');
  expect(stored!.assessment).toMatchObject({ class: 'near-miss', severity: 'SEV2', provisional: false });
  expect(stored!.routing?.dueAt).toBe(new Date(detected + 4 * 3_600_000).toISOString());
  expect(stored!.routing?.parties.map((p) => [p.who, p.told?.how, p.told?.reference])).toEqual([
    ['Owner: Dana Reyes', 'email', 'MSG-7'],
    ['Security / privacy', 'ticket', 'SEC-12'],
  ]);
  expect(stored!.correction?.actions.map((a) => a.status)).toEqual(['done', 'done']);
  expect(stored!.history.filter((e) => e.action.startsWith('Re-assessed')).map((e) => e.action)).toEqual([
    'Re-assessed: near miss SEV2 provisional → near miss SEV2',
  ]);

  // The review of the quarter counts it: one near miss, SEV2, contained 40 minutes (to the minute
  // entered) after detection, no open action, nothing overdue, and a policy candidate.
  const minutes = Math.round((Date.parse(stored!.containment!.containedAt!) - detected) / 60_000);
  await showView(panel, 'Review');
  const figures = panel.getByRole('definition');
  const figure = (name: string) =>
    panel
      .getByLabel('Quarter figures')
      .locator('div')
      .filter({ has: panel.getByText(name, { exact: true }) });
  await expect(figure('Incidents').getByRole('definition')).toHaveText('0');
  await expect(figure('Near misses').getByRole('definition')).toHaveText('1');
  await expect(figure('Not assessed').getByRole('definition')).toHaveText('0');
  await expect(figure('Median detection → containment').getByRole('definition')).toHaveText(
    `${minutes} min (1 contained)`,
  );
  await expect(figure('Open corrective actions').getByRole('definition')).toHaveText('0 (in 0 records)');
  await expect(figure('Overdue now').getByRole('definition')).toHaveText('0');
  expect(await figures.count()).toBe(6);
  expect(await chartRow(panel, 'By severity', 'SEV2')).toEqual(['0', '1']);
  expect(await chartRow(panel, 'By workflow', 'CRM account summaries')).toEqual(['0', '1']);
  expect(await chartRow(panel, 'By root cause', 'Data')).toEqual(['0', '1']);
  await expect(panel.getByRole('list', { name: 'Open remediation' }).getByRole('listitem')).toHaveCount(0);
  const candidates = panel.getByRole('list', { name: 'Policy candidates' }).getByRole('listitem');
  await expect(candidates).toHaveCount(1);
  await expect(candidates.first()).toContainText('CRM account summaries · SEV2');
});
