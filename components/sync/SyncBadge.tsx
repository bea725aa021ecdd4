import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { syncSettingsItem } from '@/lib/sync/settings';
import { SYNC_STATE_LABELS, syncStateFor } from '@/lib/sync/state';
import { outboxOfRecord } from '@/lib/ui/reads';

/** Whether the endpoint is configured, kept current as settings change. */
export function useEndpointConfigured(): boolean {
  const [configured, setConfigured] = useState(false);
  useEffect(() => {
    void syncSettingsItem.getValue().then((s) => setConfigured(Boolean(s.endpoint)));
    return syncSettingsItem.watch((s) => setConfigured(Boolean(s?.endpoint)));
  }, []);
  return configured;
}

/** One record's sync state: local, queued, synced or needs attention. */
export function SyncBadge({ id }: { id: string }) {
  const configured = useEndpointConfigured();
  const entries = useLiveQuery(() => outboxOfRecord(id), [id]);
  if (!entries) return null;
  const state = syncStateFor(entries, configured);
  return <span className={`badge sync-${state}`}>{SYNC_STATE_LABELS[state]}</span>;
}
