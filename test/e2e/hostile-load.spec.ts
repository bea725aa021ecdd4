import type { BrowserContext, Page, Worker } from '@playwright/test';
import { flagByCommand, selectSubstring } from './capture-helpers';
import { expect, test } from './fixtures';
import { startTrace } from './trace';
import { uiView, type AnchoringView } from './ui-hooks';

const LONG_TASK_MS = 50;
const ORPHANS = 30;
const QUOTE = 'The assistant promised a full refund to the wrong customer without any receipt at all.';

/**
 * Stores `count` crafted records for the page of `model`: long quotes that are nowhere on the page,
 * as an imported file could hold. Written straight into the extension's database, copies of a real
 * record with other ids and quotes, so re-anchoring has to search for each of them and fail.
 */
async function craftOrphans(worker: Worker, modelId: string, count: number): Promise<void> {
  await worker.evaluate(
    async ({ modelId, count }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const store = () => db.transaction('incidents', 'readwrite').objectStore('incidents');
      const model = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const get = store().get(modelId);
        get.onsuccess = () => resolve(get.result as Record<string, unknown>);
        get.onerror = () => reject(get.error);
      });
      const words = 'zebra quantum lattice obsidian marmalade gondola saffron trapeze velvet nebula'.split(' ');
      const tx = db.transaction('incidents', 'readwrite');
      for (let i = 0; i < count; i++) {
        let exact = '';
        for (let w = 0; exact.length < 600; w++) exact += `${words[(i * 3 + w * 7) % words.length]} ${i} `;
        const evidence = structuredClone(model['evidence']) as { selectors: Array<Record<string, unknown>> };
        evidence.selectors = evidence.selectors.map((s) =>
          s.type === 'TextQuoteSelector'
            ? { ...s, exact, prefix: `${words[i % words.length]} before `, suffix: ` after ${i}` }
            : s.type === 'TextPositionSelector'
              ? { ...s, start: i * 150_000, end: i * 150_000 + exact.length }
              : s,
        );
        tx.objectStore('incidents').put({ ...model, id: crypto.randomUUID(), evidence });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { modelId, count },
  );
}

/** Long tasks, and long extension scripts where the browser attributes them, inside a time window. */
function longTasksIn(page: Page, from: number, to: number) {
  return page.evaluate(
    ({ from, to, limit }) => {
      const w = window as unknown as {
        __longTasks: Array<{ start: number; duration: number }>;
        __longScripts: Array<{ start: number; duration: number; source: string }>;
      };
      const inWindow = (e: { start: number; duration: number }) => e.start + e.duration > from && e.start < to;
      return {
        tasks: w.__longTasks.filter((e) => e.duration > limit && inWindow(e)),
        scripts: w.__longScripts.filter(
          (s) => s.duration > limit && s.source.startsWith('chrome-extension://') && inWindow(s),
        ),
      };
    },
    { from, to, limit: LONG_TASK_MS },
  );
}

/** Opens the 5 MB page, flags its answer, adds the orphans, starts a trace and reloads: anchoring starts. */
async function bigPageWithOrphans(context: BrowserContext, page: Page, worker: Worker, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready);
  expect(await page.evaluate(() => (window as unknown as { __textLength: number }).__textLength)).toBeGreaterThan(
    5_000_000,
  );
  await selectSubstring(page, '#answer', QUOTE);
  const record = await flagByCommand(page, worker);
  await craftOrphans(worker, String(record.id), ORPHANS);
  const trace = await startTrace(context, page);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready);
  return trace;
}

/**
 * The checks on a finished anchoring: every main-thread task during Flagline's passes used under
 * 50 ms of CPU, and the work was split into many tasks. Wall-time figures (Flagline's own longest
 * slice, the page's long-task observer) are attached to the report: on an idle machine they agree
 * with the CPU figures; on a loaded one they also count time the browser was not scheduled.
 */
async function expectNoLongTask(page: Page, trace: Awaited<ReturnType<typeof startTrace>>, view: AnchoringView) {
  const { passes, tasks } = await trace.tasksInPasses();
  const observed = await longTasksIn(page, view.from, view.to);
  test.info().annotations.push({
    type: 'timing',
    description: JSON.stringify({
      passes,
      tasks: tasks.length,
      maxCpuMs: Math.max(...tasks.map((t) => t.cpuMs)),
      maxGcMs: Math.max(...tasks.map((t) => t.gcMs)),
      maxWallMs: Math.max(...tasks.map((t) => t.wallMs)),
      ownLongestSliceMs: view.longestSliceMs,
      ownLongestStep: view.longestStep,
      longTasksObserved: observed.tasks.length,
      longExtensionScripts: observed.scripts.length,
    }),
  });
  expect(passes).toBeGreaterThan(0);
  expect(tasks.length).toBeGreaterThan(passes * 2);
  // Neither Flagline's script nor the style and layout work its highlights cost the page in the
  // frame that draws them is ever a long task (garbage collection during the script included).
  expect(tasks.filter((t) => t.cpuMs > LONG_TASK_MS)).toEqual([]);
}

/** Waits until the page has rendered a frame and run a task after it: the last pass's window is closed. */
async function afterNextFrame(page: Page): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  }
}

/**
 * Re-anchoring on a hostile page must never freeze the tab. Why the assertion is on CPU time: on a
 * shared two-CPU machine a task of 8 ms of work can take 100 ms of wall time, so the page's
 * long-task observer and Flagline's own slice accounting (both wall time) flag the machine, not
 * Flagline. The browser trace gives each main-thread task's CPU time, and Flagline's passes are
 * marked in it, so the check is both attributed (only tasks during a pass) and load-proof. The
 * wall-time figures are recorded next to it (see `expectNoLongTask`).
 */
test.describe('a hostile page cannot freeze the tab', () => {
  test.setTimeout(300_000);

  test('a 5 MB page with 30 orphaned records: no long task while re-anchoring', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    const trace = await bigPageWithOrphans(context, page, serviceWorker, `${demo.url}/hostile/big.html`);
    let view: AnchoringView | null = null;
    await expect
      .poll(
        async () => {
          view = await uiView(serviceWorker, page, 'anchoring');
          return !!view && view.passes > 0 && !view.running;
        },
        { timeout: 120_000 },
      )
      .toBe(true);
    expect((await uiView(serviceWorker, page, 'markers'))?.status).toBe('Flagline: 1 flagged here, 30 not found');
    await afterNextFrame(page);
    await expectNoLongTask(page, trace, view!);
  });

  test('a 5 MB page changing every 10 ms: no long task, and orphans are given up', async ({
    context,
    demo,
    serviceWorker,
  }) => {
    const page = await context.newPage();
    const trace = await bigPageWithOrphans(context, page, serviceWorker, `${demo.url}/hostile/big.html?mutate=1`);
    let view: AnchoringView | null = null;
    // The page never stops changing; Flagline retries the orphans a few times, then stops.
    await expect
      .poll(
        async () => {
          view = await uiView(serviceWorker, page, 'anchoring');
          return !!view && view.givenUp === ORPHANS && !view.running;
        },
        { timeout: 150_000 },
      )
      .toBe(true);
    const done = view!;
    expect(done.passes).toBeGreaterThan(1);
    await afterNextFrame(page);
    await expectNoLongTask(page, trace, done);
    expect((await uiView(serviceWorker, page, 'markers'))?.status).toBe('Flagline: 1 flagged here, 30 not found');
    // Given up means no more passes while the page keeps changing.
    const ticker = Number(await page.locator('#ticker').textContent());
    // (Timers of a page in the background are throttled: wait for real changes, not for time.)
    await expect
      .poll(async () => Number(await page.locator('#ticker').textContent()), { timeout: 60_000 })
      .toBeGreaterThan(ticker + 20);
    expect((await uiView(serviceWorker, page, 'anchoring'))?.passes).toBe(done.passes);
  });
});
