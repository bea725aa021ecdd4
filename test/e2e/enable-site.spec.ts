import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { readRecords, selectText } from './helpers';
import { clickFlagButton, readyFlagButton, uiView } from './ui-hooks';

/**
 * A site the e2e build holds host access for (`*.localhost`, which Chromium resolves to this
 * machine) but does not treat as enabled: its pages get no flag button until a user enables it,
 * and enabling it asks for a permission that is already granted, so no prompt appears.
 */
function otherSite(demoUrl: string): { origin: string; url: string } {
  const demo = new URL(demoUrl);
  const origin = `http://flagline-site.localhost`;
  return { origin, url: `${origin}:${demo.port}/crm.html` };
}

/** How many live copies of the flag script each frame of the page's tab runs, and its hosts on `<html>`. */
async function flagScripts(worker: Worker, page: Page): Promise<{ live: boolean[]; hosts: number }> {
  const live = await worker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    const frames = await chrome.scripting.executeScript({
      target: { tabId: tab!.id!, allFrames: true },
      func: () => {
        const ctx = (globalThis as Record<symbol, { isValid?: boolean } | undefined>)[
          Symbol.for('flagline.flag-script')
        ];
        return ctx?.isValid === true;
      },
    });
    return frames.map((frame) => frame.result === true);
  }, page.url());
  const hosts = await page.evaluate(() => document.documentElement.querySelectorAll(':scope > div').length);
  return { live, hosts };
}

test('enabling a site puts the flag button into its already-open tab, without a reload', async ({
  context,
  demo,
  serviceWorker,
  openExtensionPage,
}) => {
  const site = otherSite(demo.url);
  const page = await context.newPage();
  await page.goto(site.url);
  await expect(page.getByTestId('faulty-sentence')).toBeVisible();
  // Not enabled: the page has loaded and runs no flag script.
  expect((await flagScripts(serviceWorker, page)).live).toEqual([false]);
  expect(await uiView(serviceWorker, page, 'flagButton')).toBeNull();
  let loads = 0;
  page.on('load', () => loads++);

  const options = await openExtensionPage('options.html');
  const sites = options.getByRole('region', { name: 'Enabled sites' });
  await sites.getByLabel('Site address').fill(site.origin);
  await sites.getByRole('button', { name: 'Enable site' }).click();
  await expect(sites.getByRole('list', { name: 'Enabled sites' })).toContainText(site.origin);
  await expect(sites.getByRole('status')).toContainText(`Enabled ${site.origin}.`);

  // The open tab gets the script at once: one live copy, and the button flags the selection.
  await expect.poll(async () => (await flagScripts(serviceWorker, page)).live).toEqual([true]);
  await page.bringToFront();
  await selectText(page, '[data-testid="faulty-sentence"]');
  await readyFlagButton(serviceWorker, page);
  // One button host on the page (flagging adds the highlights' own host afterwards).
  expect((await flagScripts(serviceWorker, page)).hosts).toBe(1);
  expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
  await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
  expect((await readRecords(serviceWorker))[0]!.evidence.page.url).toBe(site.url);
  expect(loads).toBe(0);

  // Enabling another site does not put a second copy into this tab.
  await options.bringToFront();
  await sites.getByLabel('Site address').fill('http://another.localhost');
  await sites.getByRole('button', { name: 'Enable site' }).click();
  await expect(sites.getByRole('status')).toContainText('Enabled http://another.localhost.');
  await expect
    .poll(() => serviceWorker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts())[0]?.matches))
    .toContain('http://another.localhost/*');
  expect((await flagScripts(serviceWorker, page)).live).toEqual([true]);

  // Removing the site says what happens to its open pages.
  await sites.getByRole('button', { name: `Remove ${site.origin}` }).click();
  await expect(sites.getByRole('status')).toContainText('keep the flag button until they are reloaded');
});

test('a second copy of the flag script in a frame takes over from the first: one button, never two', async ({
  context,
  demo,
  serviceWorker,
}) => {
  const page = await context.newPage();
  await page.goto(`${demo.url}/crm.html`);
  await expect.poll(async () => (await flagScripts(serviceWorker, page)).live).toEqual([true]);
  await serviceWorker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['/content-scripts/flag.js'] });
  }, page.url());
  await selectText(page, '[data-testid="faulty-sentence"]');
  await readyFlagButton(serviceWorker, page);
  expect(await flagScripts(serviceWorker, page)).toEqual({ live: [true], hosts: 1 });
  expect(await clickFlagButton(serviceWorker, page)).toContain('Flagged');
  await expect.poll(async () => (await readRecords(serviceWorker)).length).toBe(1);
});
