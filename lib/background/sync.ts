import { browser } from 'wxt/browser';
import { getDb, type FlaglineDb } from '../db';
import { actorName } from '../incident/create';
import { isOwnExtensionPage, type MessageOf, type Reply, type SenderLike } from '../messaging/protocol';
import { reporterItem } from '../settings/items';
import { discardEntry, resendAsNewRevision, retryEntry, testConnection } from '../sync/actions';
import { deviceId } from '../sync/device';
import { runSync, type SyncDeps, type SyncResult } from '../sync/engine';
import { unsyncedRecordCount } from '../sync/outbox';
import { runReply } from '../sync/status-text';
import { migrateSyncSecrets } from '../sync/secrets';
import { syncSettingsItem, syncStatusItem } from '../sync/settings';
import { badgeOf, overdueRecordCount } from './due-badge';

/** The one sync alarm. A constant name, so start-up can tell whether it survived. */
export const SYNC_ALARM = 'flagline-sync';
/** A one-shot alarm for the earliest retry a run scheduled, so it need not wait for the next period. */
export const SYNC_RETRY_ALARM = 'flagline-sync-retry';
/**
 * Chrome runs alarms at most every 30 s; a minute is often enough for a queue with backoff. The
 * e2e build (an unpacked extension, which Chrome lets run alarms more often) uses 15 s.
 */
const SYNC_PERIOD_MINUTES = import.meta.env.MODE === 'e2e' ? 0.25 : 1;

function deps(db: FlaglineDb): SyncDeps {
  // Wrapped: a bare `fetch` reference called as a method throws "Illegal invocation" in workers.
  return { db, fetch: (input, init) => fetch(input, init), now: () => Date.now() };
}

/**
 * The toolbar badge counts records past their due time (docs/incident-model.md, "Escalation"),
 * else records with revisions the endpoint has not acknowledged. It is set after every write and
 * on every tick of the sync alarm, which runs each minute whether or not sync is set up.
 */
export async function updateBadge(db: FlaglineDb): Promise<void> {
  const { endpoint } = await syncSettingsItem.getValue();
  const count = endpoint ? await unsyncedRecordCount(db) : 0;
  const badge = badgeOf(await overdueRecordCount(db), count);
  // Firefox's MV2 build has `browserAction` where Chrome's MV3 has `action`; the calls are the same.
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  if (!action) return;
  await action.setBadgeText({ text: badge.text });
  await action.setTitle({ title: badge.title });
  if (badge.alert) await action.setBadgeBackgroundColor?.({ color: '#b42318' });
  else if (badge.text) await action.setBadgeBackgroundColor?.({ color: '#175cd3' });
}

/** Runs sync and refreshes the badge, whatever the run came to. */
export async function syncAndBadge(db: FlaglineDb, options: { force?: boolean; auto?: boolean }): Promise<SyncResult> {
  try {
    const result = await runSync(deps(db), options);
    await scheduleRetry();
    return result;
  } finally {
    await updateBadge(db);
  }
}

/** Sets the one-shot alarm for the next retry the run scheduled, if any. */
async function scheduleRetry(): Promise<void> {
  const { nextAttemptAt, paused } = await syncStatusItem.getValue();
  if (paused || !nextAttemptAt) return;
  await browser.alarms.create(SYNC_RETRY_ALARM, { when: Math.max(nextAttemptAt, Date.now() + 1_000) });
}

/** Re-creates the alarm when the browser dropped it (a restart clears alarms in some cases). */
export async function ensureSyncAlarm(): Promise<void> {
  if (await browser.alarms.get(SYNC_ALARM)) return;
  await browser.alarms.create(SYNC_ALARM, { delayInMinutes: 0.5, periodInMinutes: SYNC_PERIOD_MINUTES });
}

/** Browser start-up and install: the alarm back in place, then a run for what waited. */
export async function onSyncStartup(db: FlaglineDb): Promise<void> {
  await ensureSyncAlarm();
  // Credentials an earlier version kept in storage.local move to IndexedDB even when sync is off.
  await migrateSyncSecrets(db).catch(() => undefined);
  // Reading the device id notices a local database that was deleted or replaced since.
  await deviceId(db).catch(() => undefined);
  await syncAndBadge(db, { auto: true });
}

function fromOwnPage(sender: SenderLike): boolean {
  return isOwnExtensionPage(sender, browser.runtime.id, browser.runtime.getURL('/'));
}

type SyncMessage = MessageOf<
  'ui-bg:sync-now' | 'ui-bg:sync-kick' | 'ui-bg:sync-test' | 'ui-bg:sync-retry' | 'ui-bg:sync-discard'
>;

/** Sync messages from the extension's own pages. Errors never carry the token or secret. */
export async function handleSyncMessage(db: FlaglineDb, message: SyncMessage, sender: SenderLike): Promise<Reply> {
  if (!fromOwnPage(sender)) return { ok: false, error: 'Sync requests are only accepted from Flagline pages.' };
  try {
    switch (message.type) {
      case 'ui-bg:sync-now': {
        return runReply(await syncAndBadge(db, { force: true }));
      }
      case 'ui-bg:sync-kick':
        await syncAndBadge(db, { auto: true });
        return { ok: true };
      case 'ui-bg:sync-test':
        return await testConnection(deps(db));
      case 'ui-bg:sync-retry':
        if (message.asNewRevision) {
          await resendAsNewRevision(db, message.key, actorName(await reporterItem.getValue()));
        } else {
          await retryEntry(db, message.key, Date.now());
        }
        await syncAndBadge(db, { auto: true });
        return { ok: true };
      case 'ui-bg:sync-discard':
        await discardEntry(db, message.key, actorName(await reporterItem.getValue()));
        await syncAndBadge(db, { auto: true });
        return { ok: true };
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'Sync request failed.' };
  }
}

/**
 * Wires sync into the service worker: the alarm and start-up. The run after a write starts in
 * `afterWrite`, where every write ends. Called synchronously at top level; nothing is kept in
 * globals.
 */
export function setupSync(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === SYNC_RETRY_ALARM) void syncAndBadge(getDb(), { auto: true });
  });
  browser.runtime.onStartup.addListener(() => void onSyncStartup(getDb()));
  browser.runtime.onInstalled.addListener(() => void onSyncStartup(getDb()));
  syncSettingsItem.watch(() => void updateBadge(getDb()));
  void ensureSyncAlarm();
}
