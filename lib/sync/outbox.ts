import type { FlaglineDb } from '../db';
import type { OutboxEntry } from '../incident/outbox-entry';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from './contract';

/** Room left in a batch body for the envelope around the records. */
const ENVELOPE_BYTES = 512;
const encoder = new TextEncoder();

/** Bytes a record adds to a batch body. */
export function recordBytes(entry: Pick<OutboxEntry, 'record'>): number {
  return encoder.encode(JSON.stringify(entry.record)).length + 1;
}

/**
 * Returns every lease that ran out to the queue: the worker that held it was stopped or lost
 * its answer. The receiver stores by (id, revision), so sending again cannot duplicate.
 */
export async function releaseExpired(db: FlaglineDb, now: number): Promise<number> {
  return db.outbox
    .where('state')
    .equals('leased')
    .filter((entry) => (entry.leaseUntil ?? 0) <= now)
    .modify((entry) => {
      entry.state = 'queued';
      delete entry.leaseUntil;
      delete entry.batchId;
    });
}

/**
 * Leases the next batch in one transaction: due queued entries, oldest first, at most 50 records
 * and 256 KB of body (a single larger record still goes alone, and a 413 sends it to attention).
 * Leasing, not deleting, is what keeps a record when the worker dies mid-request.
 */
export async function leaseBatch(
  db: FlaglineDb,
  options: { now: number; batchId: string; leaseMs: number; force?: boolean },
): Promise<OutboxEntry[]> {
  return db.transaction('rw', db.outbox, async () => {
    const queued = await db.outbox.where('state').equals('queued').toArray();
    const due = queued
      .filter((entry) => options.force || entry.nextAttemptAt <= options.now)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.revision - b.revision);
    const batch: OutboxEntry[] = [];
    let bytes = ENVELOPE_BYTES;
    for (const entry of due) {
      const size = recordBytes(entry);
      if (batch.length >= MAX_BATCH_RECORDS || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) break;
      batch.push(entry);
      bytes += size;
    }
    const leaseUntil = options.now + options.leaseMs;
    for (const entry of batch) Object.assign(entry, { state: 'leased', leaseUntil, batchId: options.batchId });
    await db.outbox.bulkPut(batch);
    return batch;
  });
}

/** Moves leased entries to a new batch (a split), renewing their lease. */
export async function release(db: FlaglineDb, keys: string[], batchId: string, leaseUntil: number): Promise<void> {
  await db.outbox.where('key').anyOf(keys).modify({ batchId, leaseUntil });
}

/** Removes acknowledged entries: the only way an entry leaves the outbox besides a discard. */
export async function acknowledge(db: FlaglineDb, keys: string[]): Promise<void> {
  if (keys.length) await db.outbox.bulkDelete(keys);
}

/** Puts entries back in the queue, due at `nextAttemptAt`, counting an attempt when one failed. */
export async function requeue(
  db: FlaglineDb,
  keys: string[],
  options: { nextAttemptAt: number; failed: boolean; error?: string },
): Promise<void> {
  if (!keys.length) return;
  await db.outbox
    .where('key')
    .anyOf(keys)
    .modify((entry) => {
      entry.state = 'queued';
      entry.nextAttemptAt = options.nextAttemptAt;
      if (options.failed) entry.attempts += 1;
      if (options.error) entry.lastError = options.error;
      delete entry.leaseUntil;
      delete entry.batchId;
    });
}

/** Sends entries to "Needs attention" with the server's message; they wait for the reviewer. */
export async function markAttention(db: FlaglineDb, items: { key: string; message: string }[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const item of items) {
      await db.outbox.update(item.key, (entry) => {
        entry.state = 'attention';
        entry.lastError = item.message;
        entry.attempts += 1;
        delete entry.leaseUntil;
        delete entry.batchId;
      });
    }
  });
}

/** Number of records with at least one revision the endpoint has not acknowledged. */
export async function unsyncedRecordCount(db: FlaglineDb): Promise<number> {
  const ids = await db.outbox.orderBy('id').uniqueKeys();
  return ids.length;
}

/** Earliest time a queued entry is due, for scheduling. */
export async function nextDue(db: FlaglineDb): Promise<number | undefined> {
  const first = await db.outbox.where('state').equals('queued').sortBy('nextAttemptAt');
  return first[0]?.nextAttemptAt;
}
