// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import type { OutboxEntry } from '../../lib/incident/outbox-entry';
import type { Incident } from '../../lib/incident/schema';
import { MAX_BATCH_BYTES } from '../../lib/sync/contract';
import { leaseBatch, recordBytes, releaseExpired, unsyncedRecordCount } from '../../lib/sync/outbox';

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
    const batch = await leaseBatch(db, { now: NOW, batchId: 'b1', leaseMs: 60_000 });
    expect(batch).toHaveLength(50);
    expect(batch[0]?.key).toBe(entry(0).key);
    const leased = await db.outbox.where('state').equals('leased').toArray();
    expect(leased).toHaveLength(50);
    expect(leased.every((e) => e.batchId === 'b1' && e.leaseUntil === NOW + 60_000)).toBe(true);
    // A second worker gets only what is left.
    expect(await leaseBatch(db, { now: NOW, batchId: 'b2', leaseMs: 60_000 })).toHaveLength(10);
  });

  it('stops before 256 KB of body', async () => {
    await db.outbox.bulkPut(Array.from({ length: 10 }, (_, i) => entry(i, { size: 60_000 })));
    const batch = await leaseBatch(db, { now: NOW, batchId: 'b', leaseMs: 1 });
    expect(batch).toHaveLength(4);
    expect(batch.reduce((sum, e) => sum + recordBytes(e), 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it('sends a record larger than a batch alone, rather than never', async () => {
    await db.outbox.bulkPut([entry(0, { size: MAX_BATCH_BYTES + 10 }), entry(1)]);
    expect((await leaseBatch(db, { now: NOW, batchId: 'b', leaseMs: 1 })).map((e) => e.key)).toEqual([entry(0).key]);
  });

  it('waits for entries in backoff unless forced ("Sync now")', async () => {
    await db.outbox.bulkPut([entry(0, { due: NOW + 30_000 })]);
    expect(await leaseBatch(db, { now: NOW, batchId: 'b', leaseMs: 1 })).toHaveLength(0);
    expect(await leaseBatch(db, { now: NOW, batchId: 'b', leaseMs: 1, force: true })).toHaveLength(1);
  });

  it('returns only expired leases to the queue', async () => {
    await db.outbox.bulkPut([entry(0), entry(1)]);
    await leaseBatch(db, { now: NOW, batchId: 'old', leaseMs: 1_000 });
    await db.outbox.update(entry(1).key, { leaseUntil: NOW + 120_000 });
    expect(await releaseExpired(db, NOW + 60_000)).toBe(1);
    const released = await db.outbox.get(entry(0).key);
    expect(released?.state).toBe('queued');
    expect(released?.batchId).toBeUndefined();
    expect(await db.outbox.get(entry(1).key)).toMatchObject({ state: 'leased', batchId: 'old' });
  });

  it('counts records, not revisions, as unsynced', async () => {
    const id = entry(0).id;
    await db.outbox.bulkPut([entry(0), { ...entry(0), key: `${id}:2`, revision: 2 }, entry(1)]);
    expect(await unsyncedRecordCount(db)).toBe(2);
  });
});
