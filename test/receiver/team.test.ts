import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../lib/incident/schema';
import { computeReview } from '../../lib/review/compute';
import { quarterOf } from '../../lib/review/quarter';
import { createReceiverApp } from '../../receiver/app';
import { migrate, MIGRATIONS } from '../../receiver/db/migrations';
import { openSql } from '../../receiver/db/sql';
import { startReceiver } from '../../receiver/server';
import { openStore, type Store } from '../../receiver/store';
import { startFakeHttp } from './fakes';

const REPORTER = 'team-test-reporter-token';
const REVIEWER = 'team-test-reviewer-token';
const ADMIN = 'team-test-admin-token';
const LAPTOP = '11111111-1111-4111-8111-111111111111';
const DESKTOP = '22222222-2222-4222-8222-222222222222';
const DATABASE_URL = process.env.DATABASE_URL;

const at = (iso: string) => new Date(iso).toISOString();

/** A record detected at `detectedAt`, assessed when `severity` is given. */
function record(
  n: number,
  options: {
    revision?: number;
    severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
    output?: string;
    detectedAt?: string;
  } = {},
): Incident {
  const detectedAt = at(options.detectedAt ?? `2026-10-0${(n % 9) + 1}T09:00:00Z`);
  const revision = options.revision ?? 1;
  const id = `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  const base: Incident = {
    schemaVersion: 2,
    id,
    revision,
    createdAt: detectedAt,
    updatedAt: detectedAt,
    status: 'reported',
    timeline: { detectedAt },
    reporter: { name: 'Ada' },
    evidence: {
      output: options.output ?? `Output number ${n}: the refund is approved.`,
      source: 'selection',
      trigger: 'button',
      selectors: [],
      page: { url: `https://crm.example.com/${n}`, title: `Account ${n}`, capturedAt: detectedAt },
      hash: { algorithm: 'SHA-256', value: 'a'.repeat(64) },
    },
    triage: { dueAt: at(new Date(Date.parse(detectedAt) + 4 * 3_600_000).toISOString()) },
    history: [{ at: detectedAt, by: 'Ada', revision, action: 'Flagged (button)' }],
  };
  if (!options.severity) return base;
  return {
    ...base,
    assessment: {
      answers: { leftCompany: 'no', exposedData: 'no', actedUpon: 'no' },
      class: 'incident',
      severity: options.severity,
      provisional: false,
    },
  };
}

const variants: [string, () => Promise<Store>][] = [['PGlite', () => openStore({ dataDir: 'memory://' })]];
if (DATABASE_URL) variants.push(['PostgreSQL', () => openStore({ databaseUrl: DATABASE_URL })]);

describe.each(variants)('the team receiver on %s', (_name, open) => {
  let store: Store;
  let app: ReturnType<typeof createReceiverApp>;
  const as = (token: string | null, url: string, init: RequestInit = {}) =>
    app.request(url, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
  const send = (device: string, records: unknown[]) =>
    as(REPORTER, '/v1/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        schemaVersion: 1,
        batchId: crypto.randomUUID(),
        deviceId: device,
        sentAt: new Date().toISOString(),
        records,
      }),
    });

  beforeAll(async () => {
    store = await open();
    app = createReceiverApp({
      store,
      tokens: [`reporter:${REPORTER}`, `reviewer:${REVIEWER}`, `admin:${ADMIN}`],
    });
  });
  afterAll(() => store.close());
  beforeEach(() => store.clear());

  const READS = [
    '/v1/records',
    `/v1/records/${record(1).id}`,
    '/v1/incidents',
    '/v1/incidents/facets',
    `/v1/incidents/${record(1).id}`,
    `/v1/incidents/${record(1).id}/revisions/1`,
    '/v1/review?quarter=2026-Q4',
    '/v1/review/export?quarter=2026-Q4&format=csv',
    '/v1/export',
    '/v1/export?format=json',
    '/v1/admin/tokens',
  ];

  it('a reporter token sends but gets 403 on every read; a wrong or missing token gets 401', async () => {
    expect((await send(LAPTOP, [record(1)])).status).toBe(200);
    for (const url of READS) {
      expect([url, (await as(REPORTER, url)).status]).toEqual([url, 403]);
      expect([url, (await as('not-a-token', url)).status]).toEqual([url, 401]);
      expect([url, (await as(null, url)).status]).toEqual([url, 401]);
    }
    const triage = await as(REPORTER, `/v1/incidents/${record(1).id}/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'acknowledge' }),
    });
    expect(triage.status).toBe(403);
    expect((await as('not-a-token', '/v1/batches', { method: 'POST', body: '{}' })).status).toBe(401);
    // A reviewer reads everything but cannot manage tokens.
    for (const url of READS.filter((u) => !u.startsWith('/v1/admin'))) {
      expect([url, (await as(REVIEWER, url)).status]).toEqual([url, 200]);
    }
    expect((await as(REVIEWER, '/v1/admin/tokens')).status).toBe(403);
    expect((await as(ADMIN, '/v1/admin/tokens')).status).toBe(200);
  });

  it('never writes a token to the log or the database', async () => {
    const written: string[] = [];
    const capture = (...args: unknown[]) => void written.push(args.map(String).join(' '));
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(capture),
      vi.spyOn(console, 'error').mockImplementation(capture),
      vi.spyOn(console, 'warn').mockImplementation(capture),
      vi.spyOn(console, 'info').mockImplementation(capture),
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (capture(chunk), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (capture(chunk), true)),
    ];
    try {
      await send(LAPTOP, [record(1)]);
      await as('wrong-secret-token', '/v1/incidents');
      await as(REPORTER, '/v1/incidents');
      await as(REVIEWER, '/v1/incidents');
      const made = (await (
        await as(ADMIN, '/v1/admin/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'reviewer', label: 'Governance laptop' }),
        })
      ).json()) as { token: string };
      await app.request('/console/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: made.token }),
      });
      const listed = JSON.stringify(await (await as(ADMIN, '/v1/admin/tokens')).json());
      const { rows } = await store.sql.query('SELECT * FROM tokens');
      for (const token of [REPORTER, REVIEWER, ADMIN, made.token, 'wrong-secret-token']) {
        expect(written.join('\n')).not.toContain(token);
        expect(listed).not.toContain(token);
        expect(JSON.stringify(rows)).not.toContain(token);
      }
      expect(listed).not.toMatch(/hash/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('signs the console in with a token as an HttpOnly, SameSite=Strict session cookie, and out again', async () => {
    const signIn = (token: string, base = 'http://127.0.0.1') =>
      app.request(`${base}/console/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
    expect((await signIn('nope')).status).toBe(401);
    const reporter = await signIn(REPORTER);
    expect(reporter.status).toBe(403);
    expect(await reporter.json()).toEqual({ error: 'This token can send records but not read them.' });
    const local = await signIn(REVIEWER);
    expect(local.status).toBe(204);
    const cookie = local.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flagline_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect((await signIn(REVIEWER, 'https://flagline.example.com')).headers.get('set-cookie')).toMatch(/; Secure/);
    const session = cookie.split(';')[0]!;
    const me = await app.request('/v1/me', { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({ signedIn: true, role: 'reviewer', openMode: false });
    expect(await (await app.request('/v1/me')).json()).toEqual({ signedIn: false });
    expect((await app.request('/v1/me', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await app.request('/v1/incidents', { headers: { cookie: session } })).status).toBe(200);
    await app.request('/console/session', { method: 'DELETE', headers: { cookie: session } });
    expect((await app.request('/v1/incidents', { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses a form or plain-text post from another site, which a page could send without asking', async () => {
    await send(LAPTOP, [record(1)]);
    const forged = (path: string, origin: string, contentType = 'text/plain') =>
      app.request(`http://127.0.0.1:8787${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${REVIEWER}`, origin, 'content-type': contentType },
        body: JSON.stringify({ kind: 'note', text: 'forged' }),
      });
    const triage = `/v1/incidents/${record(1).id}/triage`;
    expect((await forged(triage, 'https://attacker.example')).status).toBe(403);
    expect((await forged(triage, 'https://attacker.example', 'application/x-www-form-urlencoded')).status).toBe(403);
    expect((await forged('/console/session', 'https://attacker.example')).status).toBe(403);
    expect((await forged('/v1/batches', 'https://attacker.example')).status).toBe(403);
    // The console itself, and JSON (which another site cannot send without a preflight), pass.
    expect((await forged(triage, 'http://127.0.0.1:8787')).status).toBe(200);
    expect((await forged(triage, 'chrome-extension://abcdefghijklmnop', 'application/json')).status).toBe(200);
  });

  it('admins make tokens shown once and revoke them; a revoked token and its sessions stop working', async () => {
    const created = await as(ADMIN, '/v1/admin/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reviewer', label: 'Dana, governance' }),
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^flt_[\w-]{43}$/);
    expect((await as(token, '/v1/incidents')).status).toBe(200);
    const listed = (await (await as(ADMIN, '/v1/admin/tokens')).json()) as { tokens: { id: string; label: string }[] };
    expect(listed.tokens.find((t) => t.id === id)).toMatchObject({ label: 'Dana, governance', role: 'reviewer' });
    expect((await as(ADMIN, `/v1/admin/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(token, '/v1/incidents')).status).toBe(401);
  });

  it('lists the latest revision of each record from every device, filtered like the extension log, page by page', async () => {
    const records = Array.from({ length: 7 }, (_, i) => record(i + 1, i % 2 ? { severity: 'SEV2' } : {}));
    await send(LAPTOP, records.slice(0, 4));
    await send(DESKTOP, records.slice(4));
    await send(DESKTOP, [{ ...record(1, { severity: 'SEV1', output: 'Contoso renewal at 40% off' }), revision: 2 }]);
    // A revision older than the one held arrives late: the latest stays.
    await send(LAPTOP, [{ ...record(3), revision: 1 }]);
    type Page = {
      rows: { id: string; revision: number; deviceId: string; severity: string | null }[];
      total: number;
      nextCursor: string | null;
    };
    const list = async (query: string) => (await (await as(REVIEWER, `/v1/incidents?${query}`)).json()) as Page;
    const all = await list('');
    expect(all.total).toBe(7);
    expect(new Set(all.rows.map((r) => r.deviceId))).toEqual(new Set([LAPTOP, DESKTOP]));
    expect(all.rows.find((r) => r.id === records[0]!.id)).toMatchObject({
      revision: 2,
      severity: 'SEV1',
      deviceId: DESKTOP,
    });
    expect((await list('text=contoso%20renewal')).rows.map((r) => r.id)).toEqual([records[0]!.id]);
    expect((await list('text=40%25')).total).toBe(1);
    expect((await list('severity=SEV2')).total).toBe(3);
    expect((await list('recordClass=unassessed')).total).toBe(3);
    expect((await list(`device=${LAPTOP}`)).total).toBe(3);
    expect((await list('from=2026-10-02&to=2026-10-03')).total).toBe(2);
    // Pages of two cover every record once.
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual(records.map((r) => r.id).sort());
    expect((await as(REVIEWER, '/v1/incidents?severity=SEV9')).status).toBe(400);
    const facets = (await (await as(REVIEWER, '/v1/incidents/facets')).json()) as { devices: string[] };
    expect(facets.devices.sort()).toEqual([LAPTOP, DESKTOP].sort());
  });

  it('keeps the overdue and needs-triage lists, and triage by a reviewer: owner, acknowledgement, notes', async () => {
    const late = record(1, { detectedAt: '2026-01-05T09:00:00Z' });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const fresh = { ...record(2, { detectedAt: future }), createdAt: future };
    await send(LAPTOP, [late, fresh]);
    const ids = async (list: string) =>
      ((await (await as(REVIEWER, `/v1/incidents?list=${list}`)).json()) as { rows: { id: string }[] }).rows.map(
        (r) => r.id,
      );
    expect(await ids('overdue')).toEqual([late.id]);
    expect((await ids('triage')).sort()).toEqual([late.id, fresh.id].sort());
    const act = (body: unknown) =>
      as(REVIEWER, `/v1/incidents/${late.id}/triage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await act({ kind: 'assign', owner: 'Dana Reyes' })).status).toBe(200);
    await act({ kind: 'acknowledge' });
    await act({ kind: 'acknowledge' });
    const noted = (await (await act({ kind: 'note', text: 'Called the account manager.' })).json()) as {
      assignedOwner: string;
      acknowledgedBy: string;
      events: { kind: string; value: string; by: string }[];
    };
    expect(noted.assignedOwner).toBe('Dana Reyes');
    expect(noted.acknowledgedBy).toMatch(/^reviewer/);
    expect(noted.events.map((e) => e.kind)).toEqual(['assign', 'acknowledge', 'acknowledge', 'note']);
    expect((await act({ kind: 'note', text: '   ' })).status).toBe(400);
    expect(await ids('triage')).toEqual([fresh.id]);
    const file = (await (await as(REVIEWER, `/v1/incidents/${late.id}`)).json()) as {
      record: Incident;
      revisions: { revision: number; deviceId: string; hash: string }[];
      triage: { assignedOwner: string };
    };
    expect(file.record.id).toBe(late.id);
    expect(file.revisions).toEqual([
      expect.objectContaining({ revision: 1, deviceId: LAPTOP, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    expect(file.triage.assignedOwner).toBe('Dana Reyes');
    expect((await as(REVIEWER, '/v1/incidents/nope')).status).toBe(404);
  });

  it("the quarter's review across devices is the extension's computation over the same records", async () => {
    const records = [
      record(1, { severity: 'SEV1' }),
      record(2),
      record(3, { severity: 'SEV3' }),
      record(4, { severity: 'SEV3' }),
    ];
    await send(LAPTOP, records.slice(0, 2));
    await send(DESKTOP, records.slice(2));
    const quarter = quarterOf(new Date(records[0]!.timeline.detectedAt));
    const { review } = (await (await as(REVIEWER, '/v1/review?quarter=2026-Q4')).json()) as {
      review: Record<string, unknown>;
    };
    const expected = computeReview(records, quarter, new Date());
    expect({ ...review, computedAt: '' }).toEqual({ ...JSON.parse(JSON.stringify(expected)), computedAt: '' });
    const csv = await as(REVIEWER, '/v1/review/export?quarter=2026-Q4&format=csv');
    expect(csv.headers.get('content-disposition')).toContain('2026-Q4');
    expect((await as(REVIEWER, '/v1/review?quarter=Q9')).status).toBe(400);
  });
});

describe('schema migrations', () => {
  it('are applied once, in order, even when two processes start at the same moment', async () => {
    const url = DATABASE_URL;
    const [a, b] = url
      ? [await openSql({ databaseUrl: url }), await openSql({ databaseUrl: url })]
      : await (async () => {
          const one = await openSql({ dataDir: 'memory://' });
          return [one, one];
        })();
    try {
      // Several fresh starts: a race shows itself only now and then.
      for (let start = 0; start < (url ? 5 : 1); start++) {
        if (url) {
          await a.query(
            'DROP TABLE IF EXISTS schema_migrations, notification_outbox, notification_targets, sessions, tokens, triage_events, incidents, incident_revisions CASCADE',
          );
        }
        const [first, second] = await Promise.all([migrate(a), migrate(b)]);
        expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((m) => m.version));
        const { rows } = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(a)).toEqual([]);
      }
    } finally {
      await a.close();
      if (b !== a) await b.close();
    }
  });

  it('opens in open mode with no token configured: every caller is admin, on loopback only', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    try {
      const app = createReceiverApp({ store, tokens: [] });
      expect(await (await app.request('/v1/me')).json()).toEqual({
        signedIn: true,
        role: 'admin',
        label: 'anyone on this machine',
        openMode: true,
      });
    } finally {
      await store.close();
    }
  });
});

describe('a receiver started from its configuration', () => {
  it('queues a notification with the record it stores and its notifier delivers it, linking the console', async () => {
    const hook = await startFakeHttp();
    const receiver = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      tokens: [`reporter:${REPORTER}`, `admin:${ADMIN}`],
      dataDir: 'memory://',
      publicUrl: 'https://flagline.example.com',
    });
    try {
      const call = (token: string, path: string, body: unknown) =>
        fetch(`${receiver.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const target = await call(ADMIN, '/v1/admin/targets', {
        kind: 'webhook',
        name: 'Incident desk',
        config: { url: `${hook.url}/flagline`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
        parties: [],
      });
      expect(target.status).toBe(201);
      const sent = await call(REPORTER, '/v1/batches', {
        schemaVersion: 1,
        batchId: crypto.randomUUID(),
        deviceId: LAPTOP,
        sentAt: new Date().toISOString(),
        records: [record(9, { severity: 'SEV1' })],
      });
      expect(sent.status).toBe(200);
      // The notifier's own loop, not a call from the test, sends it.
      await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 60_000, interval: 200 });
      expect(hook.received[0]!.body).toContain(`https://flagline.example.com/console/#/incidents/${record(9).id}`);
    } finally {
      await receiver.close();
      await hook.close();
    }
  });
});

describe.runIf(DATABASE_URL)('revisions of a new record arriving at once on PostgreSQL', () => {
  it('only one of them is its first arrival; the other replaces it', async () => {
    const firsts: number[] = [];
    const replaced: number[] = [];
    const stores = await Promise.all(
      [1, 2].map(() =>
        openStore({
          databaseUrl: DATABASE_URL,
          onLatest: async (_query, change) => void (change.previous ? replaced : firsts).push(change.record.revision),
        }),
      ),
    );
    try {
      await stores[0]!.clear();
      for (let n = 0; n < 10; n++) {
        const one = record(100 + n);
        const two = { ...record(100 + n), revision: 2 };
        await Promise.all([
          stores[0]!.insert({
            deviceId: LAPTOP,
            batchId: crypto.randomUUID(),
            records: [{ id: one.id, revision: 1, raw: one }],
          }),
          stores[1]!.insert({
            deviceId: DESKTOP,
            batchId: crypto.randomUUID(),
            records: [{ id: two.id, revision: 2, raw: two }],
          }),
        ]);
      }
      // Whichever came first is the first arrival; revision 2 after 1 replaces it, 1 after 2 is no change.
      expect(firsts).toHaveLength(10);
      expect(replaced.every((revision) => revision === 2)).toBe(true);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
