import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { databaseLossItem, type DatabaseLoss } from '@/lib/sync/device';
import { unsyncedRecords } from '@/lib/ui/reads';

/** How many records have revisions the endpoint has not acknowledged (what the badge counts). */
export function useUnsyncedCount(): number | undefined {
  return useLiveQuery(unsyncedRecords, []);
}

/** "3 records are waiting to sync." or nothing when none wait. */
export function WaitingCount({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <span data-testid="sync-waiting">
      {count} record{count === 1 ? ' is' : 's are'} waiting to sync.
    </span>
  );
}

/**
 * Says plainly that the local database was found empty of what it held (deleted, or corrupted
 * and replaced by the browser): records that were not synced are gone from this device.
 */
export function DatabaseLossNotice() {
  const [loss, setLoss] = useState<DatabaseLoss | null>(null);
  useEffect(() => {
    void databaseLossItem.getValue().then(setLoss);
    return databaseLossItem.watch((value) => setLoss(value ?? null));
  }, []);
  if (!loss) return null;
  return (
    <div className="card small notice" role="alert">
      <p>
        Flagline's local database was lost ({new Date(loss.at).toLocaleString()}): the browser deleted or replaced it,
        so records kept only on this device are gone. Records already synced are still at your team's endpoint; this
        browser now syncs as a new device.
      </p>
      <button type="button" onClick={() => void databaseLossItem.setValue(null)}>
        Dismiss
      </button>
    </div>
  );
}
