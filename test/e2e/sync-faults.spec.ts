import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

const RECORDS = 1_000;
const SEED = 20_260_101;
/** The acceptance bound for the whole queue; polling ends as soon as it is met. */
const DRAIN_MS = 5 * 60_000;

/** A valid record revision (docs/incident-model.md), as the extension would have queued it. */
function record(i: number, at: string) {
  const id = `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  return {
    schemaVersion: 1,
    id,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    status: 'draft',
    timeline: { detectedAt: at },
    reporter: { name: 'Ada' },
    evidence: {
      output: `Faulty output ${i}`,
      source: 'selection',
      trigger: 'button',
      selectors: [{ type: 'TextQuoteSelector', exact: `Faulty output ${i}`, prefix: '', suffix: '' }],
      page: { url: 'https://crm.example.com/a', title: 'Account', capturedAt: at },
      hash: { algorithm: 'SHA-256', value: 'a'.repeat(64) },
    },
    history: [{ at, by: 'Ada', revision: 1, action: 'Flagged (button)' }],
  };
}

/** Writes records and their outbox entries straight into the extension's IndexedDB, in one transaction. */
async function seed(worker: Worker, records: ReturnType<typeof record>[]) {
  await worker.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['incidents', 'outbox'], 'readwrite');
          rows.forEach((row, i) => {
            tx.objectStore('incidents').put(row);
            const createdAt = new Date(Date.parse(row.createdAt) + i).toISOString();
            tx.objectStore('outbox').put({
              key: `${row.id}:1`,
              id: row.id,
              revision: 1,
              record: row,
              state: 'queued',
              attempts: 0,
              nextAttemptAt: Date.now(),
              createdAt,
            });
          });
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    records,
  );
}

/** Records with a revision not yet acknowledged, read from an extension page. */
function unsynced(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('flagline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('outbox').objectStore('outbox').index('id').getAllKeys();
          request.onsuccess = () => {
            // getAllKeys on an index gives primary keys; one record, one id before the colon.
            resolve(new Set((request.result as string[]).map((key) => key.split(':')[0])).size);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** The side panel's "N records are waiting to sync", or 0 when it shows none. */
async function shownWaiting(panel: Page): Promise<number> {
  const line = panel.getByTestId('sync-waiting');
  if (!(await line.count())) return 0;
  return Number((await line.textContent())?.match(/^(\d+)/)?.[1] ?? NaN);
}

/** Compares what the side panel shows with what is queued, until they agree. */
async function expectPanelMatchesQueue(panel: Page) {
  await expect
    .poll(async () => {
      const [shown, queued] = [await shownWaiting(panel), await unsynced(panel)];
      return shown === queued ? 'match' : `panel ${shown}, queued ${queued}`;
    })
    .toBe('match');
}

/** Stops the extension's service worker as Chrome does when it is idle or killed. */
async function stopServiceWorker(page: Page, extensionId: string) {
  const cdp = await page.context().newCDPSession(page);
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: list }) => {
    for (const v of list) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...versions.values()].some((v) => v.scriptURL.includes(extensionId))).toBe(true);
  for (const [versionId, v] of versions) {
    if (v.scriptURL.includes(extensionId) && v.runningStatus === 'running') {
      await cdp.send('ServiceWorker.stopWorker', { versionId });
    }
  }
  await cdp.detach();
}

let proxy: FaultProxy | undefined;
test.afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

test('1,000 records reach the receiver exactly once through faults and a stopped service worker', async ({
  serviceWorker,
  extensionId,
  openExtensionPage,
}) => {
  test.setTimeout(DRAIN_MS + 3 * 60_000);
  proxy = await startFaultProxy({ serverError: 0.1, resetBefore: 0.05, lostAck: 0.05, unreadable2xx: 0.05 }, SEED);
  const at = new Date().toISOString();
  const records = Array.from({ length: RECORDS }, (_, i) => record(i, at));
  await seed(serviceWorker, records);

  // Automatic sync only: the endpoint is saved, and nothing but the alarm and the extension's own
  // triggers runs sync from here on (no "Sync now").
  const options = await openExtensionPage('options.html');
  await options.getByLabel('Endpoint URL').fill(proxy.endpoint);
  await options.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await options.close();
  // While batches settle every second, the panel and the queue move together; they are compared once sync is idle.
  const panel = await openExtensionPage('sidepanel.html');

  const stored = async () => (await proxy!.store.list({ limit: 10_000 })).length;
  const started = Date.now();
  // Mid-batch: a batch reaches the receiver and is stored, its answer held, and the worker stops.
  await expect.poll(stored, { timeout: DRAIN_MS, intervals: [500] }).toBeGreaterThanOrEqual(100);
  const held = proxy.holdNext();
  await held;
  const closed = serviceWorker.waitForEvent('close', { timeout: 60_000 }).catch(() => undefined);
  await stopServiceWorker(panel, extensionId);
  await closed;
  proxy.release();

  await expect.poll(stored, { timeout: DRAIN_MS - (Date.now() - started), intervals: [2_000] }).toBe(RECORDS);
  const rows = await proxy.store.list({ limit: 10_000 });
  expect(new Set(rows.map((row) => `${row.id}:${row.revision}`)).size).toBe(RECORDS);
  expect(new Set(rows.map((row) => row.id))).toEqual(new Set(records.map((r) => r.id)));
  // Every kind of fault happened, and the stopped worker's batch was among them.
  expect(proxy.counts).toMatchObject({ held: 1 });
  for (const kind of ['serverError', 'resetBefore', 'lostAck', 'unreadable2xx'] as const) {
    expect(proxy.counts[kind]).toBeGreaterThan(0);
  }
  // Nothing left queued, and the side panel says what is (nothing).
  await expect.poll(() => unsynced(panel), { timeout: 60_000 }).toBe(0);
  await expectPanelMatchesQueue(panel);
  await expect(panel.getByTestId('sync-waiting')).toHaveCount(0);
});
