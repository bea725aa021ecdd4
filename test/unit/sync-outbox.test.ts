// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import type { OutboxEntry } from '../../lib/incident/outbox-entry';
import type { Incident } from '../../lib/incident/schema';
import { MAX_BATCH_BYTES } from '../../lib/sync/contract';
import {
  isDue,
  leaseBatch,
  recordBytes,
  recordsForStrikes,
  releaseLeases,
  unsyncedRecordCount,
} from '../../lib/sync/outbox';

const NOW = Date.parse('2026-01-01T00:00:00Z');
let db: FlaglineDb;
let n = 0;

function entry(i: number, options: { size?: number; due?: number; id?: string } = {}): OutboxEntry {
  const id = options.id ?? `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  // Only the size of the record matters to leasing; its content is opaque here.
  const record = { id, revision: 1, whatHappened: 'x'.repeat(options.size ?? 100) } as unknown as Incident;
  return {
    key: `${id}:1`,
    id,
    revision: 1,
    record,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: options.due ?? NOW,
    createdAt: new Date(NOW + i).toISOString(),
  };
}

beforeEach(() => {
  db = new FlaglineDb(`outbox-${++n}`);
});
afterEach(() => db.close());

describe('leasing a batch', () => {
  it('takes at most 50 records, oldest first, and marks them leased until the lease ends', async () => {
    await db.outbox.bulkPut(Array.from({ length: 60 }, (_, i) => entry(i)));
    const batch = await leaseBatch(db, { now: NOW, batchId: 'b1' });
    expect(batch).toHaveLength(50);
    expect(batch[0]?.key).toBe(entry(0).key);
    const leased = await db.outbox.where('state').equals('leased').toArray();
    expect(leased).toHaveLength(50);
    expect(leased.every((e) => e.batchId === 'b1' && e.leasedAt === NOW)).toBe(true);
    // A second worker gets only what is left.
    expect(await leaseBatch(db, { now: NOW, batchId: 'b2' })).toHaveLength(10);
  });

  it('stops before 256 KB of body', async () => {
    await db.outbox.bulkPut(Array.from({ length: 10 }, (_, i) => entry(i, { size: 60_000 })));
    const batch = await leaseBatch(db, { now: NOW, batchId: 'b' });
    expect(batch).toHaveLength(4);
    expect(batch.reduce((sum, e) => sum + recordBytes(e), 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it('sends a record larger than a batch alone, rather than never', async () => {
    await db.outbox.bulkPut([entry(0, { size: MAX_BATCH_BYTES + 10 }), entry(1)]);
    expect((await leaseBatch(db, { now: NOW, batchId: 'b' })).map((e) => e.key)).toEqual([entry(0).key]);
  });

  it('waits for entries in backoff unless forced ("Sync now")', async () => {
    await db.outbox.bulkPut([entry(0, { due: NOW + 30_000 })]);
    expect(await leaseBatch(db, { now: NOW, batchId: 'b' })).toHaveLength(0);
    expect(await leaseBatch(db, { now: NOW, batchId: 'b', force: true })).toHaveLength(1);
  });

  it('returns every lease to the queue when the run lock is taken, whatever the clock says', async () => {
    await db.outbox.bulkPut([entry(0), entry(1)]);
    // Leased while the clock was two hours ahead.
    await leaseBatch(db, { now: NOW + 7_200_000, batchId: 'old' });
    expect(await releaseLeases(db)).toBe(2);
    const released = await db.outbox.get(entry(0).key);
    expect(released?.state).toBe('queued');
    expect(released?.batchId).toBeUndefined();
  });

  it('a wait set in the future, or longer than any backoff, came from a clock change: due now', () => {
    const created = new Date(NOW).toISOString();
    expect(isDue({ nextAttemptAt: NOW + 30_000, lastAttemptAt: NOW, createdAt: created }, NOW)).toBe(false);
    expect(isDue({ nextAttemptAt: NOW + 30_000, lastAttemptAt: NOW + 7_200_000, createdAt: created }, NOW)).toBe(true);
    expect(isDue({ nextAttemptAt: NOW + 7_200_000, createdAt: new Date(NOW + 7_200_000).toISOString() }, NOW)).toBe(
      true,
    );
    expect(isDue({ nextAttemptAt: NOW + 2 * 3_600_000, lastAttemptAt: NOW, createdAt: created }, NOW)).toBe(true);
  });

  it('cuts the batch to a quarter on each repeated failure a record may cause', async () => {
    expect([0, 1, 2, 3, 4].map((strikes) => recordsForStrikes(strikes))).toEqual([50, 50, 12, 3, 1]);
    await db.outbox.bulkPut(Array.from({ length: 20 }, (_, i) => ({ ...entry(i), strikes: i === 0 ? 3 : 0 })));
    expect(await leaseBatch(db, { now: NOW, batchId: 'b' })).toHaveLength(3);
  });

  it('honours a size the endpoint taught with a 413', async () => {
    await db.outbox.bulkPut(Array.from({ length: 20 }, (_, i) => entry(i)));
    expect(await leaseBatch(db, { now: NOW, batchId: 'b', maxRecords: 7 })).toHaveLength(7);
  });

  it('counts records, not revisions, as unsynced', async () => {
    const id = entry(0).id;
    await db.outbox.bulkPut([entry(0), { ...entry(0), key: `${id}:2`, revision: 2 }, entry(1)]);
    expect(await unsyncedRecordCount(db)).toBe(2);
  });
});
