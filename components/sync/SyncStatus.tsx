import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { syncSettingsItem, syncStatusItem, type SyncStatus } from '@/lib/sync/settings';
import { lastSyncText, syncProblemText } from '@/lib/sync/status-text';
import { DatabaseLossNotice, WaitingCount, useUnsyncedCount } from './SyncNotices';

/** The sync status as stored by the background, kept current. */
export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>({});
  useEffect(() => {
    void syncStatusItem.getValue().then(setStatus);
    return syncStatusItem.watch((value) => setStatus(value ?? {}));
  }, []);
  return status;
}

/** The side panel's sync line: what waits, last sync, and why sync is paused or waiting. */
export function SyncStatusBanner() {
  const status = useSyncStatus();
  const [configured, setConfigured] = useState(false);
  const waiting = useUnsyncedCount();
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

/** "at 5:38 PM" today, else the date and time. */
function when(at: string | number): string {
  const date = new Date(at);
  return date.toDateString() === new Date().toDateString()
    ? `at ${date.toLocaleTimeString(undefined, { timeStyle: 'short' })}`
    : `on ${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/**
 * The line's words. A failing endpoint is said first and plainly (what failed, when it is tried
 * again), so "Last synced" never stands alone while the endpoint is down.
 */
export function syncLineText(status: SyncStatus, problem?: string): string {
  if (status.paused) return problem ?? '';
  const last = status.lastSuccessAt ? `Last successful sync ${when(status.lastSuccessAt)}.` : 'Not synced yet.';
  if (!status.lastError) return lastSyncText(status);
  const message = status.lastError.message.replace(/[.\s]+$/, '');
  const retry = status.nextAttemptAt ? ` Flagline tries again ${when(status.nextAttemptAt)}.` : '';
  return `Sync is failing: the last attempt ${when(status.lastError.at)} failed (${message}).${retry} ${last}`;
}

function SyncLine({ status, problem, waiting }: { status: SyncStatus; problem?: string; waiting?: number }) {
  // "Last synced" alone would say all is well while records wait: the count comes first.
  const failing = Boolean(status.paused || status.lastError);
  return (
    <div className={`card small row spread${failing ? ' notice' : ''}`} aria-label="Sync">
      <span role="status">
        <WaitingCount count={waiting} /> {syncLineText(status, problem)}
      </span>
      {status.paused && (
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Fix sync settings
        </button>
      )}
    </div>
  );
}
