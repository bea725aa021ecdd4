import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '@/lib/db';
import type { Message, Reply } from '@/lib/messaging/protocol';
import { syncSettingsItem, syncStatusItem, type SyncStatus } from '@/lib/sync/settings';
import { lastSyncText, syncProblemText } from '@/lib/sync/status-text';
import { DatabaseLossNotice, WaitingCount, useUnsyncedCount } from './SyncNotices';

/** Sends a sync message to the background and returns its reply. */
export function sendSync(message: Message): Promise<Reply> {
  return browser.runtime.sendMessage(message) as Promise<Reply>;
}

/** The sync status as stored by the background, kept current. */
export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>({});
  useEffect(() => {
    void syncStatusItem.getValue().then(setStatus);
    return syncStatusItem.watch((value) => setStatus(value ?? {}));
  }, []);
  return status;
}

/**
 * Asks the background to sync when this page queued a new revision: saves made in extension
 * pages write IndexedDB directly, and the background cannot see them until the next alarm.
 */
export function useSyncAfterSave(): void {
  useEffect(() => {
    let previous: number | undefined;
    const subscription = liveQuery(() => getDb().outbox.where('state').equals('queued').count()).subscribe({
      next: (count) => {
        if (previous !== undefined && count > previous) void sendSync({ type: 'ui-bg:sync-kick' });
        previous = count;
      },
    });
    return () => subscription.unsubscribe();
  }, []);
}

/** The side panel's sync line: what waits, last sync, and why sync is paused or waiting. */
export function SyncStatusBanner() {
  const status = useSyncStatus();
  const [configured, setConfigured] = useState(false);
  const waiting = useUnsyncedCount();
  useSyncAfterSave();
  useEffect(() => {
    void syncSettingsItem.getValue().then((s) => setConfigured(Boolean(s.endpoint)));
    return syncSettingsItem.watch((s) => setConfigured(Boolean(s?.endpoint)));
  }, []);
  if (!configured) return <DatabaseLossNotice />;
  const problem = syncProblemText(status);
  return (
    <>
      <DatabaseLossNotice />
      <SyncLine status={status} problem={problem} waiting={waiting} />
    </>
  );
}

function SyncLine({ status, problem, waiting }: { status: SyncStatus; problem?: string; waiting?: number }) {
  // "Last synced" alone would say all is well while records wait: the count comes first.
  const line = status.paused ? problem : [problem, lastSyncText(status)].filter(Boolean).join(' ');
  return (
    <div className={`card small row spread${status.paused ? ' notice' : ''}`} aria-label="Sync">
      <span role="status">
        <WaitingCount count={waiting} /> {line}
      </span>
      {status.paused && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Fix sync settings
        </button>
      )}
    </div>
  );
}
