// @vitest-environment node
// Sync wiring in the service worker: start-up after a restart that cleared alarms, the alarm,
// a run after a background save, the toolbar badge, and the page messages with sender checks.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from 'wxt/utils/storage';
import { afterWrite } from '../../lib/background/after-write';
import { getDb } from '../../lib/db';
import { createDraft } from '../../lib/incident/create';
import { SYNC_ALARM, handleSyncMessage, onSyncStartup, setupSync, updateBadge } from '../../lib/background/sync';
import { LEGACY_SYNC_SECRETS_KEY, SYNC_SECRETS_KEY } from '../../lib/sync/secrets';
import { syncSettingsItem } from '../../lib/sync/settings';
import { checkNothingLost, configureSync, seedRecords, startHarness, type Harness } from './sync-harness';

const db = getDb();
let harness: Harness;
let badge: MockInstance;
const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.close();
});
beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await harness.store.clear();
  await configureSync(harness.endpoint);
  badge = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue();
  vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue();
});

function draftInput(output: string) {
  return {
    reporter: {},
    evidence: {
      output,
      source: 'selection' as const,
      trigger: 'button' as const,
      selectors: [{ type: 'TextQuoteSelector' as const, exact: output, prefix: '', suffix: '' }],
      page: { url: 'https://a.example/', title: 'A', capturedAt: '2025-01-01T00:00:00.000Z' },
    },
  };
}

describe('sync in the background', () => {
  it('a restart with alarms cleared: start-up re-creates the alarm and delivers what waited', async () => {
    const keys = await seedRecords(db, 2);
    setupSync();
    await fakeBrowser.alarms.clearAll();
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0), { timeout: 10_000 });
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 1 });
    expect(await checkNothingLost(db, harness.store, keys)).toMatchObject({ missing: [], duplicates: 0, stored: 4 });
    await vi.waitFor(() => expect(badge).toHaveBeenLastCalledWith({ text: '' }), { timeout: 10_000 });

    // A revision the background writes is sent without waiting for the alarm: every write ends
    // in afterWrite. The receiver storing it comes before this device's acknowledging
    // transaction, so wait for the outbox.
    await createDraft(db, draftInput('x'));
    await afterWrite(db, { pages: [] });
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0), { timeout: 10_000 });
    expect(await harness.store.list()).toHaveLength(5);

    // The alarm runs sync too: a revision written without afterWrite waits for it.
    await createDraft(db, draftInput('y'));
    expect(await db.outbox.count()).toBe(1);
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0), { timeout: 10_000 });
    expect(await harness.store.list()).toHaveLength(6);
  });

  it('start-up moves credentials an earlier version kept in storage.local into IndexedDB, even with sync off', async () => {
    await syncSettingsItem.setValue({ endpoint: '', autoSync: true });
    await db.meta.delete(SYNC_SECRETS_KEY);
    await storage.setItem(LEGACY_SYNC_SECRETS_KEY, { token: 'tok_legacy', signingSecret: 'whsec_legacy' });
    await onSyncStartup(db);
    expect(await storage.getItem(LEGACY_SYNC_SECRETS_KEY)).toBeNull();
    expect((await db.meta.get(SYNC_SECRETS_KEY))?.value).toEqual({
      token: 'tok_legacy',
      signingSecret: 'whsec_legacy',
    });
  });

  it('shows the number of records not yet synced on the toolbar badge', async () => {
    await seedRecords(db, 3);
    await updateBadge(db);
    expect(badge).toHaveBeenLastCalledWith({ text: '3' });
    // Without an endpoint nothing is waiting to sync: it is all local.
    await syncSettingsItem.setValue({ endpoint: '', autoSync: true });
    await updateBadge(db);
    expect(badge).toHaveBeenLastCalledWith({ text: '' });
  });

  it('refuses sync requests from anything but its own pages', async () => {
    await seedRecords(db, 1);
    const tab = { id: 'test-extension-id', url: 'https://evil.example/', tab: { id: 3 }, frameId: 0 };
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-now' }, tab)).toEqual({
      ok: false,
      error: 'Sync requests are only accepted from Flagline pages.',
    });
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-now' }, { ...PAGE, id: 'other-extension' })).toMatchObject({
      ok: false,
    });
    expect(await harness.store.list()).toHaveLength(0);
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-now' }, PAGE)).toEqual({ ok: true });
    expect(await harness.store.list()).toHaveLength(2);
  });

  it('"Test connection" reports the refusal in words, without the token', async () => {
    harness.faults.push({ status: 403, body: '{"error":"token test-token-7f3a is revoked"}' });
    const reply = await handleSyncMessage(db, { type: 'ui-bg:sync-test' }, PAGE);
    expect(reply).toEqual({
      ok: false,
      error: 'Token needed: the endpoint refused the credentials (403): token [redacted] is revoked',
    });
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-test' }, PAGE)).toEqual({ ok: true });
    expect(await harness.store.list()).toHaveLength(0);
  });

  it('retry sends a revision that needed attention again; discard records why in the history', async () => {
    const [first, second] = await seedRecords(db, 1);
    await db.outbox.where('key').anyOf([first!, second!]).modify({ state: 'attention', lastError: 'Invalid (x)' });
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-retry', key: first! }, PAGE)).toEqual({ ok: true });
    expect((await harness.store.list()).map((row) => row.revision)).toEqual([1]);

    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-discard', key: second! }, PAGE)).toEqual({ ok: true });
    const record = await db.incidents.get(second!.split(':')[0]!);
    expect(record?.revision).toBe(3);
    expect(record?.history.at(-1)).toMatchObject({
      action: 'Discarded from sync',
      note: 'Revision 2 was not sent: Invalid (x)',
      changed: [],
    });
    // The note is a revision like any other and goes to the endpoint, so the team sees the gap explained.
    await vi.waitFor(async () => expect((await harness.store.list()).map((r) => r.revision)).toEqual([1, 3]), {
      timeout: 10_000,
    });
    expect(await handleSyncMessage(db, { type: 'ui-bg:sync-discard', key: second! }, PAGE)).toEqual({
      ok: false,
      error: 'That revision no longer needs attention.',
    });
  });
});
