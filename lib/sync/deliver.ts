import type { FlaglineDb } from '../db';
import type { OutboxEntry } from '../incident/outbox-entry';
import { recordHash } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';
import { verdicts } from './ack';
import { retryDelay } from './backoff';
import { batchIdFor } from './batch-id';
import { WIRE_SCHEMA_VERSION, refKey, type Ack, type Batch } from './contract';
import { acknowledge, markAttention, requeue, type AttentionItem } from './outbox';
import { postBatch, type PostDeps, type PostOutcome } from './post';
import type { SyncSecrets } from './secrets';
import type { SyncStatus } from './settings';

/** A revision that failed this many times in a way it may cause, alone in its batch, needs a person. */
export const MAX_STRIKES = 4;
/** After a clock-skew answer, the wait before trying again: the clock is often corrected soon. */
export const SKEW_RETRY_MS = 60_000;

export interface DeliverDeps extends PostDeps {
  db: FlaglineDb;
  random?: () => number;
}

/** What a run knows while it delivers batches. */
export interface Run {
  deps: DeliverDeps;
  endpoint: string;
  secrets: SyncSecrets;
  deviceId: string;
  result: { acked: number; attention: number; stopped?: string };
  status: SyncStatus;
  /** Set by a 413: the most records the endpoint takes at once. */
  shrinkTo?: number;
}

/** What one delivery came to: some records settled, none did, or the run must stop. */
export type Delivery = 'progress' | 'failed' | 'stop';

function noteError(run: Run, message: string, now: number): void {
  run.status.lastError = { message, at: new Date(now).toISOString() };
}

/**
 * A failure that leaves the records queued with backoff. When a record may be the cause and
 * stands alone after enough strikes, it goes to "Needs attention" instead, so it stops holding
 * anything up.
 */
async function fail(run: Run, entries: OutboxEntry[], error: string, retryAfter?: string | null, suspect = false) {
  const { deps } = run;
  const now = deps.now();
  const strikes = Math.max(...entries.map((e) => e.strikes ?? 0)) + 1;
  if (suspect && entries.length === 1 && strikes >= MAX_STRIKES) {
    await markAttention(deps.db, [{ key: entries[0]!.key, message: `${error} (failed ${strikes} times)` }]);
    run.result.attention += 1;
    return;
  }
  // While other batches of this run get through, the endpoint is up and this failure is likely
  // passing: the wait stays short rather than growing towards an hour.
  const attempts = Math.max(...entries.map((e) => e.attempts));
  const level = run.result.acked > 0 ? Math.min(attempts, 1) : attempts;
  const at = now + retryDelay(level, retryAfter, now, deps.random);
  const keys = entries.map((e) => e.key);
  await requeue(deps.db, keys, { nextAttemptAt: at, now, failed: true, strike: suspect, error });
  noteError(run, error, now);
}

/** Settles a readable 2xx answer record by record; records it does not mention failed. */
async function settle(run: Run, entries: OutboxEntry[], ack: Ack): Promise<Delivery> {
  const { deps } = run;
  const v = verdicts(
    entries.map((e) => e.key),
    ack,
  );
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const attention: AttentionItem[] = [...v.rejected].map(([key, message]) => ({ key, message }));
  for (const [key, hashes] of v.conflict) {
    const entry = byKey.get(key)!;
    // The hash of the body as it was sent, which is the masked form.
    const localHash = recordHash(shareableRecord(entry.record));
    attention.push({
      key,
      message: `The endpoint already holds revision ${entry.revision} with different content; this copy is kept here.`,
      conflict: { storedHash: hashes.storedHash, localHash },
    });
  }
  await acknowledge(deps.db, [...v.stored]);
  await markAttention(deps.db, attention);
  run.result.acked += v.stored.size;
  run.result.attention += attention.length;
  if (v.stored.size) {
    run.status.lastSuccessAt = new Date(deps.now()).toISOString();
    delete run.status.lastError;
  }
  if (v.unanswered.length) {
    const missing = v.unanswered.map((key) => byKey.get(key)!);
    const error = `The endpoint answered without accounting for ${missing.length} of ${entries.length} records sent`;
    await fail(run, missing, error, undefined, true);
  }
  return v.stored.size || attention.length ? 'progress' : 'failed';
}

/** A 400/422: named records need attention, the rest go again now; unnamed, the batch is halved. */
async function refused(run: Run, entries: OutboxEntry[], outcome: Extract<PostOutcome, { kind: 'rejected' }>) {
  const keys = entries.map((e) => e.key);
  const named = (outcome.ack?.rejected ?? []).filter((r) => keys.includes(refKey(r)));
  if (named.length) {
    const items = named.map((r) => ({ key: refKey(r), message: `${r.message} (${r.code})` }));
    await markAttention(run.deps.db, items);
    run.result.attention += items.length;
    const rest = keys.filter((key) => !items.some((item) => item.key === key));
    // A 400/422 naming records means nothing of the batch was stored: send the others again.
    await requeue(run.deps.db, rest, { nextAttemptAt: run.deps.now(), now: run.deps.now(), failed: false });
    return 'progress';
  }
  return entries.length > 1 ? split(run, entries) : attention(run, entries, outcome.message);
}

async function attention(run: Run, entries: OutboxEntry[], message: string): Promise<Delivery> {
  await markAttention(
    run.deps.db,
    entries.map((e) => ({ key: e.key, message })),
  );
  run.result.attention += entries.length;
  return 'progress';
}

/** A 400 that names no record: halve the batch until the culprit stands alone. */
async function split(run: Run, entries: OutboxEntry[]): Promise<Delivery> {
  const middle = Math.ceil(entries.length / 2);
  const halves = [entries.slice(0, middle), entries.slice(middle)];
  for (const [index, half] of halves.entries()) {
    const outcome = await deliver(run, half);
    if (outcome !== 'progress') {
      const unsent = halves.slice(index + 1).flat();
      const now = run.deps.now();
      await requeue(
        run.deps.db,
        unsent.map((e) => e.key),
        { nextAttemptAt: now, now, failed: false },
      );
      return outcome;
    }
  }
  return 'progress';
}

/** Sends leased entries as one batch and acts on the answer. */
export async function deliver(run: Run, entries: OutboxEntry[]): Promise<Delivery> {
  const { deps } = run;
  const keys = entries.map((e) => e.key);
  const batch: Batch = {
    schemaVersion: WIRE_SCHEMA_VERSION,
    batchId: batchIdFor(keys),
    deviceId: run.deviceId,
    sentAt: new Date(deps.now()).toISOString(),
    // Nothing leaves the device unmasked, whatever wrote the outbox entry (docs/redaction.md).
    records: entries.map((e) => shareableRecord(e.record)),
  };
  const outcome = await postBatch(deps, run.endpoint, batch, run.secrets);
  const now = deps.now();
  switch (outcome.kind) {
    case 'answered':
      return settle(run, entries, outcome.ack);
    case 'retry':
      await fail(run, entries, outcome.error, outcome.retryAfter, outcome.suspect);
      return 'failed';
    case 'skew':
      // Not the records' fault: no attempt is counted, and the run stops, since every batch would fail.
      await requeue(deps.db, keys, { nextAttemptAt: now + SKEW_RETRY_MS, now, failed: false, error: outcome.error });
      noteError(run, outcome.error, now);
      run.result.stopped = outcome.error;
      return 'stop';
    case 'pause':
      await requeue(deps.db, keys, { nextAttemptAt: now, now, failed: false });
      run.status.paused = { reason: outcome.reason, message: outcome.message, at: new Date(now).toISOString() };
      run.result.stopped = outcome.message;
      return 'stop';
    case 'rejected':
      return refused(run, entries, outcome);
    case 'split':
      if (entries.length === 1) return attention(run, entries, outcome.error);
      // Remembered for the endpoint: the next batches are leased at this size from the start.
      run.shrinkTo = Math.max(1, Math.floor(entries.length / 2));
      await requeue(deps.db, keys, { nextAttemptAt: now, now, failed: false });
      return 'progress';
  }
}
