import { expect, type Page, type Worker } from '@playwright/test';
import { clickFlagButton } from './ui-hooks';

export const FAULTY_SENTENCE =
  'Their renewal is at risk because Contoso Pharma reported the same data-quality issue last quarter.';

/** The eight questions as the side panel asks them, by answer key. */
export const QUESTIONS = {
  leftCompany: 'Did the output leave the company, or reach a customer, employee, vendor, lender or investor?',
  exposedData: 'Did the workflow expose confidential, regulated, personal or proprietary information?',
  tookAction: 'Did the AI take an action (send, change a record, approve, pay) rather than only draft?',
  reviewerApproved: 'Did a human reviewer approve an output that should have been rejected?',
  couldSpread: 'Could the same issue affect additional records or users?',
  recentChange: 'Is it caused by a recent model, prompt, permission, data or integration change?',
  obligation: 'Could it create a notification, contractual, insurance or legal obligation?',
  actedUpon: 'Was the output acted upon?',
} as const;

/** Answers one question in the side panel. */
export async function answer(panel: Page, key: keyof typeof QUESTIONS, option: 'Yes' | 'No' | 'Unsure') {
  await panel
    .getByRole('radiogroup', { name: QUESTIONS[key] })
    .getByRole('radio', { name: option, exact: true })
    .check();
}

/** Registers the demo CRM workflow from the panel's picker, as a first-time reporter does. */
export async function addDemoWorkflow(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'New workflow' }).click();
  await panel.getByLabel('Workflow name').fill('CRM account summaries');
  await panel.getByLabel('Accountable owner').fill('Dana Reyes');
  await panel.getByLabel('Fallback process', { exact: true }).fill('Account manager writes the summary by hand');
  await panel.getByRole('button', { name: 'Save workflow' }).click();
}

/** Selects the whole text of the first element matching `selector`, as a user's drag would. */
export async function selectText(page: Page, selector: string): Promise<void> {
  await page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const first = walker.nextNode();
      let last = first;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node;
      if (!first || !last) throw new Error('element has no text');
      const range = document.createRange();
      const lead = first.textContent!.length - first.textContent!.trimStart().length;
      const trail = last.textContent!.length - last.textContent!.trimEnd().length;
      range.setStart(first, lead);
      range.setEnd(last, last.textContent!.length - trail);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    });
}

export interface StoredRecord {
  id: string;
  revision: number;
  status: string;
  evidence: {
    output: string;
    trigger: string;
    selectors: Array<{ type: string; exact?: string; prefix?: string; suffix?: string }>;
    page: { url: string; title: string; capturedAt: string };
    hash: { algorithm: string; value: string };
    containerText?: string;
  };
  history: Array<{ action: string; revision: number; at: string }>;
  [key: string]: unknown;
}

/** Reads every record straight from the extension's IndexedDB, from any extension context. */
export async function readRecords(target: Page | Worker): Promise<StoredRecord[]> {
  // Page and Worker share this evaluate signature; TypeScript cannot call a union of overloads.
  return (target as Worker).evaluate(
    () =>
      new Promise<StoredRecord[]>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        let missing = false;
        // Reading must not create the database: that would race the extension's own upgrade.
        open.onupgradeneeded = () => {
          missing = true;
          open.transaction?.abort();
        };
        open.onerror = () => (missing ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('incidents')) {
            db.close();
            return resolve([]);
          }
          const request = db.transaction('incidents').objectStore('incidents').getAll();
          request.onsuccess = () => {
            resolve(request.result as StoredRecord[]);
            db.close();
          };
          request.onerror = () => {
            reject(request.error);
            db.close();
          };
        };
      }),
  );
}

/** Flags the faulty sentence of the demo CRM page with the floating button and waits for the record. */
export async function flagDemoSentence(page: Page, demoUrl: string, worker: Worker): Promise<void> {
  const before = (await readRecords(worker)).length;
  await page.goto(`${demoUrl}/crm.html`);
  await selectText(page, '[data-testid="faulty-sentence"]');
  expect(await clickFlagButton(worker, page)).toContain('Flagged');
  await expect.poll(async () => (await readRecords(worker)).length).toBe(before + 1);
}

/** Saves the draft open in the side panel as a report, registering a workflow in place. */
export async function saveDraftAsReport(panel: Page): Promise<void> {
  await panel.getByText('Assess now (optional)').click();
  for (const group of await panel.getByRole('radiogroup').all()) {
    await group.getByRole('radio', { name: 'No', exact: true }).check();
  }
  await addDemoWorkflow(panel);
  await panel.getByLabel('What is wrong?').fill('The draft summary names another customer.');
  await panel.getByRole('button', { name: 'Submit' }).click();
  await expect(panel.getByRole('list', { name: 'Response steps' })).toBeVisible();
}
