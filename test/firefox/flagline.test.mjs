// The Firefox build in Firefox ESR: flag → record → sidebar page, the assessment, and sync to the
// reference receiver. One browser for the file: each step builds on the record the one before made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  FAULTY_SENTENCE,
  clickFlagButton,
  press,
  REVIEWER_TOKEN,
  SECRET,
  TOKEN,
  WAIT,
  eventually,
  readRecords,
  selectText,
  showExtensionPage,
  startFirefox,
  typeInto,
  waitForText,
} from './harness.mjs';

describe('Flagline in Firefox', () => {
  let firefox;
  before(async () => {
    firefox = await startFirefox();
  });
  after(async () => {
    await firefox?.close();
  });

  it('the floating button flags the selection; the record is stored and the sidebar page shows it', async () => {
    const { browser, demo, extensionPage } = firefox;
    const page = await browser.newPage();
    await page.goto(`${demo.url}/crm.html`);
    // The button's content script is registered at start-up; a selection shows it.
    await selectText(page, '[data-testid="faulty-sentence"]');
    const toast = await clickFlagButton(extensionPage, page);
    assert.match(toast, /Flagged/);

    const [record] = await eventually(
      () => readRecords(extensionPage),
      (rows) => rows.length === 1,
      'one record',
    );
    const quote = record.evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
    assert.equal(quote.exact, FAULTY_SENTENCE);
    assert.equal(record.evidence.page.url, `${demo.url}/crm.html`);
    assert.equal(record.evidence.trigger, 'button');
    assert.match(record.evidence.hash.value, /^[0-9a-f]{64}$/);
    assert.equal(record.revision, 1);
    await page.close();

    await showExtensionPage(extensionPage, 'sidepanel.html');
    await extensionPage.waitForSelector('blockquote[aria-label="Flagged output"]', WAIT);
    await waitForText(extensionPage, FAULTY_SENTENCE);
  });

  it('the assessment saves the draft as a reported incident', async () => {
    const { extensionPage: panel } = firefox;
    // The questions sit under the optional "Assess now"; a quick report needs only what is wrong.
    await panel.waitForSelector('summary::-p-text(Assess now)', WAIT);
    await panel.click('summary::-p-text(Assess now)');
    await panel.waitForSelector('input[type="radio"][value="no"]', WAIT);
    for (const radio of await panel.$$('input[type="radio"][value="no"]')) await radio.click();
    await press(panel, 'button::-p-text(New workflow)');
    await typeInto(panel, '#new-workflow-name', 'CRM account summaries');
    await typeInto(panel, '#new-workflow-owner', 'Dana Reyes');
    await typeInto(panel, '#new-workflow-fallbackProcess', 'Account manager writes the summary by hand');
    await press(panel, 'button::-p-text(Save workflow)');
    await typeInto(panel, '#what-is-wrong', 'The draft summary names another customer.');
    await press(panel, 'button::-p-text(Submit)');
    await panel.waitForSelector('ol[aria-label="Response steps"]', WAIT);

    const [record] = await eventually(
      () => readRecords(panel),
      (rows) => rows.length === 1 && rows[0].status !== 'draft',
      'the assessed record',
    );
    assert.equal(record.status, 'reported');
    assert.equal(record.whatHappened, 'The draft summary names another customer.');
    assert.equal(record.workflow.name, 'CRM account summaries');
    assert.ok(record.assessment.class, 'the assessment has a class');
    assert.ok(record.revision >= 2);
  });

  it('"Sync now" sends the record to the reference receiver', async () => {
    const { extensionPage: options, receiver } = firefox;
    await showExtensionPage(options, 'options.html');
    await options.waitForSelector('#sync-endpoint', WAIT);
    await typeInto(options, '#sync-endpoint', `${receiver.url}/v1/batches`);
    await typeInto(options, '#sync-token', TOKEN);
    await typeInto(options, '#sync-secret', SECRET);
    // A real click: the permission request needs the user's gesture.
    await options.click('button::-p-text(Save sync settings)');
    await waitForText(options, 'Saved.');
    await options.click('button::-p-text(Sync now)');
    await waitForText(options, 'Synced.');

    const [record] = await readRecords(options);
    const rows = await eventually(
      async () => {
        const response = await fetch(`${receiver.url}/v1/records/${record.id}`, {
          headers: { authorization: `Bearer ${REVIEWER_TOKEN}` },
        });
        return response.ok ? (await response.json()).rows : [];
      },
      (found) => found.some((row) => row.revision === record.revision),
      'the receiver to hold the latest revision',
    );
    assert.deepEqual(
      rows.map((row) => row.revision).sort((a, b) => a - b),
      Array.from({ length: record.revision }, (_, index) => index + 1),
    );
  });
});
