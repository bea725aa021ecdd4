/* global chrome, document, window -- code passed to evaluate() runs in the browser */
// Regenerates the README's screenshots of the real side panel (`npm run screenshot`, after
// `npm run build:e2e`): it walks each user's journey through the UI, counts the clicks it takes,
// and writes docs/screenshots/*.png at 400 px wide in the light scheme.
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer } from './demo-server.mjs';
import { ROOT, findChromium } from './lib/setup.mjs';

const extension = path.join(ROOT, '.output', 'chrome-mv3-e2e');
const shots = path.join(ROOT, 'docs', 'screenshots');
const WIDTH = 400;

/** The article's worked example: a near miss that could have been SEV2. */
const NEAR_MISS = [
  ['Did the output leave the company', 'No'],
  ['Did the workflow expose confidential', 'Yes'],
  ['Did the AI take an action', 'No'],
  ['Did a human reviewer approve', 'No'],
  ['Could the same issue affect additional', 'Yes'],
  ['Is it caused by a recent', 'Yes'],
  ['Could it create a notification', 'Unsure'],
  ['Was the output acted upon?', 'No'],
];

/** An answer that left the company and was acted upon: an incident. */
const INCIDENT = [
  ['Did the output leave the company', 'Yes'],
  ['Did the workflow expose confidential', 'No'],
  ['Did the AI take an action', 'No'],
  ['Did a human reviewer approve', 'Yes'],
  ['Could the same issue affect additional', 'Yes'],
  ['Is it caused by a recent', 'No'],
  ['Could it create a notification', 'Yes'],
  ['Was the output acted upon?', 'Yes'],
];

/** Waits until `check` returns something truthy, and returns it. */
async function until(check, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clicks made in one journey, counted as a user would make them. */
class Clicks {
  count = 0;
  async click(locator) {
    this.count += 1;
    await locator.click();
  }
  /** A click into a text box, then typing. */
  async type(locator, text) {
    await this.click(locator);
    await locator.pressSequentially(text);
  }
  async answer(panel, answers) {
    for (const [question, option] of answers) {
      const group = panel.getByRole('radiogroup', { name: new RegExp(`^${question.replace('?', '\\?')}`) });
      await this.click(group.getByRole('radio', { name: option, exact: true }));
    }
  }
}

/** The page UI's e2e view of the flag button (lib/page/ui/test-hook.ts), read through the worker. */
function flagButtonView(worker, page) {
  return worker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    if (tab?.id === undefined) return null;
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: tab.id, frameIds: [0] },
      func: () => globalThis[Symbol.for('flagline.e2e')]?.flagButton?.() ?? null,
    });
    return result?.result ?? null;
  }, page.url());
}

/** Selects an element's text as a drag would; the selection is not counted as a click. */
async function select(page, selector) {
  await page.locator(selector).first().waitFor();
  await page.evaluate((css) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(css));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }, selector);
}

/** Selects, then clicks the page's "Flag AI output" button with the real mouse. */
async function flag(clicks, worker, page, url, selector) {
  await page.bringToFront();
  await page.goto(url);
  await select(page, selector);
  const view = await until(async () => {
    const v = await flagButtonView(worker, page);
    return v?.shown && v.ready && v;
  }, 'the flag button');
  clicks.count += 1;
  const { x, y, width, height } = view.rect;
  await page.mouse.click(x + width / 2, y + height / 2);
  const toast = await until(async () => (await flagButtonView(worker, page))?.toast, 'the flag message');
  if (!toast.includes('Flagged')) throw new Error(`The flag failed: ${toast}`);
}

/** Opens the side panel as a 400 px tab, showing the newest draft. */
async function openPanel(context, id) {
  const panel = await context.newPage();
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.setViewportSize({ width: WIDTH, height: 900 });
  await panel.goto(`chrome-extension://${id}/sidepanel.html`);
  return panel;
}

/**
 * Opens the side panel on the newest flag. The real panel opens on it when the flag is made; a
 * panel opened afterwards as a tab keeps the record it showed last, so open the newest row.
 */
async function openPanelOnNewest(context, id) {
  const panel = await openPanel(context, id);
  await panel.getByRole('list', { name: 'Saved records' }).getByRole('button').first().click();
  await panel.getByLabel('What is wrong?').waitFor();
  return panel;
}

async function shoot(panel, name, { height = 900, top = 0 } = {}) {
  await panel.setViewportSize({ width: WIDTH, height });
  await panel.evaluate((y) => window.scrollTo(0, y), top);
  // Nothing half-loaded: no "Loading…" line anywhere in the panel.
  await until(async () => (await panel.getByText(/^Loading/).count()) === 0, 'the panel to load');
  await panel.screenshot({ path: path.join(shots, `${name}.png`) });
  console.log(`Wrote docs/screenshots/${name}.png`);
}

/** Tells the extension who reports, as a user does once in the settings. */
async function setReporter(context, id) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await options.getByLabel('Name', { exact: true }).fill('Sam Okafor');
  await options.getByLabel('Email', { exact: true }).fill('sam.okafor@example.com');
  await options.getByRole('button', { name: 'Save reporter' }).click();
  await options.getByText(/saved/i).first().waitFor();
  await options.close();
}

async function launch() {
  const profile = mkdtempSync(path.join(tmpdir(), 'flagline-shot-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium() ?? undefined,
    headless: true,
    colorScheme: 'light',
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--disable-background-networking',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await until(
    () => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length),
    'the flag button script',
  );
  return { profile, context, worker, id: new URL(worker.url()).host };
}

/** The account manager: select, "Flag AI output", say what is wrong, Submit; the first two shots. */
async function accountManager({ context, worker, id }, demo, page) {
  const clicks = new Clicks();
  await flag(clicks, worker, page, `${demo.url}/crm.html`, '[data-testid="faulty-sentence"]');
  const panel = await openPanel(context, id);
  await panel.getByRole('blockquote', { name: 'Flagged output' }).waitFor();
  await shoot(panel, 'first-view-after-flag');
  await clicks.type(panel.getByLabel('What is wrong?'), 'The summary names another customer, Contoso Pharma.');
  const flagClicks = clicks.count + 1;
  // The same flag, assessed now as the article's near miss before it is submitted.
  await clicks.click(panel.getByText('Assess now (optional)'));
  await clicks.answer(panel, NEAR_MISS);
  await clicks.click(panel.getByRole('button', { name: 'Submit' }));
  await panel.getByRole('heading', { name: 'Assessment', exact: true }).waitFor();
  await panel.getByText('Near miss · could have been SEV2').first().waitFor();
  await panel.getByText('Why?', { exact: true }).click();
  await panel.getByRole('list', { name: 'Why' }).waitFor();
  await shoot(panel, 'near-miss-assessed', { height: 1100 });
  // Its routing: who must be told and by when, and what to contain.
  const routing = panel.getByRole('region', { name: 'Escalate within 4 hours (SEV2)' });
  await routing.getByTestId('due-line').waitFor();
  await panel.setViewportSize({ width: WIDTH, height: 1000 });
  const top = await routing.evaluate((el) => el.getBoundingClientRect().top + window.scrollY - 8);
  await shoot(panel, 'routing-due', { height: 1000, top });
  await panel.close();
  return { flag: flagClicks, flagAndAssess: clicks.count };
}

/** More flags left for later: the reviewer opens one from "Needs assessment" and assesses it. */
async function reviewerLater({ context, worker, id }, demo, page) {
  const quick = new Clicks();
  await flag(quick, worker, page, `${demo.url}/crm.html`, '.ai-draft-body p');
  let panel = await openPanelOnNewest(context, id);
  await quick.type(panel.getByLabel('What is wrong?'), 'The renewal date in the summary is a year off.');
  await quick.click(panel.getByRole('button', { name: 'Submit' }));
  await panel.getByRole('heading', { name: 'Assessment', exact: true }).waitFor();
  await panel.close();
  await flag(quick, worker, page, `${demo.url}/chat.html`, '[data-testid="faulty-claim"]');
  panel = await openPanelOnNewest(context, id);
  await quick.type(panel.getByLabel('What is wrong?'), 'The refund window is 30 days, not 180.');
  await quick.click(panel.getByRole('button', { name: 'Submit' }));
  await panel.getByRole('heading', { name: 'Assessment', exact: true }).waitFor();

  const clicks = new Clicks();
  const waiting = panel.getByRole('list', { name: 'Needs assessment' });
  await clicks.click(waiting.getByRole('button', { name: /refund/ }).first());
  await clicks.click(panel.getByRole('button', { name: 'Assess', exact: true }));
  await clicks.answer(panel, INCIDENT);
  await clicks.click(panel.getByRole('button', { name: 'Save assessment' }));
  await panel.getByRole('button', { name: 'Change assessment' }).waitFor();
  await panel.close();
  return { assessLater: clicks.count };
}

/** The reviewer's near miss without a selection, from "New report" in the panel. */
async function reviewerNearMiss({ context, id }, demo, page) {
  await page.goto(`${demo.url}/chat.html`);
  await page.bringToFront();
  const panel = await openPanel(context, id);
  const clicks = new Clicks();
  await clicks.click(panel.getByRole('button', { name: 'New report' }));
  await clicks.type(
    panel.getByLabel('AI output'),
    'The assistant told a caller the warranty covers accidental damage.',
  );
  await clicks.type(panel.getByLabel('What happened'), 'Caught on the call; corrected before the customer acted.');
  await clicks.click(panel.getByText('This is a near miss I caught', { exact: false }));
  await clicks.click(panel.getByRole('button', { name: 'Create draft' }));
  await panel.getByRole('blockquote', { name: 'Flagged output' }).waitFor();
  await clicks.click(panel.getByRole('button', { name: 'Submit' }));
  await panel.getByRole('heading', { name: 'Assessment', exact: true }).waitFor();
  return { panel, nearMiss: clicks.count };
}

/** Clicks a download button and waits for the file; returns its name. */
async function download(clicks, panel, name) {
  const [file] = await Promise.all([
    panel.waitForEvent('download'),
    clicks.click(panel.getByRole('button', { name, exact: true })),
  ]);
  return file.suggestedFilename();
}

/** The governance team's views: the log, its export of every record, the review of this quarter. */
async function governance(panel) {
  const views = panel.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: 'Log', exact: true }).click();
  await panel.getByText(/^Showing 4 of 4 records$/).waitFor();
  await shoot(panel, 'log', { height: 1000 });
  const exportAll = new Clicks();
  console.log('Log export:', await download(exportAll, panel, 'Export JSON'));
  await views.getByRole('button', { name: 'Review', exact: true }).click();
  await panel.getByLabel('Quarter (UTC)').waitFor();
  await shoot(panel, 'review', { height: 1000 });
  const reviewCsv = new Clicks();
  console.log('Review export:', await download(reviewCsv, panel, 'Export review CSV'));
  return { exportAll: exportAll.count, reviewCsv: reviewCsv.count };
}

mkdirSync(shots, { recursive: true });
const demo = await startDemoServer({ port: 0 });
const browser = await launch();
try {
  await setReporter(browser.context, browser.id);
  const page = await browser.context.newPage();
  const counts = {
    ...(await accountManager(browser, demo, page)),
    ...(await reviewerLater(browser, demo, page)),
  };
  const { panel, nearMiss } = await reviewerNearMiss(browser, demo, page);
  const exports = await governance(panel);
  console.log('Clicks per journey:', JSON.stringify({ ...counts, nearMiss, ...exports }));
} finally {
  await browser.context.close();
  await demo.close();
  rmSync(browser.profile, { recursive: true, force: true });
}
