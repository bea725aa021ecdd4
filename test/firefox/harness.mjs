// Firefox browser tests: the Firefox e2e build in Firefox ESR, driven over WebDriver BiDi.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../../scripts/demo-server.mjs';
import { spawnReceiver } from '../../scripts/lib/receiver.mjs';

export const ADDON_PATH = path.resolve('.output/firefox-mv2-e2e');
export const ADDON_ID = 'flagline@flagline.dev';
/** Fixed with `extensions.webextensions.uuids`, so the tests know the add-on's moz-extension:// origin. */
export const ADDON_UUID = '3f1d7a52-6c1e-4d1b-9a57-0f5a3c2b8e11';
export const ORIGIN = `moz-extension://${ADDON_UUID}`;
export const FAULTY_SENTENCE =
  'Their renewal is at risk because Contoso Pharma reported the same data-quality issue last quarter.';
export const TOKEN = 'ff-token-6d2e';
/** The team's reviewer, who reads what the add-on sent; the add-on's own token is a reporter's. */
export const REVIEWER_TOKEN = 'ff-reviewer-81a4';
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** A loaded two-CPU machine starts Firefox and PGlite slowly; waits end on the condition, not on time. */
export const WAIT = { timeout: 90_000, polling: 200 };

/**
 * Launches headless Firefox with the add-on installed, the demo pages and the reference receiver.
 * BiDi refuses to navigate to moz-extension:// URLs, so the e2e build opens its options page on
 * install, and the tests reach every extension page from that tab by navigating it from inside.
 */
export async function startFirefox() {
  const profile = mkdtempSync(path.join(tmpdir(), 'flagline-ff-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    protocolTimeout: 180_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    },
  });
  const demo = await startDemoServer({ port: 0 });
  const receiver = await spawnReceiver({
    RECEIVER_PORT: '0',
    RECEIVER_TOKENS: `${TOKEN},reviewer:${REVIEWER_TOKEN}`,
    RECEIVER_SIGNING_SECRET: SECRET,
    RECEIVER_DATA_DIR: 'memory://',
  });
  await browser.installExtension(ADDON_PATH);
  const extensionPage = await waitForExtensionPage(browser);
  return {
    browser,
    demo,
    receiver,
    extensionPage,
    async close() {
      await browser.close().catch(() => undefined);
      await demo.close();
      receiver.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function waitForExtensionPage(browser) {
  const deadline = Date.now() + WAIT.timeout;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      // Puppeteer reports the tab's URL late; the document itself knows where it is.
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(ORIGIN)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('The add-on did not open its options page after install.');
}

/** Navigates an extension tab to another page of the add-on, from inside (BiDi may not). */
export async function showExtensionPage(page, file) {
  await page.evaluate((url) => location.assign(url), `${ORIGIN}/${file}`);
  await page.waitForFunction(
    (name) => location.pathname === `/${name}` && document.readyState === 'complete',
    WAIT,
    file,
  );
}

/** Every record in the add-on's IndexedDB, read from one of its pages. */
export function readRecords(extensionPage) {
  return extensionPage.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('flagline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('incidents').objectStore('incidents').getAll();
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Polls until `read` gives a value `accept` takes, or fails with the last value. */
export async function eventually(read, accept, what) {
  const deadline = Date.now() + WAIT.timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, WAIT.polling));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** Waits until the page's text contains `text`. */
export function waitForText(page, text) {
  return page.waitForFunction((wanted) => Boolean(document.body?.textContent?.includes(wanted)), WAIT, text);
}

/**
 * Reads one of the e2e views of Flagline's page UI (see lib/page/ui/test-hook.ts) in the top frame
 * of the tab showing `url`. The UI lives in closed shadow roots no page script can reach, so an
 * extension page asks the content script's own world through `scripting.executeScript`.
 */
/* global browser -- the add-on's own API, inside its extension page */
export function uiView(extensionPage, url, name) {
  return extensionPage.evaluate(
    async (wanted, view) => {
      const tabs = await browser.tabs.query({});
      const tab = tabs.find((t) => t.url === wanted);
      if (tab?.id === undefined) return null;
      const [result] = await browser.scripting.executeScript({
        target: { tabId: tab.id, frameIds: [0] },
        args: [view],
        func: (viewName) => globalThis[Symbol.for('flagline.e2e')]?.[viewName]?.() ?? null,
      });
      return result?.result ?? null;
    },
    url,
    name,
  );
}

/** Clicks the flag button with the real mouse once it is ready; returns the message it then shows. */
export async function clickFlagButton(extensionPage, page) {
  const url = page.url();
  const view = await eventually(
    () => uiView(extensionPage, url, 'flagButton'),
    (found) => Boolean(found?.shown && found.ready && found.rect),
    'the flag button to be ready',
  );
  const { x, y, width, height } = view.rect;
  await page.mouse.click(x + width / 2, y + height / 2);
  const after = await eventually(
    () => uiView(extensionPage, url, 'flagButton'),
    (found) => Boolean(found?.toast),
    'the flag button to report the flag',
  );
  return after.toast;
}

/** Selects the whole text of an element, as a user's drag would. */
export function selectText(page, selector) {
  return page.$eval(selector, (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  });
}

/** Replaces a field's value by typing, as a person would. */
export async function typeInto(page, selector, text) {
  await page.click(selector, { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type(selector, text);
}

/**
 * Clicks a button in an extension page as a user would after scrolling it into the middle of the
 * view: never at the bottom edge, where the panel's sticky action bar stands.
 */
export async function press(page, selector) {
  const button = await page.waitForSelector(selector, WAIT);
  await button.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await button.click();
}
