import type { FlaglineDb } from '../db';
import type { OutboxEntry } from '../incident/outbox-entry';
import { shareableRecord } from '../redaction/share';
import { retryDelay } from './backoff';
import { WIRE_SCHEMA_VERSION, refKey, type Ack, type Batch } from './contract';
import { deviceId } from './device';
import { acknowledge, leaseBatch, markAttention, release, releaseExpired, requeue } from './outbox';
import { postBatch, type PostDeps } from './post';
import { getSyncSecrets, type SyncSecrets } from './secrets';
import { syncSettingsItem, syncStatusItem, type SyncStatus } from './settings';

/** A lease outlives the request timeout, so a live request never loses its lease to another run. */
export const LEASE_MS = 60_000;
/** Batches per run: a bound, so one run never loops forever against a confused server. */
const MAX_ROUNDS = 20;

export interface SyncDeps extends PostDeps {
  db: FlaglineDb;
  random?: () => number;
  leaseMs?: number;
}

/** Why a run ended. */
export interface SyncResult {
  skipped?: 'no-endpoint' | 'auto-off' | 'paused' | 'backoff';
  acked: number;
  attention: number;
  stopped?: string;
}

interface Run {
  deps: SyncDeps;
  endpoint: string;
  secrets: SyncSecrets;
  deviceId: string;
  result: SyncResult;
  status: SyncStatus;
}

/** Acknowledged entries leave; rejected ones go to attention; the rest go back, due now. */
async function applyAck(run: Run, entries: OutboxEntry[], ack: Ack | undefined, rejectedOnly: boolean) {
  const inBatch = new Set(entries.map((e) => e.key));
  const rejected = (ack?.rejected ?? []).filter((r) => inBatch.has(refKey(r)));
  const rejectedKeys = new Set(rejected.map(refKey));
  await markAttention(
    run.deps.db,
    rejected.map((r) => ({ key: refKey(r), message: `${r.message} (${r.code})`.slice(0, 600) })),
  );
  run.result.attention += rejected.length;
  const rest = entries.map((e) => e.key).filter((key) => !rejectedKeys.has(key));
  if (rejectedOnly) {
    // A 400/422 naming records means nothing of the batch was stored: send the others again.
    await requeue(run.deps.db, rest, { nextAttemptAt: run.deps.now(), failed: false });
  } else {
    await acknowledge(run.deps.db, rest);
    run.result.acked += rest.length;
    run.status.lastSuccessAt = new Date(run.deps.now()).toISOString();
    delete run.status.lastError;
    delete run.status.nextAttemptAt;
  }
}

/** Sends leased entries as one batch and acts on the answer. Returns false when the run must stop. */
async function deliver(run: Run, entries: OutboxEntry[], batchId: string): Promise<boolean> {
  const { deps } = run;
  const batch: Batch = {
    schemaVersion: WIRE_SCHEMA_VERSION,
    batchId,
    deviceId: run.deviceId,
    sentAt: new Date(deps.now()).toISOString(),
    // Nothing leaves the device unmasked, whatever wrote the outbox entry (docs/redaction.md).
    records: entries.map((e) => shareableRecord(e.record)),
  };
  const outcome = await postBatch(deps, run.endpoint, batch, run.secrets);
  const keys = entries.map((e) => e.key);
  const now = deps.now();
  switch (outcome.kind) {
    case 'acked':
      await applyAck(run, entries, outcome.ack, false);
      return true;
    case 'retry': {
      const attempts = Math.max(...entries.map((e) => e.attempts));
      const at = now + retryDelay(attempts, outcome.retryAfter, now, deps.random);
      await requeue(deps.db, keys, { nextAttemptAt: at, failed: true, error: outcome.error });
      run.status.lastError = { message: outcome.error, at: new Date(now).toISOString() };
      run.status.nextAttemptAt = at;
      run.result.stopped = outcome.error;
      return false;
    }
    case 'pause':
      await requeue(deps.db, keys, { nextAttemptAt: now, failed: false });
      run.status.paused = { reason: outcome.reason, message: outcome.message, at: new Date(now).toISOString() };
      run.result.stopped = outcome.message;
      return false;
    case 'rejected':
      if (outcome.ack?.rejected?.some((r) => keys.includes(refKey(r)))) {
        await applyAck(run, entries, outcome.ack, true);
        return true;
      }
      return entries.length > 1 ? split(run, entries) : attention(run, entries, outcome.message);
    case 'split':
      return entries.length > 1 ? split(run, entries) : attention(run, entries, outcome.error);
  }
}

async function attention(run: Run, entries: OutboxEntry[], message: string): Promise<boolean> {
  await markAttention(
    run.deps.db,
    entries.map((e) => ({ key: e.key, message })),
  );
  run.result.attention += entries.length;
  return true;
}

/** 413, or a 400/422 that names no record: halve the batch until the culprit stands alone. */
async function split(run: Run, entries: OutboxEntry[]): Promise<boolean> {
  const middle = Math.ceil(entries.length / 2);
  const halves = [entries.slice(0, middle), entries.slice(middle)];
  for (const [index, half] of halves.entries()) {
    const batchId = crypto.randomUUID();
    await release(
      run.deps.db,
      half.map((e) => e.key),
      batchId,
      run.deps.now() + (run.deps.leaseMs ?? LEASE_MS),
    );
    if (!(await deliver(run, half, batchId))) {
      const unsent = halves.slice(index + 1).flat();
      await requeue(
        run.deps.db,
        unsent.map((e) => e.key),
        { nextAttemptAt: run.deps.now(), failed: false },
      );
      return false;
    }
  }
  return true;
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

/**
 * One sync run: return expired leases, then lease, send and settle batches until the queue is
 * empty, a failure asks to wait, or sync is paused. All state lives in IndexedDB and storage,
 * so a run cut short by a stopped worker is resumed by the next one. `force` ("Sync now")
 * ignores backoff and lifts a pause.
 */
export async function runSync(deps: SyncDeps, options: { force?: boolean; auto?: boolean } = {}): Promise<SyncResult> {
  const result: SyncResult = { acked: 0, attention: 0 };
  const settings = await syncSettingsItem.getValue();
  if (!settings.endpoint) return { ...result, skipped: 'no-endpoint' };
  if (options.auto && !settings.autoSync) return { ...result, skipped: 'auto-off' };
  // A copy: the item returns its shared fallback object when nothing is stored, and we mutate this.
  const status = { ...(await syncStatusItem.getValue()) };
  if (status.paused && !options.force) return { ...result, skipped: 'paused' };
  if (!options.force && status.nextAttemptAt && deps.now() < status.nextAttemptAt) {
    return { ...result, skipped: 'backoff' };
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
  await releaseExpired(deps.db, deps.now());
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const batchId = crypto.randomUUID();
    const leaseMs = deps.leaseMs ?? LEASE_MS;
    const entries = await leaseBatch(deps.db, { now: deps.now(), batchId, leaseMs, force: options.force });
    if (!entries.length) break;
    if (!(await deliver(run, entries, batchId))) break;
  }
  await saveStatusChanges(before, status);
  return result;
}
