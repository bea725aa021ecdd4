import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../lib/incident/schema';
import { recordHash } from '../../lib/integrity/chain';
import { createReceiverApp } from '../../receiver/app';
import { checkConfig, isLoopbackHost, readConfig } from '../../receiver/config';
import { startReceiver } from '../../receiver/server';
import { migrate } from '../../receiver/db/migrations';
import { openSql, type Sql } from '../../receiver/db/sql';
import { openStore, type Store } from '../../receiver/store';

const TOKEN = 'receiver-test-token';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const DEVICE = '5b0c7a52-7d3e-4a57-9a0e-2f4f1c2b9d11';
const DATABASE_URL = process.env.DATABASE_URL;

// CI installs PostgreSQL and must run that variant; a developer machine without it runs PGlite
// only, and says so (scripts/test.mjs prints the same).
if (process.env.CI && !DATABASE_URL) throw new Error('CI must set DATABASE_URL for the PostgreSQL receiver tests.');
if (!DATABASE_URL) console.warn('Receiver tests: PostgreSQL variant NOT RUN (DATABASE_URL is not set); PGlite only.');

function record(id: string, revision: number, overrides: Partial<Incident> = {}): Incident {
  const at = '2026-01-02T03:04:05.000Z';
  return {
    schemaVersion: 2,
    id,
    revision,
    createdAt: at,
    updatedAt: at,
    status: 'draft',
    timeline: { detectedAt: at },
    reporter: { name: 'Ada' },
    evidence: {
      output: 'The refund is approved.',
      source: 'selection',
      trigger: 'button',
      selectors: [{ type: 'TextQuoteSelector', exact: 'The refund is approved.', prefix: '', suffix: '' }],
      page: { url: 'https://crm.example.com/a', title: 'A', capturedAt: at },
      hash: { algorithm: 'SHA-256', value: 'a'.repeat(64) },
    },
    history: [{ at, by: 'Ada', revision, action: 'Flagged (button)' }],
    ...overrides,
  };
}

const ID_A = '01900000-0000-7000-8000-00000000000a';
const ID_B = '01900000-0000-7000-8000-00000000000b';

function batch(records: unknown[], batchId = crypto.randomUUID()) {
  return { schemaVersion: 1, batchId, deviceId: DEVICE, sentAt: new Date().toISOString(), records };
}

const variants: [string, () => Promise<Store>][] = [['PGlite', () => openStore({ dataDir: 'memory://' })]];
if (DATABASE_URL) variants.push(['PostgreSQL', () => openStore({ databaseUrl: DATABASE_URL })]);

describe.each(variants)('reference receiver on %s', (_name, open) => {
  let store: Store;
  let app: ReturnType<typeof createReceiverApp>;

  function post(body: unknown, options: { token?: string | null; sign?: boolean; raw?: string } = {}) {
    const text = options.raw ?? JSON.stringify(body);
    const id = (body as { batchId?: string })?.batchId ?? 'raw';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
    if (options.sign !== false) {
      const webhook = new Webhook(SECRET);
      const now = new Date();
      Object.assign(headers, {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': webhook.sign(id, now, text),
      });
    }
    return app.request('/v1/batches', { method: 'POST', headers, body: text });
  }
  const get = (url: string) => app.request(url, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    store = await open();
    app = createReceiverApp({ store, tokens: [`reviewer:${TOKEN}`, 'second-token'], signingSecret: SECRET });
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.clear();
  });

  it('stores a signed batch and acknowledges each record revision', async () => {
    const response = await post(batch([record(ID_A, 1), record(ID_A, 2), record(ID_B, 1)]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      accepted: [
        { id: ID_A, revision: 1 },
        { id: ID_A, revision: 2 },
        { id: ID_B, revision: 1 },
      ],
      duplicate: [],
      conflict: [],
    });
    expect(await store.list()).toHaveLength(3);
  });

  it('a dry run answers for every record as it would and stores none ("Test connection")', async () => {
    await post(batch([record(ID_A, 1)]));
    const body = {
      ...batch([record(ID_A, 1), record(ID_A, 1, { whatHappened: 'other' }), record(ID_B, 1)]),
      dryRun: true,
    };
    // Two copies of one revision in a batch cannot both be answered: send them apart.
    body.records.splice(1, 1);
    const response = await post(body);
    expect(await response.json()).toEqual({
      accepted: [{ id: ID_B, revision: 1 }],
      duplicate: [{ id: ID_A, revision: 1 }],
      conflict: [],
      dryRun: true,
    });
    expect(await store.list()).toHaveLength(1);
    const conflict = (await (
      await post({ ...batch([record(ID_A, 1, { whatHappened: 'other' })]), dryRun: true })
    ).json()) as {
      conflict: unknown[];
    };
    expect(conflict.conflict).toHaveLength(1);
    expect(await store.list()).toHaveLength(1);
  });

  it('another body for a revision it holds is a conflict naming both hashes; the first copy stays', async () => {
    const first = record(ID_A, 1);
    const second = record(ID_A, 1, { whatHappened: 'Edited on another laptop' });
    await post(batch([first]));
    const response = await post(batch([second, record(ID_B, 1)]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      accepted: [{ id: ID_B, revision: 1 }],
      duplicate: [],
      conflict: [{ id: ID_A, revision: 1, storedHash: recordHash(first), sentHash: recordHash(second) }],
    });
    expect((await store.list({ id: ID_A }))[0]?.record).toEqual(first);
    // The same body again is a duplicate, whatever order its keys come in.
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    expect(await (await post(batch([reordered]))).json()).toMatchObject({ duplicate: [{ id: ID_A, revision: 1 }] });
  });

  it.each([
    ['a NUL character', String.raw`before\u0000after`],
    ['a lone surrogate', String.raw`broken \ud800 pair`],
  ])('answers 422 naming a record with %s, never 500', async (_name, text) => {
    const raw = JSON.stringify(batch([record(ID_A, 1), record(ID_B, 1, { whatHappened: 'PLACEHOLDER' })])).replace(
      'PLACEHOLDER',
      text,
    );
    const response = await post(JSON.parse(raw), { raw });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      rejected: [{ id: ID_B, revision: 1, code: 'unstorable-text', message: expect.stringContaining('whatHappened') }],
    });
    expect(await store.list()).toHaveLength(0);
  });

  it('a signature timestamp outside the tolerance is reported as clock skew', async () => {
    const body = batch([record(ID_A, 1)]);
    const text = JSON.stringify(body);
    const at = new Date(Date.now() - 10 * 60_000);
    const response = await app.request('/v1/batches', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'webhook-id': body.batchId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign(body.batchId, at, text),
      },
      body: text,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'clock-skew',
      error: "The request's timestamp is 10 minutes behind this receiver's clock.",
    });
  });

  it('stores a resent revision once and reports it as duplicate, even when sent at the same time', async () => {
    await post(batch([record(ID_A, 1)]));
    const body = batch([record(ID_A, 1), record(ID_A, 2)]);
    const answers = await Promise.all([post(body), post(body), post(batch([record(ID_A, 2)]))]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const acks = (await Promise.all(answers.map((a) => a.json()))) as { accepted: unknown[]; duplicate: unknown[] }[];
    expect(acks.reduce((n, ack) => n + ack.accepted.length, 0)).toBe(1);
    const rows = await store.list();
    expect(rows.map((row) => `${row.id}:${row.revision}`)).toEqual([`${ID_A}:1`, `${ID_A}:2`]);
  });

  it.each([
    ['no token', { token: null }],
    ['a wrong token', { token: 'nope' }],
  ])('refuses %s with 401', async (_case, options) => {
    const response = await post(batch([record(ID_A, 1)]), options);
    expect(response.status).toBe(401);
    expect(await store.list()).toHaveLength(0);
  });

  it('accepts records of schema v1, which Flagline versions still in use send', async () => {
    const older = { ...record(ID_A, 1), schemaVersion: 1, correction: { actions: 'Recalled the draft', done: true } };
    const response = await post(batch([older, record(ID_B, 1)]));
    expect(response.status).toBe(200);
    expect((await response.json()).accepted).toEqual([
      { id: ID_A, revision: 1 },
      { id: ID_B, revision: 1 },
    ]);
    // A v1 shape under the v2 number is refused: the version says which rules apply.
    const mislabelled = { ...record(ID_A, 2), correction: { actions: 'Recalled the draft', done: true } };
    expect((await post(batch([mislabelled]))).status).toBe(422);
  });

  it('accepts any configured token', async () => {
    expect((await post(batch([record(ID_A, 1)]), { token: 'second-token' })).status).toBe(200);
  });

  it('refuses a missing or non-matching signature with 401', async () => {
    expect((await post(batch([record(ID_A, 1)]), { sign: false })).status).toBe(401);
    const body = batch([record(ID_A, 1)]);
    const signedFor = JSON.stringify(body);
    const tampered = signedFor.replace('Ada', 'Eve');
    const webhook = new Webhook(SECRET);
    const now = new Date();
    const response = await app.request('/v1/batches', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'webhook-id': body.batchId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': webhook.sign(body.batchId, now, signedFor),
      },
      body: tampered,
    });
    expect(response.status).toBe(401);
    expect(await store.list()).toHaveLength(0);
  });

  it('answers 400 with a reason for a body that is not a batch', async () => {
    const notJson = await post({ batchId: 'x' }, { raw: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'The body is not JSON.' });
    const wrong = await post({ ...batch([]), schemaVersion: 9 });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^Invalid batch at schemaVersion/);
  });

  it('answers 422 naming the one bad record of a batch, and stores none of it', async () => {
    const bad = record(ID_B, 1, { reporter: { email: 'not-an-email' } });
    const response = await post(batch([record(ID_A, 1), bad]));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      rejected: [
        {
          id: ID_B,
          revision: 1,
          code: 'invalid-record',
          message: expect.stringMatching(/^Invalid record at reporter\.email/),
        },
      ],
    });
    expect(await store.list()).toHaveLength(0);
  });

  it('answers 413 to a body over its limit', async () => {
    const big = record(ID_A, 1, { whatHappened: 'x'.repeat(4_000) });
    const many = Array.from({ length: 50 }, (_, i) => ({
      ...big,
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      evidence: { ...big.evidence, output: 'y'.repeat(19_000) },
    }));
    const response = await post(batch(many));
    expect(response.status).toBe(413);
    expect(await store.list()).toHaveLength(0);
  });

  it('treats an empty batch as a connection test', async () => {
    const response = await post(batch([]));
    expect(response.status).toBe(200);
    expect(await store.list()).toHaveLength(0);
  });

  it('lists, shows one record and exports what it holds, to reviewers only', async () => {
    await post(batch([record(ID_A, 1), record(ID_A, 2), record(ID_B, 1)]));
    expect((await app.request('/v1/records')).status).toBe(401);
    // A reporter's token sends but never reads.
    const asReporter = await app.request('/v1/records', { headers: { authorization: 'Bearer second-token' } });
    expect(asReporter.status).toBe(403);
    const list = (await (await get('/v1/records')).json()) as { rows: { id: string; deviceId: string }[] };
    expect(list.rows).toHaveLength(3);
    expect(list.rows[0]).toMatchObject({ id: ID_A, deviceId: DEVICE });
    const one = (await (await get(`/v1/records/${ID_A}`)).json()) as { rows: { revision: number }[] };
    expect(one.rows.map((row) => row.revision)).toEqual([1, 2]);
    const exported = await get('/v1/export');
    expect(exported.headers.get('content-type')).toBe('application/x-ndjson');
    const latest = (await exported.text()).trim().split('\n');
    expect(latest.map((line) => (JSON.parse(line) as Incident).revision)).toEqual([2, 1]);
    const every = (await (await get('/v1/export?revisions=all')).text()).trim().split('\n');
    expect(every.map((line) => (JSON.parse(line) as Incident).revision)).toEqual([1, 2, 1]);
    const json = (await (await get('/v1/export?format=json')).json()) as { kind: string; records: Incident[] };
    expect(json.kind).toBe('flagline-receiver-export');
    expect(json.records.map((r) => `${r.id}:${r.revision}`)).toEqual([`${ID_A}:2`, `${ID_B}:1`]);
  });
});

describe('a database that refuses', () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await openSql({ dataDir: 'memory://' });
    await migrate(sql);
  });
  afterAll(() => sql.close());
  const failing = (error: Error & { code?: string }, only?: string): Store => ({
    kind: 'pglite',
    sql,
    insert: async (b) => {
      if (!only || b.records.some((r) => r.id === only)) throw error;
      return { accepted: b.records.map(({ id, revision }) => ({ id, revision })), duplicate: [], conflict: [] };
    },
    list: async () => [],
    clear: async () => undefined,
    close: async () => undefined,
  });
  const send = (store: Store, records: unknown[]) =>
    createReceiverApp({ store, tokens: [] }).request('/v1/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch(records)),
    });

  it('one record the database cannot store: named as rejected, the others stored', async () => {
    const store = failing(Object.assign(new Error('invalid byte sequence'), { code: '22021' }), ID_B);
    const response = await send(store, [record(ID_A, 1), record(ID_B, 1)]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      accepted: [{ id: ID_A, revision: 1 }],
      rejected: [{ id: ID_B, revision: 1, code: 'store-failed' }],
    });
  });

  it('a database that is down: 503, try again later, never 500', async () => {
    const response = await send(failing(new Error('connection refused')), [record(ID_A, 1), record(ID_B, 1)]);
    expect(response.status).toBe(503);
  });
});

describe('PGlite data folder', () => {
  it('keeps what it stored across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flagline-receiver-'));
    try {
      const first = await openStore({ dataDir: dir });
      await first.insert({
        deviceId: DEVICE,
        batchId: 'b1',
        records: [{ id: ID_A, revision: 1, raw: record(ID_A, 1) }],
      });
      await first.close();
      const second = await openStore({ dataDir: dir });
      expect((await second.list()).map((row) => row.id)).toEqual([ID_A]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listening beyond this machine', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    '%s is loopback: no token needed',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => checkConfig({ host, tokens: [] })).not.toThrow();
    },
  );

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.20',
    '10.0.0.5',
    '128.0.0.1',
    '::2',
    'receiver.example.com',
    'localhost.example.com',
  ])('%s without bearer tokens: refuses to start, saying what to set', async (host) => {
    expect(isLoopbackHost(host)).toBe(false);
    expect(() => checkConfig({ host, tokens: [] })).toThrow(
      `Refusing to start: RECEIVER_HOST is ${host}, which other machines can reach, and no bearer token is set. ` +
        'Set RECEIVER_TOKENS (comma-separated) or listen on 127.0.0.1.',
    );
    await expect(
      startReceiver({ ...readConfig({ RECEIVER_HOST: host }), port: 0, dataDir: 'memory://' }),
    ).rejects.toThrow(/Refusing to start/);
  });

  it('with a bearer token it starts on any address', async () => {
    expect(() => checkConfig({ host: '0.0.0.0', tokens: [TOKEN] })).not.toThrow();
    const receiver = await startReceiver({
      ...readConfig({ RECEIVER_HOST: '0.0.0.0', RECEIVER_TOKENS: `reviewer:${TOKEN}` }),
      port: 0,
      dataDir: 'memory://',
    });
    try {
      const url = receiver.url.replace('0.0.0.0', '127.0.0.1');
      expect((await fetch(`${url}/v1/records`)).status).toBe(401);
      const ok = await fetch(`${url}/v1/records`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('the default configuration listens on loopback without a token', async () => {
    const config = readConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', tokens: [] });
    expect(() => checkConfig(config)).not.toThrow();
  });
});
