import type { FlaglineDb } from '../db';
import { deliver, type DeliverDeps, type Run } from './deliver';
import { deviceId } from './device';
import { syncLock, type SyncLock } from './lock';
import { leaseBatch, nextDue, releaseLeases, waitingCount } from './outbox';
import { getSyncSecrets } from './secrets';
import { syncSettingsItem, syncStatusItem, type SyncStatus } from './settings';

/** Consecutive failed batches that end a run: the endpoint is likely down, so stop asking. */
const MAX_FAILURES_IN_A_ROW = 2;
/** A run stops after this long (monotonic time) and leaves the rest to the next one. */
export const RUN_BUDGET_MS = 4 * 60_000;

export interface SyncDeps extends DeliverDeps {
  /** The cross-context run lock; tests give a context of its own one that dies with it. */
  lock?: SyncLock;
  /** Monotonic milliseconds, for the run's time budget (a wall-clock jump must not end or prolong it). */
  elapsed?: () => number;
}

/** Why a run ended. `remaining` counts revisions still waiting to be sent after it. */
export interface SyncResult {
  skipped?: 'no-endpoint' | 'auto-off' | 'paused' | 'backoff';
  acked: number;
  attention: number;
  remaining: number;
  stopped?: string;
}

const LIMIT_KEY = 'syncBatchLimit';

/** The batch size a 413 taught us for this endpoint, if any. */
async function rememberedLimit(db: FlaglineDb, endpoint: string): Promise<number | undefined> {
  const row = (await db.meta.get(LIMIT_KEY))?.value as { endpoint?: string; maxRecords?: number } | undefined;
  return row?.endpoint === endpoint && typeof row.maxRecords === 'number' ? row.maxRecords : undefined;
}

/**
 * Writes only the status fields this run changed over the latest stored status, so a run does
 * not undo what another context wrote meanwhile (a pause lifted by new settings, another run).
 */
async function saveStatusChanges(before: SyncStatus, after: SyncStatus): Promise<void> {
  const latest: SyncStatus = { ...(await syncStatusItem.getValue()) };
  for (const key of ['lastSuccessAt', 'paused', 'lastError', 'nextAttemptAt'] as const) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (after[key] === undefined) delete latest[key];
    else Object.assign(latest, { [key]: after[key] });
  }
  await syncStatusItem.setValue(latest);
}

/** Whether a scheduled wait still holds. A failure recorded in the future means the clock went back. */
function waiting(status: SyncStatus, now: number): boolean {
  if (!status.nextAttemptAt || now >= status.nextAttemptAt) return false;
  const failedAt = Date.parse(status.lastError?.at ?? '');
  return !(failedAt > now);
}

/** Leases and delivers batches while they make progress, within the run's time budget. */
async function deliverAll(run: Run, deps: SyncDeps, force: boolean | undefined): Promise<void> {
  const elapsed = deps.elapsed ?? (() => performance.now());
  const started = elapsed();
  let maxRecords = await rememberedLimit(deps.db, run.endpoint);
  let failures = 0;
  while (failures < MAX_FAILURES_IN_A_ROW && elapsed() - started < RUN_BUDGET_MS) {
    const entries = await leaseBatch(deps.db, { now: deps.now(), batchId: crypto.randomUUID(), force, maxRecords });
    if (!entries.length) break;
    const outcome = await deliver(run, entries);
    if (run.shrinkTo && run.shrinkTo !== maxRecords) {
      maxRecords = run.shrinkTo;
      await deps.db.meta.put({ key: LIMIT_KEY, value: { endpoint: run.endpoint, maxRecords } });
    }
    if (outcome === 'stop') break;
    failures = outcome === 'failed' ? failures + 1 : 0;
  }
}

/**
 * One sync run, holding the sync lock: return leases left by a run that died, then lease, send
 * and settle batches until the queue is empty, batches keep failing, the time budget is spent,
 * or sync is paused. All state lives in IndexedDB and storage, so a run cut short by a stopped
 * worker is resumed by the next one. `force` ("Sync now") ignores backoff and lifts a pause.
 */
export async function runSync(deps: SyncDeps, options: { force?: boolean; auto?: boolean } = {}): Promise<SyncResult> {
  const lock = deps.lock ?? syncLock(deps.db.name);
  return lock(() => runLocked(deps, options));
}

async function runLocked(deps: SyncDeps, options: { force?: boolean; auto?: boolean }): Promise<SyncResult> {
  const result: SyncResult = { acked: 0, attention: 0, remaining: 0 };
  const settings = await syncSettingsItem.getValue();
  if (!settings.endpoint) return { ...result, skipped: 'no-endpoint' };
  if (options.auto && !settings.autoSync) return { ...result, skipped: 'auto-off' };
  // A copy: the item returns its shared fallback object when nothing is stored, and we mutate this.
  const status = { ...(await syncStatusItem.getValue()) };
  if (status.paused && !options.force) return { ...result, skipped: 'paused' };
  // Under the lock no other run is sending: every lease left is an orphan, whatever the clocks say.
  await releaseLeases(deps.db);
  if (!options.force && waiting(status, deps.now())) {
    return { ...result, skipped: 'backoff', remaining: await waitingCount(deps.db) };
  }
  const before = { ...status };
  delete status.paused;
  const run: Run = {
    deps,
    endpoint: settings.endpoint,
    secrets: await getSyncSecrets(deps.db),
    deviceId: await deviceId(deps.db),
    result,
    status,
  };
  await deliverAll(run, deps, options.force);
  const due = await nextDue(deps.db);
  if (due !== undefined && due > deps.now()) status.nextAttemptAt = due;
  else delete status.nextAttemptAt;
  if (due === undefined && !result.stopped) delete status.lastError;
  await saveStatusChanges(before, status);
  result.remaining = await waitingCount(deps.db);
  if (!result.stopped && status.lastError && result.remaining) result.stopped = status.lastError.message;
  return result;
}
