import type { SyncStatus } from './settings';

/** "Last synced …" in the reader's locale, or that it never happened. */
export function lastSyncText(status: SyncStatus): string {
  if (!status.lastSuccessAt) return 'Not synced yet.';
  return `Last synced ${new Date(status.lastSuccessAt).toLocaleString()}.`;
}

/** Why sync is waiting or stopped, in words, or nothing when all is well. */
export function syncProblemText(status: SyncStatus): string | undefined {
  if (status.paused) return `Sync is paused. ${status.paused.message}`;
  if (status.lastError) {
    const next = status.nextAttemptAt ? ` Next try ${new Date(status.nextAttemptAt).toLocaleTimeString()}.` : '';
    return `${status.lastError.message}${next}`;
  }
  return undefined;
}
