// @vitest-environment node
// Sync in the service worker, beyond the wiring: "Sync now" says "Synced." only when nothing is
// left, a failed run sets a retry alarm, start-up notices a lost database, and a conflict is
// settled from the page by re-sending it as a new revision.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SYNC_RETRY_ALARM, handleSyncMessage, onSyncStartup } from '../../lib/background/sync';
import { getDb } from '../../lib/db';
import { databaseLossItem, knownDeviceItem } from '../../lib/sync/device';
import { syncStatusItem } from '../../lib/sync/settings';
import { configureSync, seedRecords, startHarness, type Harness } from './sync-harness';

const db = getDb();
let harness: Harness;
const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };

beforeAll(async () => {
  harness = await startHarness();
}, 60_000);
afterAll(async () => {
  await harness.close();
});
beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await harness.store.clear();
  harness.faults.length = 0;
  harness.rule = undefined;
  await syncStatusItem.setValue({});
  await databaseLossItem.setValue(null);
  await configureSync(harness.endpoint);
  vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue();
  vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue();
});

describe('honest runs in the background', () => {
  it('"Sync now" against an endpoint that fails says how many revisions still wait, and sets a retry alarm', async () => {
    await seedRecords(db, 2);
    harness.rule = () => ({ status: 503, body: '{"error":"down"}' });
    const reply = await handleSyncMessage(db, { type: 'ui-bg:sync-now' }, PAGE);
    expect(reply).toEqual({
      ok: false,
      error: 'The endpoint answered 503: down 4 revisions are still waiting to sync.',
    });
    const alarm = await fakeBrowser.alarms.get(SYNC_RETRY_ALARM);
    expect(alarm?.scheduledTime).toBe((await syncStatusItem.getValue()).nextAttemptAt);
  });

  it('"Sync now" against an endpoint that answers 200 and stores nothing is never "Synced."', async () => {
    await seedRecords(db, 1);
    harness.rule = () => ({ status: 200, body: '' });
    const reply = await handleSyncMessage(db, { type: 'ui-bg:sync-now' }, PAGE);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/without a Flagline acknowledgement/) });
    expect(await db.outbox.count()).toBe(2);
  });

  it('"Test connection" to an endpoint that answers 200 to anything is not "Connected."', async () => {
    harness.rule = () => ({ status: 200, body: '{"ok":true}' });
    const reply = await handleSyncMessage(db, { type: 'ui-bg:sync-test' }, PAGE);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/without a Flagline acknowledgement/) });
    harness.rule = undefined;
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-test' }, PAGE)).toEqual({ ok: true });
    // The test record was answered for, not stored.
    expect(await harness.store.list()).toHaveLength(0);
  });

  it('start-up says when the local database was lost', async () => {
    await knownDeviceItem.setValue(crypto.randomUUID());
    await db.meta.clear();
    await onSyncStartup(db);
    expect(await databaseLossItem.getValue()).toMatchObject({ previousDeviceId: expect.any(String) });
  });

  it('a conflict is re-sent as a new revision from the page', async () => {
    const [first] = await seedRecords(db, 1);
    const [id] = first!.split(':');
    await db.outbox
      .where('key')
      .equals(first!)
      .modify({ state: 'attention', conflict: { storedHash: 'a'.repeat(64), localHash: 'b'.repeat(64) } });
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-retry', key: first! }, PAGE)).toMatchObject({ ok: false });
    const reply = await handleSyncMessage(db, { type: 'ui-bg:sync-retry', key: first!, asNewRevision: true }, PAGE);
    expect(reply).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await harness.store.list({ id })).map((r) => r.revision)).toEqual([2, 3]));
    expect(await db.outbox.count()).toBe(0);
  });
});
