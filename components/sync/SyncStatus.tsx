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
