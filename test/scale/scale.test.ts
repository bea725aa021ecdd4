// Scale-out: two receiver processes on one PostgreSQL, fed round-robin as a load balancer would,
// with their notifiers running. A hundred thousand records from twenty devices, second revisions
// and resent batches among them: each revision is stored once, the latest per record is kept,
// and each notification is delivered once, whichever process took the batch or sent the message.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../receiver/db/migrations';
import { ROUTED_PARTY, runLoad, type LoadResult } from '../../receiver/load';
import { fakeWebhook, type FakeWebhook } from './fake-webhook';
import { scratchDatabase, spawnReceivers, type ReceiverProcess, type ScratchDatabase } from './processes';

const DATABASE_URL = process.env.DATABASE_URL;
// Nothing to run without PostgreSQL: scripts/test.mjs calls this only when DATABASE_URL is set
// (.ci/run sets one), and a run without it fails rather than passing with nothing checked.
if (!DATABASE_URL)
  throw new Error('The scale test needs DATABASE_URL (a PostgreSQL server it may create a database on).');

const RECORDS = Number(process.env.SCALE_RECORDS ?? 100_000);
const DEVICES = Number(process.env.SCALE_DEVICES ?? 20);
const REPORTER = `rep-${randomBytes(8).toString('hex')}`;
const ADMIN = `adm-${randomBytes(8).toString('hex')}`;
const HOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
/** Waiting for the outbox to drain ends here: a bound on a stuck run, not a speed requirement. */
const DRAIN_TIMEOUT_MS = 10 * 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('two receiver processes on one PostgreSQL', () => {
  let database: ScratchDatabase;
  let db: pg.Pool;
  let hook: FakeWebhook;
  let receivers: ReceiverProcess[] = [];
  let load: LoadResult;

  const count = async (text: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(text, params)).rows[0]!.n);

  beforeAll(async () => {
    database = await scratchDatabase(DATABASE_URL);
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    hook = await fakeWebhook(HOOK_SECRET);
    const env = {
      DATABASE_URL: database.url,
      RECEIVER_TOKENS: `reporter:${REPORTER},admin:${ADMIN}`,
    };
    // Both at the same moment: they migrate the empty database concurrently.
    receivers = await spawnReceivers(2, env);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await hook?.close();
    await db?.end();
    await database?.drop();
  });

  it('migrates once although both processes started together', async () => {
    const { rows } = await db.query<{ version: number; n: string }>(
      'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    );
    expect(rows.map((r) => [r.version, Number(r.n)])).toEqual(MIGRATIONS.map((m) => [m.version, 1]));
  });

  it(`stores ${RECORDS.toLocaleString('en-US')} records sent round-robin with resends once each, and notifies once each`, async () => {
    const target = await fetch(`${receivers[0]!.url}/v1/admin/targets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({
        kind: 'webhook',
        name: 'Scale test',
        config: { url: hook.url, secret: HOOK_SECRET },
        parties: [ROUTED_PARTY],
      }),
    });
    expect(target.status, await target.clone().text()).toBeLessThan(300);

    load = await runLoad({
      urls: receivers.map((r) => r.url),
      records: RECORDS,
      devices: DEVICES,
      token: REPORTER,
      log: (line) => console.log(`load: ${line}`),
      logEveryMs: 30_000,
    });
    console.log(
      `load: ${load.revisions} revisions in ${load.seconds.toFixed(1)} s (${Math.round(load.recordsPerSecond)} records/s), ` +
        `${load.resends} batches sent twice, ${load.retries} requests retried`,
    );
    // No revision was accepted twice, by either process; every second copy was a duplicate. All
    // were accepted unless an answer was lost and its retry found the first try stored.
    expect(load.accepted).toBeLessThanOrEqual(load.revisions);
    if (!load.retries) expect(load.accepted).toBe(load.revisions);
    expect(load.resends).toBeGreaterThan(0);
    expect(load.duplicate).toBeGreaterThan(0);

    // Every revision once.
    expect(await count('SELECT count(*) AS n FROM incident_revisions')).toBe(load.revisions);
    expect(await count('SELECT count(DISTINCT (id, revision)) AS n FROM incident_revisions')).toBe(load.revisions);
    // One row per record, at its highest revision.
    expect(await count('SELECT count(*) AS n FROM incidents')).toBe(RECORDS);
    expect(
      await count(
        `SELECT count(*) AS n FROM incidents i
         WHERE i.revision <> (SELECT max(r.revision) FROM incident_revisions r WHERE r.id = i.id)`,
      ),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM incidents WHERE revision = 2')).toBe(load.revisions - RECORDS);
    // The latest row carries the raised severity of its second revision.
    expect(
      await count(
        `SELECT count(*) AS n FROM incidents i JOIN incident_revisions r ON r.id = i.id AND r.revision = i.revision
         WHERE i.severity IS DISTINCT FROM r.record #>> '{assessment,severity}'`,
      ),
    ).toBe(0);

    // The notifiers drain the outbox between them.
    const drainStarted = Date.now();
    const drained = await until(
      'the notification outbox to drain',
      async () => {
        const { rows } = await db.query<{ status: string; n: string }>(
          'SELECT status, count(*) AS n FROM notification_outbox GROUP BY status',
        );
        const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
        if (by.failed) throw new Error(`Notifications failed: ${JSON.stringify(by)}`);
        return by.pending || by.sending ? undefined : by;
      },
      DRAIN_TIMEOUT_MS,
    );
    console.log(
      `notifications: ${JSON.stringify(drained)}, outbox drained ${Math.round((Date.now() - drainStarted) / 1000)} s after the load`,
    );
    // A notification for each routed record's arrival and for each second revision that raised it.
    const expected = load.routedRecords + load.routedRaises;
    expect(drained).toEqual({ sent: expected });
    expect(hook.refused).toEqual([]);
    expect(hook.total()).toBe(expected);
    expect(hook.byId.size).toBe(expected);
    expect([...hook.byId.values()].every((n) => n === 1)).toBe(true);
    expect(hook.byRevision.size).toBe(expected);
    expect([...hook.byRevision.values()].every((n) => n === 1)).toBe(true);
    const { rows: outbox } = await db.query<{ key: string }>(
      "SELECT record_id || ':' || revision AS key FROM notification_outbox",
    );
    expect(new Set(outbox.map((r) => r.key))).toEqual(new Set(hook.byRevision.keys()));

    // Both processes are still up, and the migrations still say each step once.
    expect(receivers.map((r) => r.running())).toEqual([true, true]);
    expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(MIGRATIONS.length);
  });
});
