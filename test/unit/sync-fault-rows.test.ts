// @vitest-environment node
// More rows of the sync fault table: a poisoned record, a conflict, unreadable and non-conforming
// 2xx answers, a redirect, clock jumps, clock skew, two runs at once, and runs that keep going.
// Each ends with every revision queued locally or stored once remotely, and nothing stuck.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { recordHash } from '../../lib/integrity/chain';
import { resendAsNewRevision, retryEntry } from '../../lib/sync/actions';
import { MAX_STRIKES } from '../../lib/sync/deliver';
import { runSync, type SyncDeps } from '../../lib/sync/engine';
import { REDIRECT_MESSAGE } from '../../lib/sync/post';
import { syncStatusItem } from '../../lib/sync/settings';
import { runReply } from '../../lib/sync/status-text';
import { checkNothingLost, configureSync, seedRecords, startHarness, type Harness } from './sync-harness';

let harness: Harness;
let db: FlaglineDb;
let keys: string[];
let clock: number;
let dbCount = 0;
const HOUR = 3_600_000;

function deps(overrides: Partial<SyncDeps> = {}): SyncDeps {
  // Short waits (random 0.1): the moved clock must stay within the receiver's signature tolerance.
  return { db, fetch: (i, init) => fetch(i, init), now: () => clock, random: () => 0.1, ...overrides };
}

async function expectInvariant() {
  const check = await checkNothingLost(db, harness.store, keys);
  expect(check.missing).toEqual([]);
  expect(check.duplicates).toBe(0);
  // Nothing stuck: no lease survives a run.
  expect(await db.outbox.where('state').equals('leased').count()).toBe(0);
  return check;
}

/** Runs automatic sync, moving the clock past each scheduled retry, until nothing is due. */
async function drain(maxRuns = 30) {
  for (let i = 0; i < maxRuns; i++) {
    const result = await runSync(deps(), { auto: true });
    if (!result.remaining) return;
    clock = Math.max(clock + 1, (await syncStatusItem.getValue()).nextAttemptAt ?? clock);
  }
  throw new Error('sync did not drain');
}

const ids = () => keys.map((key) => key.split(':')[0]!);

beforeAll(async () => {
  harness = await startHarness();
}, 60_000);
afterAll(async () => {
  await harness.close();
});
beforeEach(async () => {
  db = new FlaglineDb(`fault-rows-${++dbCount}`);
  keys = await seedRecords(db, 3);
  clock = Date.now();
  await harness.store.clear();
  harness.faults.length = 0;
  harness.rule = undefined;
  harness.seen.length = 0;
  harness.requests = 0;
  await syncStatusItem.setValue({});
  await configureSync(harness.endpoint, db);
}, 30_000);
afterEach(() => {
  harness.releaseHanging();
  db.close();
});

describe('a poisoned record', () => {
  it('with a NUL in its text: the receiver names it (422), the others are stored', async () => {
    const bad = (await db.outbox.get(keys[2]!))!;
    await db.outbox.put({ ...bad, record: { ...bad.record, whatHappened: 'before\u0000after' } });
    expect(await runSync(deps())).toMatchObject({ acked: 5, attention: 1, remaining: 0 });
    expect((await db.outbox.get(keys[2]!))?.lastError).toMatch(/NUL character .* \(unstorable-text\)$/);
    expect(await expectInvariant()).toMatchObject({ stored: 5, local: 1 });
  });

  it('behind an endpoint that answers 500 to any batch holding it: split off, then needs attention', async () => {
    const poisoned = ids()[1]!;
    harness.rule = (body) => (body.includes(poisoned) ? { status: 500, body: '{"error":"jsonb"}' } : undefined);
    await drain();
    const attention = await db.outbox.where('state').equals('attention').toArray();
    // Both revisions of the poisoned record, each alone after the batch was cut down.
    expect(attention.map((e) => e.id)).toEqual([poisoned, poisoned]);
    expect(attention[0]?.lastError).toMatch(/^The endpoint answered 500: jsonb \(failed \d+ times\)$/);
    expect(attention.every((e) => (e.strikes ?? 0) + 1 >= MAX_STRIKES)).toBe(true);
    expect(await expectInvariant()).toMatchObject({ stored: 4, local: 2 });
    // Requests stay bounded: the batch of 6 is cut to a quarter on each repeat.
    expect(harness.requests).toBeLessThan(20);
  });
});

describe('a conflict', () => {
  it('is kept locally with both hashes, and re-sent as a new revision on request', async () => {
    const [id, revision] = keys[0]!.split(':');
    const mine = (await db.outbox.get(keys[0]!))!.record;
    const theirs = { ...mine, whatHappened: 'Written on another device' };
    await harness.store.insert({
      deviceId: crypto.randomUUID(),
      batchId: 'other',
      records: [{ id: id!, revision: Number(revision), raw: theirs }],
    });
    expect(await runSync(deps())).toMatchObject({ acked: 5, attention: 1 });
    const entry = await db.outbox.get(keys[0]!);
    expect(entry).toMatchObject({
      state: 'attention',
      conflict: { storedHash: recordHash(theirs), localHash: recordHash(mine) },
    });
    // The endpoint kept its copy; ours was not dropped.
    expect((await harness.store.list({ id })).find((r) => r.revision === 1)?.record).toEqual(theirs);
    await expect(retryEntry(db, keys[0]!, clock)).rejects.toThrow(/re-send it as a new revision/);
    await resendAsNewRevision(db, keys[0]!, 'Ada');
    clock = Date.now();
    expect(await runSync(deps())).toMatchObject({ acked: 1, remaining: 0 });
    const rows = await harness.store.list({ id });
    expect(rows.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect((rows[2]?.record as { history: { note?: string }[] }).history.at(-1)?.note).toContain(recordHash(theirs));
  });
});

describe('2xx answers', () => {
  it.each([
    ['not JSON', { status: 200, body: '<html>OK</html>' }, /without a Flagline acknowledgement: <html>OK<\/html>/],
    ['empty (stored nothing)', { status: 200 }, /without a Flagline acknowledgement \(empty body\)/],
    ['JSON of another shape', { status: 201, body: '{"ok":true}' }, /without a Flagline acknowledgement/],
    ['an ack that names no record', { status: 200, body: '{"accepted":[]}' }, /without accounting for 6 of 6/],
  ])('%s: nothing counts as stored, all kept and retried', async (_name, fault, message) => {
    harness.faults.push(fault);
    const result = await runSync(deps());
    expect(result).toMatchObject({ acked: 0, remaining: 6 });
    expect(result.stopped).toMatch(message);
    expect(runReply(result).ok).toBe(false);
    expect((await db.outbox.toArray()).every((e) => e.state === 'queued' && e.strikes === 1)).toBe(true);
    await drain();
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });

  it('an endpoint that answers 200 to everything and stores nothing: records end in attention, never lost', async () => {
    harness.rule = () => ({ status: 200, body: '' });
    await drain(60);
    expect(await db.outbox.where('state').equals('attention').count()).toBe(6);
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
  });

  it('unknown fields and over-long messages are tolerated, not fatal', async () => {
    harness.faults.push({
      rewrite: (body) => {
        const ack = JSON.parse(body) as { accepted: object[] };
        return JSON.stringify({
          ...ack,
          accepted: ack.accepted.map((ref) => ({ ...ref, storedAt: 'now' })),
          note: 'extra',
        });
      },
    });
    expect(await runSync(deps())).toMatchObject({ acked: 6, remaining: 0 });
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });

  it('an over-long rejection message is cut, and the rest of the answer still counts', async () => {
    const [id, revision] = keys[3]!.split(':');
    harness.faults.push({
      rewrite: (body) => {
        const ack = JSON.parse(body) as { accepted: { id: string; revision: number }[] };
        const accepted = ack.accepted.filter((ref) => `${ref.id}:${ref.revision}` !== keys[3]);
        const long = { id, revision: Number(revision), code: 'policy', message: 'x'.repeat(5_000), hint: 1 };
        return JSON.stringify({ ...ack, accepted, rejected: [long] });
      },
    });
    expect(await runSync(deps())).toMatchObject({ acked: 5, attention: 1 });
    expect((await db.outbox.get(keys[3]!))?.lastError).toBe(`${'x'.repeat(2_000)} (policy)`.slice(0, 2_000));
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 1 });
  });
});

describe('a redirect', () => {
  it('is not followed: sync pauses with "check its URL", nothing leaves for the other origin', async () => {
    let elsewhere = 0;
    harness.faults.push({ status: 307, headers: { location: `${harness.url}/elsewhere` } });
    const counting = deps({
      fetch: (input, init) => {
        if (String(input).includes('/elsewhere')) elsewhere += 1;
        return fetch(input, init);
      },
    });
    const result = await runSync(counting);
    expect(result.stopped).toBe(REDIRECT_MESSAGE);
    expect((await syncStatusItem.getValue()).paused).toMatchObject({ reason: 'check-endpoint' });
    expect(elsewhere).toBe(0);
    expect(harness.requests).toBe(1);
    expect(await runSync(deps(), { force: true })).toMatchObject({ acked: 6 });
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });
});

describe('clock jumps', () => {
  it.each([2 * HOUR, -2 * HOUR])(
    'a failure at a clock off by %i ms strands nothing once it is corrected',
    async (jump) => {
      const real = clock;
      clock = real + jump;
      harness.faults.push({ status: 500 });
      await runSync(deps());
      // A worker stopped with a batch leased at the wrong time: its request never ends.
      let sent!: () => void;
      const leased = new Promise<void>((resolve) => (sent = resolve));
      const stopped = deps({
        lock: (fn) => fn(),
        fetch: () => {
          sent();
          return new Promise<Response>(() => {});
        },
      });
      void runSync(stopped, { force: true });
      await leased;
      expect(await db.outbox.where('state').equals('leased').count()).toBe(6);
      clock = real;
      const result = await runSync(deps(), { auto: true });
      expect(result).toMatchObject({ acked: 6, remaining: 0 });
      expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
    },
  );

  it('skew reported by the receiver is said as skew, not "token needed", and does not pause', async () => {
    clock = Date.now() + 10 * 60_000;
    const result = await runSync(deps());
    expect(result.stopped).toMatch(/^This device's clock differs from the endpoint's by 10 minutes\./);
    expect((await syncStatusItem.getValue()).paused).toBeUndefined();
    expect((await db.outbox.toArray()).every((e) => e.attempts === 0)).toBe(true);
    clock = Date.now();
    expect(await runSync(deps(), { auto: true })).toMatchObject({ acked: 6 });
  });
});

describe('runs', () => {
  it('two at once, from two contexts: one sends, nothing is sent twice, nothing stuck', async () => {
    const other = new FlaglineDb(db.name);
    const [a, b] = await Promise.all([runSync(deps()), runSync(deps({ db: other }))]);
    other.close();
    expect(a.acked + b.acked).toBe(6);
    expect(harness.requests).toBe(1);
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });

  it('a failed batch does not end a run that makes progress, and the run says what is left', async () => {
    keys = [...keys, ...(await seedRecords(db, 27)).filter((k) => !keys.includes(k))];
    clock = Date.now();
    harness.faults.push({ status: 503 });
    const result = await runSync(deps());
    // The first 50 failed; the run went on with the last 10 and says 50 wait.
    expect(result).toMatchObject({ acked: 10, remaining: 50 });
    expect(runReply(result)).toEqual({ ok: false, error: expect.stringMatching(/50 revisions are still waiting/) });
    await drain();
    expect(await expectInvariant()).toMatchObject({ stored: 60, local: 0 });
  });

  it('stops at its time budget and says how many are left', async () => {
    let t = 0;
    const result = await runSync(deps({ elapsed: () => (t += 5 * 60_000) }));
    expect(result).toMatchObject({ acked: 0, remaining: 6 });
    expect(runReply(result)).toEqual({
      ok: false,
      error: '6 revisions are still waiting to sync. Sync continues on its own.',
    });
  });

  it('a 413 size is remembered for the endpoint: the next run starts at it', async () => {
    keys = [...keys, ...(await seedRecords(db, 27)).filter((k) => !keys.includes(k))];
    clock = Date.now();
    const count = (body: string) => (JSON.parse(body) as { records: unknown[] }).records.length;
    harness.rule = (body) => (count(body) > 25 ? { status: 413 } : undefined);
    expect(await runSync(deps())).toMatchObject({ acked: 60 });
    const before = harness.requests;
    await db.outbox.clear();
    keys = await seedRecords(db, 30);
    clock = Date.now();
    await runSync(deps());
    // 60 more revisions at 25 a batch: 3 requests, no 413 first.
    expect(harness.requests - before).toBe(3);
  });

  it('a resend of the same records carries the same Idempotency-Key', async () => {
    harness.faults.push('lost');
    await runSync(deps());
    clock += 60_000;
    await runSync(deps());
    const [first, second] = harness.seen.map((r) => r.headers['idempotency-key']);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(harness.seen[0]?.headers['webhook-id']).toBe(first);
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });
});
