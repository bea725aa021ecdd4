import Dexie from 'dexie';
import type { FlaglineDb } from '../db';
import type { OutboxEntry } from '../incident/outbox-entry';
import { BACKOFF_CAP_MS } from './backoff';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from './contract';

/** Room left in a batch body for the envelope around the records. */
const ENVELOPE_BYTES = 512;
/** How many queued entries one lease looks at, at most, to find a batch of due ones. */
const SCAN_LIMIT = 500;
const encoder = new TextEncoder();

/** Bytes a record adds to a batch body. */
export function recordBytes(entry: Pick<OutboxEntry, 'record'>): number {
  return encoder.encode(JSON.stringify(entry.record)).length + 1;
}

/**
 * Whether a queued entry may be sent now. A wait set (or an entry made) at a time still in the
 * future, or a wait longer than any backoff, means the clock was changed since: that wait is
 * meaningless, so the entry is due rather than stranded.
 */
export function isDue(entry: Pick<OutboxEntry, 'nextAttemptAt' | 'lastAttemptAt' | 'createdAt'>, now: number): boolean {
  if (entry.nextAttemptAt <= now) return true;
  const setAt = entry.lastAttemptAt ?? Date.parse(entry.createdAt);
  return setAt > now || entry.nextAttemptAt - now > BACKOFF_CAP_MS;
}

/**
 * The most records a batch may hold given the strikes of its entries: a batch that failed in a
 * way a record may cause is cut to a quarter on each repeat, so a poisoned record ends up alone.
 */
export function recordsForStrikes(strikes: number, max = MAX_BATCH_RECORDS): number {
  return strikes <= 1 ? max : Math.max(1, Math.floor(max / 4 ** (strikes - 1)));
}

/**
 * Returns every lease to the queue. Called by the run that holds the sync lock: no other run is
 * sending, so any lease left is from a worker that was stopped or lost its answer. Times do not
 * decide it, so a clock change cannot strand a batch. The receiver stores by (id, revision), so
 * sending again cannot duplicate.
 */
export async function releaseLeases(db: FlaglineDb): Promise<number> {
  return db.outbox
    .where('state')
    .equals('leased')
    .modify((entry) => {
      entry.state = 'queued';
      delete entry.leaseUntil;
      delete entry.leasedAt;
      delete entry.batchId;
    });
}

export interface LeaseOptions {
  now: number;
  batchId: string;
  force?: boolean;
  /** Limits remembered for the endpoint (after a 413). */
  maxRecords?: number;
  maxBytes?: number;
}

/**
 * Leases the next batch in one transaction: due queued entries, oldest first, read through the
 * [state+createdAt] index a few hundred at a time, at most 50 records and 256 KB of body (a single
 * larger record still goes alone, and a 413 sends it to attention). Leasing, not deleting, is what
 * keeps a record when the worker dies mid-request.
 */
export async function leaseBatch(db: FlaglineDb, options: LeaseOptions): Promise<OutboxEntry[]> {
  const maxRecords = Math.min(MAX_BATCH_RECORDS, options.maxRecords ?? MAX_BATCH_RECORDS);
  const maxBytes = Math.min(MAX_BATCH_BYTES, options.maxBytes ?? MAX_BATCH_BYTES);
  return db.transaction('rw', db.outbox, async () => {
    const candidates = await db.outbox
      .where('[state+createdAt]')
      .between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])
      .filter((entry) => options.force || isDue(entry, options.now))
      .limit(SCAN_LIMIT)
      .toArray();
    candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.revision - b.revision);
    const batch: OutboxEntry[] = [];
    let bytes = ENVELOPE_BYTES;
    let limit = maxRecords;
    for (const entry of candidates) {
      const size = recordBytes(entry);
      limit = Math.min(limit, recordsForStrikes(entry.strikes ?? 0, maxRecords));
      if (batch.length >= limit || (batch.length > 0 && bytes + size > maxBytes)) break;
      batch.push(entry);
      bytes += size;
    }
    for (const entry of batch)
      Object.assign(entry, { state: 'leased', leasedAt: options.now, batchId: options.batchId });
    await db.outbox.bulkPut(batch);
    return batch;
  });
}

/** Removes acknowledged entries: the only way an entry leaves the outbox besides a discard. */
export async function acknowledge(db: FlaglineDb, keys: string[]): Promise<void> {
  if (keys.length) await db.outbox.bulkDelete(keys);
}

/**
 * Puts entries back in the queue, due at `nextAttemptAt`. A failure counts an attempt (for
 * backoff) and, when a record may be its cause, a strike (for splitting).
 */
export async function requeue(
  db: FlaglineDb,
  keys: string[],
  options: { nextAttemptAt: number; now: number; failed: boolean; strike?: boolean; error?: string },
): Promise<void> {
  if (!keys.length) return;
  await db.outbox
    .where('key')
    .anyOf(keys)
    .modify((entry) => {
      entry.state = 'queued';
      entry.nextAttemptAt = options.nextAttemptAt;
      // When the wait was set: a time in the future later means the clock went back since.
      entry.lastAttemptAt = options.now;
      if (options.failed) entry.attempts += 1;
      if (options.strike) entry.strikes = (entry.strikes ?? 0) + 1;
      if (options.error) entry.lastError = options.error;
      delete entry.leaseUntil;
      delete entry.leasedAt;
      delete entry.batchId;
    });
}

export interface AttentionItem {
  key: string;
  message: string;
  conflict?: OutboxEntry['conflict'];
}

/** Sends entries to "Needs attention" with the server's message; they wait for the reviewer. */
export async function markAttention(db: FlaglineDb, items: AttentionItem[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const item of items) {
      await db.outbox.update(item.key, (entry) => {
        entry.state = 'attention';
        entry.lastError = item.message.slice(0, 2_000);
        entry.attempts += 1;
        if (item.conflict) entry.conflict = item.conflict;
        delete entry.leaseUntil;
        delete entry.leasedAt;
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

/** Revisions still waiting to be sent (queued or in flight), not counting those needing attention. */
export async function waitingCount(db: FlaglineDb): Promise<number> {
  return db.outbox.where('state').anyOf(['queued', 'leased']).count();
}

/** Earliest time a queued entry is due, for scheduling. */
export async function nextDue(db: FlaglineDb): Promise<number | undefined> {
  const first = await db.outbox
    .orderBy('nextAttemptAt')
    .filter((entry) => entry.state === 'queued')
    .first();
  return first?.nextAttemptAt;
}
