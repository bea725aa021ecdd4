// @vitest-environment node
// The sync fault table: the engine (fake-indexeddb) against the real receiver (PGlite)
// behind a loopback server that injects each fault. After every case nothing is lost and
// nothing is stored twice.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { BACKOFF_BASE_MS } from '../../lib/sync/backoff';
import { runSync, type SyncDeps } from '../../lib/sync/engine';
import { syncStatusItem } from '../../lib/sync/settings';
import { checkNothingLost, configureSync, seedRecords, startHarness, type Harness } from './sync-harness';

let harness: Harness;
let db: FlaglineDb;
let keys: string[];
let clock: number;
let dbCount = 0;

function deps(overrides: Partial<SyncDeps> = {}): SyncDeps {
  return { db, fetch: (i, init) => fetch(i, init), now: () => clock, random: () => 0.5, ...overrides };
}

async function expectInvariant() {
  const check = await checkNothingLost(db, harness.store, keys);
  expect(check.missing).toEqual([]);
  expect(check.duplicates).toBe(0);
  return check;
}

/** After the fault: a "Sync now" with a healthy server delivers everything, exactly once. */
async function expectRecovery() {
  harness.faults.length = 0;
  const result = await runSync(deps(), { force: true });
  expect(result.stopped).toBeUndefined();
  const check = await expectInvariant();
  expect(check).toMatchObject({ stored: keys.length, local: 0 });
}

beforeAll(async () => {
  harness = await startHarness();
}, 60_000);
afterAll(async () => {
  await harness.close();
});
beforeEach(async () => {
  db = new FlaglineDb(`faults-${++dbCount}`);
  keys = await seedRecords(db, 3);
  clock = Date.now();
  await harness.store.clear();
  harness.faults.length = 0;
  harness.rule = undefined;
  harness.seen.length = 0;
  await configureSync(harness.endpoint, db);
}, 30_000);
afterEach(() => {
  vi.useRealTimers();
  harness.releaseHanging();
  db.close();
});

describe('sync fault table', () => {
  it('delivers every revision once when nothing goes wrong, signed and authorised', async () => {
    const result = await runSync(deps());
    expect(result).toMatchObject({ acked: 6, attention: 0 });
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
    expect((await syncStatusItem.getValue()).lastSuccessAt).toBe(new Date(clock).toISOString());
  });

  it('endpoint down: keeps everything queued with backoff, then delivers', async () => {
    await configureSync('http://127.0.0.1:9/v1/batches', db);
    const result = await runSync(deps());
    expect(result.stopped).toBe('Could not reach the endpoint (network error).');
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
    const entries = await db.outbox.toArray();
    expect(entries.every((e) => e.state === 'queued' && e.attempts === 1)).toBe(true);
    // Full jitter with random() = 0.5 on the first attempt: half of the 30 s base.
    expect(entries[0]?.nextAttemptAt).toBe(clock + BACKOFF_BASE_MS / 2);
    expect(await runSync(deps())).toMatchObject({ skipped: 'backoff' });
    await configureSync(harness.endpoint, db);
    await expectRecovery();
  });

  it.each([408, 425, 500, 502, 503])('%i: retried with backoff, nothing stored, then delivered', async (status) => {
    harness.faults.push({ status, body: '{"error":"upstream trouble"}' });
    const result = await runSync(deps());
    expect(result.stopped).toBe(`The endpoint answered ${status}: upstream trouble`);
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
    expect((await syncStatusItem.getValue()).nextAttemptAt).toBe(clock + BACKOFF_BASE_MS / 2);
    await expectRecovery();
  });

  it.each<[string, () => string, number | 'jitter']>([
    ['seconds', () => '120', 120_000],
    ['an HTTP date', () => new Date(clock + 300_000).toUTCString(), 300_000],
    ['a date far ahead, clamped to an hour', () => new Date(clock + 86_400_000).toUTCString(), 3_600_000],
    ['garbage', () => 'soon-ish', 'jitter'],
  ])('429 with Retry-After as %s', async (_name, header, wait) => {
    harness.faults.push({ status: 429, headers: { 'retry-after': header() } });
    await runSync(deps());
    const entry = (await db.outbox.toArray())[0];
    const expected = wait === 'jitter' ? BACKOFF_BASE_MS / 2 : wait;
    // HTTP dates have whole seconds; allow for the truncation.
    expect(entry?.nextAttemptAt).toBeGreaterThanOrEqual(clock + expected - 1_000);
    expect(entry?.nextAttemptAt).toBeLessThanOrEqual(clock + expected);
    await expectInvariant();
    await expectRecovery();
  });

  it('a response that never comes: aborted after 25 s, kept queued', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    harness.faults.push('hang');
    const arrived = harness.nextRequest();
    const running = runSync(deps());
    await arrived;
    await vi.advanceTimersByTimeAsync(25_000);
    const result = await running;
    expect(result.stopped).toBe('The endpoint did not answer within 25 s.');
    vi.useRealTimers();
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
    await expectRecovery();
  });

  it('a failing run keeps what another context wrote to the status meanwhile', async () => {
    const elsewhere = '2026-01-01T00:00:00.000Z';
    harness.faults.push({ status: 500 });
    const meanwhile = deps({
      fetch: async (i, init) => {
        await syncStatusItem.setValue({ lastSuccessAt: elsewhere });
        return fetch(i, init);
      },
    });
    await runSync(meanwhile);
    const status = await syncStatusItem.getValue();
    expect(status.lastSuccessAt).toBe(elsewhere);
    expect(status.lastError?.message).toBe('The endpoint answered 500');
    await expectRecovery();
  });

  it('a response lost after the server stored the batch: resent, stored once', async () => {
    harness.faults.push('lost');
    const result = await runSync(deps());
    expect(result.stopped).toBe('Could not reach the endpoint (network error).');
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 6 });
    await expectRecovery();
  });

  it('the worker stopping with a batch in flight: the next worker sends the batch again', async () => {
    // The request reaches the receiver, but the worker never sees the answer. A stopped worker
    // takes its lock with it: the dying run holds a lock of its own, never the shared one.
    const arrived = harness.nextRequest();
    const dying = deps({
      fetch: (i, init) => fetch(i, init).then(() => new Promise<Response>(() => {})),
      lock: (fn) => fn(),
    });
    void runSync(dying);
    await arrived;
    await vi.waitFor(async () => expect((await harness.store.list()).length).toBe(6), { timeout: 10_000 });
    expect((await db.outbox.toArray()).every((e) => e.state === 'leased')).toBe(true);
    // Whatever the clock says, the lease of a run that no longer holds the lock is an orphan.
    expect(await runSync(deps())).toMatchObject({ acked: 6, remaining: 0 });
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });

  it('413: the batch is split until it fits', async () => {
    harness.faults.push({ status: 413 }, { status: 413 });
    const result = await runSync(deps());
    expect(result).toMatchObject({ acked: 6, attention: 0 });
    expect(harness.requests).toBeGreaterThanOrEqual(5);
    expect(await expectInvariant()).toMatchObject({ stored: 6, local: 0 });
  });

  it('413 for a single record: it needs attention, nothing else is held up', async () => {
    await db.outbox.where('key').noneOf([keys[0]!]).delete();
    keys = [keys[0]!];
    harness.faults.push({ status: 413, body: '{"error":"too big"}' });
    expect(await runSync(deps())).toMatchObject({ attention: 1 });
    const entry = await db.outbox.get(keys[0]!);
    expect(entry).toMatchObject({
      state: 'attention',
      lastError: 'The endpoint found the batch too large (413): too big',
    });
    await expectInvariant();
  });

  it('401: sync pauses with "token needed" and keeps everything', async () => {
    harness.faults.push({ status: 401, body: `{"error":"bad token test-token-7f3a"}` });
    await runSync(deps());
    const status = await syncStatusItem.getValue();
    expect(status.paused).toMatchObject({ reason: 'token-needed' });
    // The server echoed the token; it must not reach what the user sees.
    expect(status.paused?.message).toBe(
      'Token needed: the endpoint refused the credentials (401): bad token [redacted]',
    );
    expect(await runSync(deps())).toMatchObject({ skipped: 'paused' });
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
    await expectRecovery();
    expect((await syncStatusItem.getValue()).paused).toBeUndefined();
  });

  it.each<[number, string]>([
    [403, 'token-needed'],
    [404, 'check-endpoint'],
    [410, 'check-endpoint'],
  ])('%i: sync pauses (%s) and keeps everything', async (status, reason) => {
    harness.faults.push({ status });
    await runSync(deps());
    expect((await syncStatusItem.getValue()).paused).toMatchObject({ reason });
    await expectInvariant();
    await expectRecovery();
  });

  it.each([405, 409, 415])(
    "%i, a 4xx the contract does not name: sync pauses with the status and the server's words",
    async (status) => {
      harness.faults.push({ status, body: '{"error":"not here, test-token-7f3a"}' });
      const result = await runSync(deps());
      const paused = (await syncStatusItem.getValue()).paused;
      expect(paused).toMatchObject({ reason: 'endpoint-refused' });
      expect(paused?.message).toBe(
        `The endpoint refused the batch (${status}): not here, [redacted]. Check the endpoint and its receiver, then sync again.`,
      );
      expect(result.stopped).toBe(paused?.message);
      // Not retried on its own: nothing is scheduled, and an automatic run waits for a person.
      expect((await syncStatusItem.getValue()).nextAttemptAt).toBeUndefined();
      expect(await runSync(deps(), { auto: true })).toMatchObject({ skipped: 'paused' });
      expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
      expect(await db.outbox.where('state').equals('attention').count()).toBe(0);
      await expectRecovery();
      expect((await syncStatusItem.getValue()).paused).toBeUndefined();
    },
  );

  it('a 2xx that rejects one record and names no other: that record needs attention, the rest stay queued', async () => {
    const [id, revision] = keys[1]!.split(':');
    const rejected = [{ id, revision: Number(revision), code: 'policy', message: 'Workflow unknown here' }];
    harness.faults.push({ status: 200, body: JSON.stringify({ rejected }) });
    expect(await runSync(deps())).toMatchObject({ acked: 0, attention: 1, remaining: 5 });
    expect(await db.outbox.get(keys[1]!)).toMatchObject({
      state: 'attention',
      lastError: 'Workflow unknown here (policy)',
    });
    // The endpoint did not say it stored the others: they are kept and sent again.
    expect(await expectInvariant()).toMatchObject({ stored: 0, local: 6 });
    clock += 60_000;
    expect(await runSync(deps())).toMatchObject({ acked: 5, remaining: 0 });
    expect(await expectInvariant()).toMatchObject({ stored: 5, local: 1 });
  });

  it('400 without naming a record: the batch is halved until the refused record stands alone', async () => {
    harness.faults.push({ status: 400 }, 'pass', { status: 400 }, 'pass', {
      status: 400,
      body: '{"error":"bad field"}',
    });
    const result = await runSync(deps());
    expect(result.attention).toBe(1);
    const attention = await db.outbox.where('state').equals('attention').toArray();
    expect(attention.map((e) => e.lastError)).toEqual(['Refused (400): bad field']);
    expect(await expectInvariant()).toMatchObject({ stored: 5, local: 1 });
  });

  it('422 for one record of a batch: that record needs attention, the others are stored', async () => {
    const bad = (await db.outbox.get(keys[2]!))!;
    await db.outbox.put({ ...bad, record: { ...bad.record, reporter: { email: 'not-an-email' } } });
    const result = await runSync(deps());
    expect(result).toMatchObject({ acked: 5, attention: 1 });
    const entry = await db.outbox.get(keys[2]!);
    expect(entry?.state).toBe('attention');
    expect(entry?.lastError).toMatch(/^Invalid record at reporter\.email: .+ \(invalid-record\)$/);
    expect(await expectInvariant()).toMatchObject({ stored: 5, local: 1 });
  });
});
