// Row 3: flag latency in Chromium with the built e2e extension, from the click on "Flag AI
// output" (or the keyboard command's handler) to the record committed in IndexedDB, on a small
// page and a 2 MB page. The click's time is taken in the page by a capture-phase listener, the
// commit's by a watcher polling a committed count from an extension page every millisecond; both
// read the browser's shared wall clock (time origin plus performance.now()).
import type { Page } from '@playwright/test';
import { launchWithExtension, poll, recordCount, watchForRecord, type ExtensionBrowser } from './lib/browser';
import { proseHtml, servePages } from './lib/pages';
import { uiView, type FlagButtonView } from '../test/e2e/ui-hooks';
import { median, percentile, row, type Row } from './lib/rows';

const SCREENSHOT_LABEL = 'Keep a screenshot of the visible tab with each flag';
const SMALL_BYTES = 4_000;
const LARGE_BYTES = 2_000_000;

/** Selects the generated page's quote, as a user's drag would. */
async function selectQuote(page: Page): Promise<void> {
  await page.evaluate(() => {
    const node = document.getElementById('q')!.firstChild!;
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.setBaseAndExtent(node, 0, node, node.textContent!.length);
  });
}

/** Lets the page finish what the last flag started (re-anchoring, highlights) before the next. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 2_000 })),
  );
}

/** Waits until the button is shown and takes clicks; returns where to click. */
async function readyButton(page: Page, ext: ExtensionBrowser) {
  let view: FlagButtonView | null = null;
  await poll(async () => {
    view = await uiView(ext.worker, page, 'flagButton');
    return Boolean(view?.shown && view.ready && view.rect);
  });
  return (view as FlagButtonView | null)!.rect!;
}

/** Clicks the button as a user would, taking the click's time in the page. */
async function clickButton(page: Page, ext: ExtensionBrowser): Promise<void> {
  const rect = await readyButton(page, ext);
  await page.evaluate(() => {
    window.addEventListener(
      'click',
      () =>
        ((globalThis as unknown as { benchClickAt: number }).benchClickAt = performance.timeOrigin + performance.now()),
      { capture: true, once: true },
    );
  });
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

/**
 * One flag with the floating button; returns ms from the click to the committed record. A click the
 * button refused because it had just moved (a late selection event placed it again after it was
 * ready) is made again, as a user would, and timed from the click that counted.
 */
async function flagByButton(page: Page, watcher: Page, ext: ExtensionBrowser): Promise<number> {
  // The button takes clicks only while the user can see it: the tab must be the one in front.
  await page.bringToFront();
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await selectQuote(page);
  const committed = await watchForRecord(watcher, await recordCount(watcher));
  await clickButton(page, ext);
  // The message line is empty from the moment the button was placed until the click is answered.
  let said = '';
  await poll(async () => (said = (await uiView(ext.worker, page, 'flagButton'))?.toast ?? '') !== '');
  if (said.includes('Click it again')) await clickButton(page, ext);
  else if (!said.startsWith('Flagged')) throw new Error(`no record after a click on the button; it says "${said}"`);
  const end = await committed();
  const start = await page.evaluate(() => (globalThis as unknown as { benchClickAt: number }).benchClickAt);
  return end - start;
}

/** One flag through the keyboard command's handler (the context menu's path, with activeTab's reach). */
async function flagByCommand(page: Page, watcher: Page, ext: ExtensionBrowser, shot?: { missing: number }) {
  await selectQuote(page);
  await page.bringToFront();
  const before = await recordCount(watcher);
  const committed = await watchForRecord(watcher, before);
  const start = await ext.worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    const hooks = (globalThis as unknown as { flaglineTest: { onCommand: (...a: unknown[]) => Promise<unknown> } })
      .flaglineTest;
    const at = performance.timeOrigin + performance.now();
    void hooks.onCommand('flag-selection', tab);
    return at;
  }, page.url());
  const end = await committed();
  if (shot && !(await lastHasScreenshot(watcher))) shot.missing += 1;
  return end - start;
}

/** Sets the options page's screenshot setting; it is saved to storage, then shown. */
async function setScreenshot(options: Page, on: boolean): Promise<void> {
  const box = options.getByLabel(SCREENSHOT_LABEL);
  if ((await box.isChecked()) !== on) await box.click();
  await poll(async () => (await box.isChecked()) === on);
}

/** Whether the newest record references a screenshot. */
function lastHasScreenshot(watcher: Page): Promise<boolean> {
  return watcher.evaluate(
    () =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('incidents').objectStore('incidents').getAll();
          request.onsuccess = () => {
            db.close();
            const records = request.result as Array<{ createdAt: string; evidence: { screenshot?: unknown } }>;
            records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
            resolve(!!records.at(-1)?.evidence.screenshot);
          };
          request.onerror = () => (db.close(), reject(request.error));
        };
      }),
  );
}

/**
 * A warm-up flag (it also opens the database and compiles the scripts), then `runs` timed ones,
 * each started at least `gapMs` after the one before: Chrome allows two screenshots a second.
 */
async function series(runs: number, once: () => Promise<number>, page: Page, gapMs = 0): Promise<number[]> {
  const samples: number[] = [];
  let last = 0;
  for (let i = 0; i <= runs; i++) {
    const wait = last + gapMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    last = Date.now();
    const ms = await once();
    if (i > 0) samples.push(ms);
    await settle(page);
  }
  return samples;
}

function latencyRow(what: string, samples: number[], goal: boolean, note?: string): Row {
  const mid = median(samples);
  return row({
    group: 3,
    what: `${what}: median of ${samples.length} (p95 ${percentile(samples, 95).toFixed(0)} ms)`,
    unit: 'ms',
    ours: mid,
    goal: goal ? { text: '< 50 ms', met: mid < 50 } : undefined,
    note: [`max ${Math.max(...samples).toFixed(1)} ms`, note].filter(Boolean).join('; '),
  });
}

/** Starts keeping the page's long tasks (Long Tasks API: 50 ms and more). */
function watchLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const kept: number[] = [];
    (globalThis as unknown as { benchLongTasks: number[] }).benchLongTasks = kept;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) kept.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/**
 * The longest task on the page while it was flagged: the page itself is static, so every task on
 * its main thread is the capture's, the button's, or the harness's few calls.
 */
async function longestTaskRow(page: Page, name: string, flags: number): Promise<Row> {
  await new Promise((resolve) => setTimeout(resolve, 200)); // Entries arrive after their task.
  const longest = await page.evaluate(() =>
    Math.max(0, ...(globalThis as unknown as { benchLongTasks: number[] }).benchLongTasks),
  );
  return row({
    group: 3,
    what: `flagging, ${name}: longest main-thread task in the page over ${flags} flags`,
    unit: 'ms',
    ours: longest || null,
    shown: longest ? undefined : '< 50 ms',
    note: 'Long Tasks API (wall time): all three paths above, warm-ups included',
  });
}

export async function flagRows(quick: boolean): Promise<Row[]> {
  const runs = quick ? 1 : 20;
  const server = await servePages({ '/small.html': proseHtml(SMALL_BYTES), '/large.html': proseHtml(LARGE_BYTES) });
  // The `<all_urls>` copy lets the command path take its screenshot (see launchWithExtension).
  const ext = await launchWithExtension({ allUrls: true });
  const out: Row[] = [];
  try {
    const watcher = await ext.openExtensionPage('options.html');
    const pages = [
      ['small page', '/small.html'],
      ['2 MB page', '/large.html'],
    ] as const;
    // A quick run checks that every path works: the small page is enough for that.
    for (const [name, path] of quick ? pages.slice(0, 1) : pages) {
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}${path}`);
      await watchLongTasks(page);
      const button = await series(runs, () => flagByButton(page, watcher, ext), page);
      out.push(latencyRow(`flag by button, ${name}, no screenshot`, button, true));
      await setScreenshot(watcher, false);
      const off = await series(runs, () => flagByCommand(page, watcher, ext), page);
      out.push(latencyRow(`flag by shortcut, ${name}, screenshot off`, off, true));
      await setScreenshot(watcher, true);
      const shot = { missing: 0 };
      const on = await series(runs, () => flagByCommand(page, watcher, ext, shot), page, 1_100);
      const refused = shot.missing
        ? `${shot.missing} of ${runs + 1} records have NO screenshot: Chrome refused it`
        : '';
      out.push(latencyRow(`flag by shortcut, ${name}, screenshot on`, on, false, refused));
      out.push(await longestTaskRow(page, name, (runs + 1) * 3));
      await page.close();
    }
  } finally {
    await ext.close();
    await server.close();
  }
  return out;
}
