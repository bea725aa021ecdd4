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

/**
 * The answer to "Sync now", in words: "Synced." only when nothing is left waiting; otherwise how
 * many revisions wait, and why when a failure stopped the run.
 */
export function runReply(result: {
  skipped?: string;
  stopped?: string;
  remaining: number;
  attention: number;
}): { ok: true } | { ok: false; error: string } {
  if (result.skipped === 'no-endpoint') return { ok: false, error: 'Save an endpoint URL first.' };
  if (result.stopped) {
    const left = result.remaining ? ` ${waitingText(result.remaining)}` : '';
    return { ok: false, error: `${result.stopped}${left}` };
  }
  if (result.remaining) return { ok: false, error: `${waitingText(result.remaining)} Sync continues on its own.` };
  if (result.attention) {
    return { ok: false, error: `${result.attention} revision${result.attention === 1 ? '' : 's'} need attention.` };
  }
  return { ok: true };
}

/** "3 revisions are still waiting to sync." */
export function waitingText(count: number): string {
  return `${count} revision${count === 1 ? ' is' : 's are'} still waiting to sync.`;
}
