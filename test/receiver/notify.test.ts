import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Severity } from '../../lib/assessment/rules';
import type { Incident } from '../../lib/incident/schema';
import { createReceiverApp } from '../../receiver/app';
import { hashSecret } from '../../receiver/auth';
import { migrate } from '../../receiver/db/migrations';
import { openSql, type Sql } from '../../receiver/db/sql';
import {
  composeNotification,
  notificationReason,
  notificationText,
  partiesMatch,
  recordParties,
  slackEscape,
  slackPayload,
  teamsPayload,
} from '../../receiver/notify/message';
import {
  backoffMs,
  enqueueNotifications,
  notificationStatus,
  startNotifier,
  type Notifier,
} from '../../receiver/notify/outbox';
import { createTarget, maskTarget, NewTargetSchema, type NewTarget } from '../../receiver/notify/targets';
import { targetRoutes } from '../../receiver/routes/targets';
import { openStore } from '../../receiver/store';
import { startFakeHttp, startFakeSmtp, type FakeHttp, type FakeSmtp } from './fakes';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const CONSOLE = 'https://flagline.example.com';
const DATABASE_URL = process.env.DATABASE_URL;
const ID_A = '01900000-0000-7000-8000-0000000000a1';
const ID_B = '01900000-0000-7000-8000-0000000000b2';
const DETECTED = '2026-01-02T03:04:05.000Z';

if (!DATABASE_URL)
  console.warn('Notification tests: PostgreSQL variant NOT RUN (DATABASE_URL is not set); PGlite only.');

/** A submitted report nobody has assessed yet: in triage with Sam Lee. */
function report(id: string, revision = 1, overrides: Partial<Incident> = {}): Incident {
  return {
    schemaVersion: 2,
    id,
    revision,
    createdAt: DETECTED,
    updatedAt: DETECTED,
    status: 'reported',
    workflow: { name: 'Refunds', owner: 'Sam Lee' },
    timeline: { detectedAt: DETECTED },
    reporter: { name: 'Ada' },
    evidence: {
      output: 'The refund of   $1,200\nis approved <@U123> & done.',
      source: 'selection',
      trigger: 'button',
      selectors: [{ type: 'TextQuoteSelector', exact: 'The refund is approved.', prefix: '', suffix: '' }],
      page: {
        url: 'https://crm.example.com/case/7?access_token=abc123&tab=notes',
        title: 'Case 7 <Refunds>',
        capturedAt: DETECTED,
      },
      hash: { algorithm: 'SHA-256', value: 'a'.repeat(64) },
    },
    triage: { owner: 'Sam Lee', dueAt: '2026-01-02T07:04:05.000Z' },
    history: [{ at: DETECTED, by: 'Ada', revision, action: 'Reported' }],
    ...overrides,
  };
}

const PARTIES: Record<Severity, string[]> = {
  SEV1: ['Owner: Sam Lee', 'Security', 'Legal'],
  SEV2: ['Owner: Sam Lee', 'Security / privacy'],
  SEV3: ['Owner: Sam Lee'],
  SEV4: ['Owner: Sam Lee'],
};

/** The report assessed at `severity`, with the routing that assessment stores. */
function assessed(id: string, revision: number, severity: Severity, overrides: Partial<Incident> = {}): Incident {
  return report(id, revision, {
    assessment: { answers: {}, class: 'incident', computedClass: 'incident', severity },
    routing: {
      severity,
      routedAt: DETECTED,
      within: '1 hour',
      dueAt: '2026-01-02T04:04:05.000Z',
      parties: PARTIES[severity].map((who) => ({ who, why: 'Named by the escalation table' })),
      containment: [],
      failedControls: [],
    },
    ...overrides,
  });
}

describe('notification message', () => {
  const now = new Date('2026-01-02T03:34:05.000Z');

  it('says what, how severe, where, by when, for whom, why, and links the console', () => {
    const n = composeNotification(assessed(ID_A, 2, 'SEV1'), { reason: 'New record', consoleUrl: CONSOLE, now });
    expect(n.what).toBe('The refund of $1,200 is approved <@U123> & done.');
    expect(n.workflow).toBe('Refunds');
    expect(n.severity.words).toBe('Incident · SEV1 critical');
    expect(n.title).toBe('SEV1 critical incident in Refunds');
    expect(n.page).toEqual({ title: 'Case 7 <Refunds>', url: 'https://crm.example.com/case/7?tab=notes' });
    expect(n.due).toEqual({ at: '2026-01-02T04:04:05.000Z', kind: 'response', words: 'Due in 30 min' });
    expect(n.partyWords).toBe('Owner: Sam Lee, Security, Legal');
    expect(n.link).toBe(`${CONSOLE}/console/#/incidents/${ID_A}`);
    const text = notificationText(n);
    for (const part of [
      'What: The refund',
      'How severe: Incident · SEV1 critical',
      'By when: Due in 30 min',
      'Why: New record',
    ])
      expect(text).toContain(part);
    expect(text).not.toContain('abc123');
  });

  it('an unassessed report is for Triage, its owner named, due by its triage time', () => {
    const n = composeNotification(report(ID_A), { reason: 'New record', consoleUrl: CONSOLE, now });
    expect(n.severity.words).toBe('Not yet assessed');
    expect(n.parties).toEqual(['Triage']);
    expect(n.partyWords).toBe('Triage (owner Sam Lee)');
    expect(n.due).toMatchObject({ kind: 'triage', words: 'Due in 3 h 30 min' });
    const later = composeNotification(report(ID_A), {
      reason: 'x',
      consoleUrl: CONSOLE,
      now: new Date('2026-01-02T08:04:05.000Z'),
    });
    expect(later.due?.words).toBe('Overdue by 1 hour');
  });

  it('keeps the flagged output to one line of at most 200 characters and masks secret-looking values', () => {
    const long = report(ID_A, 1, {
      evidence: { ...report(ID_A).evidence, output: `key sk-proj-${'Ab1'.repeat(20)}\n${'word '.repeat(100)}` },
    });
    const n = composeNotification(long, { reason: 'New record', consoleUrl: CONSOLE, now });
    expect(n.what.length).toBeLessThanOrEqual(200);
    expect(n.what).not.toContain('\n');
    expect(n.what).not.toContain('Ab1Ab1Ab1');
    expect(n.what.endsWith('…')).toBe(true);
  });

  it('Slack gets record text with &, < and > escaped, so it cannot add links or mentions', () => {
    const payload = slackPayload(
      composeNotification(assessed(ID_A, 1, 'SEV2'), { reason: 'New record', consoleUrl: CONSOLE, now }),
    );
    const all = JSON.stringify(payload);
    expect(all).toContain('&lt;@U123&gt; &amp; done');
    expect(all).not.toContain('<@U123>');
    expect(all).toContain('Case 7 &lt;Refunds&gt;');
    expect(all).toContain(`<${CONSOLE}/console/#/incidents/${ID_A}|Open in the console>`);
    expect(slackEscape('<https://evil|click>')).toBe('&lt;https://evil|click&gt;');
    // Text that escapes long still fits Slack's 3,000 characters a section.
    const wide = assessed(ID_A, 1, 'SEV1', {
      workflow: { name: '&'.repeat(200) },
      evidence: {
        ...report(ID_A).evidence,
        output: '<>'.repeat(150),
        page: { ...report(ID_A).evidence.page, title: '>'.repeat(300) },
      },
    });
    const big = slackPayload(composeNotification(wide, { reason: 'New record', consoleUrl: CONSOLE, now }));
    const texts = (big.blocks as { text: { text: string } }[]).map((block) => block.text.text);
    expect(texts.length).toBeGreaterThan(3);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(3_000);
    expect(texts.join('\n')).toContain('&amp;'.repeat(199));
  });

  it('Teams gets an Adaptive Card 1.4 whose record text sits in plain text runs', () => {
    const payload = teamsPayload(
      composeNotification(assessed(ID_A, 1, 'SEV2'), { reason: 'New record', consoleUrl: CONSOLE, now }),
    ) as { type: string; attachments: { contentType: string; content: { version: string; body: unknown[] } }[] };
    expect(payload.type).toBe('message');
    expect(payload.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(payload.attachments[0]?.content.version).toBe('1.4');
    const blocks = JSON.stringify(payload.attachments[0]?.content.body);
    expect(blocks).not.toContain('"TextBlock"');
    expect(blocks).toContain('<@U123> & done');
  });

  it('notifies on a first revision and on a raised severity only', () => {
    expect(notificationReason(report(ID_A), undefined)).toBe('New record');
    expect(notificationReason(assessed(ID_A, 2, 'SEV3'), report(ID_A))).toBe(
      'Severity raised from not yet assessed to SEV3',
    );
    expect(notificationReason(assessed(ID_A, 3, 'SEV1'), assessed(ID_A, 2, 'SEV3'))).toBe(
      'Severity raised from SEV3 to SEV1',
    );
    expect(notificationReason(assessed(ID_A, 3, 'SEV3'), assessed(ID_A, 2, 'SEV3'))).toBeUndefined();
    expect(notificationReason(assessed(ID_A, 3, 'SEV4'), assessed(ID_A, 2, 'SEV3'))).toBeUndefined();
    expect(notificationReason(report(ID_A, 3), assessed(ID_A, 2, 'SEV3'))).toBeUndefined();
  });

  it('matches target parties case-insensitively; none listed means every notification', () => {
    expect(recordParties(assessed(ID_A, 1, 'SEV1'))).toEqual(PARTIES.SEV1);
    expect(partiesMatch([], ['Security'])).toBe(true);
    expect(partiesMatch(['security'], ['Owner: Sam Lee', 'Security'])).toBe(true);
    expect(partiesMatch(['Legal'], ['Owner: Sam Lee', 'Security'])).toBe(false);
    expect(partiesMatch(['triage'], recordParties(report(ID_A)))).toBe(true);
  });

  it('backs off 10 s, 20 s, 40 s … at most an hour, with jitter', () => {
    expect(backoffMs(1, () => 0.5)).toBe(10_000);
    expect(backoffMs(2, () => 0.5)).toBe(20_000);
    expect(backoffMs(4, () => 0.5)).toBe(80_000);
    expect(backoffMs(20, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(1, () => 0)).toBe(8_000);
    expect(backoffMs(1, () => 1)).toBe(12_000);
  });
});

describe('notification targets', () => {
  it('validates each kind and masks secrets, passwords and incoming-webhook tokens', () => {
    const webhook = NewTargetSchema.parse({
      kind: 'webhook',
      name: 'Ops',
      config: { url: 'https://ops.example.com/hooks/flagline?token=zzz', secret: SECRET },
    });
    expect(webhook).toMatchObject({ parties: [], enabled: true });
    expect(
      NewTargetSchema.safeParse({ kind: 'webhook', name: 'x', config: { url: 'ftp://a', secret: SECRET } }).success,
    ).toBe(false);
    expect(
      NewTargetSchema.safeParse({ kind: 'webhook', name: 'x', config: { url: 'https://a.example', secret: 'plain' } })
        .success,
    ).toBe(false);
    expect(
      NewTargetSchema.safeParse({ kind: 'slack', name: 'x', config: { url: 'https://a.example', extra: 1 } }).success,
    ).toBe(false);
    expect(
      NewTargetSchema.safeParse({
        kind: 'email',
        name: 'x',
        config: { host: 'smtp.example.com', port: 587, from: 'a@example.com', to: ['not-an-address'] },
      }).success,
    ).toBe(false);
    const base = { id: 't', name: 'n', parties: [], enabled: true, createdAt: DETECTED };
    expect(
      maskTarget({ ...base, kind: 'webhook', config: webhook.config as { url: string; secret: string } }).config,
    ).toEqual({
      url: 'https://ops.example.com/…=zzz',
      secret: 'whsec_…LaSw',
    });
    expect(
      maskTarget({ ...base, kind: 'slack', config: { url: 'https://hooks.slack.com/services/T1/B2/abcdefghijkl' } })
        .config,
    ).toEqual({ url: 'https://hooks.slack.com/…ijkl' });
    const email = maskTarget({
      ...base,
      kind: 'email',
      config: { host: 'h', port: 25, from: 'a@example.com', to: ['b@example.com'], user: 'u', password: 'hunter2' },
    });
    expect(JSON.stringify(email)).not.toContain('hunter2');
  });
});

const variants: [string, () => Promise<Sql>][] = [['PGlite', () => openSql({ dataDir: 'memory://' })]];
if (DATABASE_URL) variants.push(['PostgreSQL', () => openSql({ databaseUrl: DATABASE_URL })]);

describe.each(variants)('notification outbox on %s', (_name, open) => {
  let sql: Sql;
  let slack: FakeHttp;
  let teams: FakeHttp;
  let hook: FakeHttp;
  let smtp: FakeSmtp;

  async function addTarget(input: NewTarget) {
    return createTarget(sql.query, NewTargetSchema.parse(input));
  }

  async function addAllTargets(parties: string[] = []) {
    await addTarget({ kind: 'slack', name: 'Slack', config: { url: slack.url }, parties });
    await addTarget({ kind: 'teams', name: 'Teams', config: { url: teams.url }, parties });
    await addTarget({ kind: 'webhook', name: 'Hook', config: { url: hook.url, secret: SECRET }, parties });
    await addTarget({
      kind: 'email',
      name: 'Mail',
      config: { host: smtp.host, port: smtp.port, from: 'flagline@example.com', to: ['oncall@example.com'] },
      parties,
    });
  }

  /** Stores a revision the way the receiver does, queuing notifications in the same transaction. */
  async function store(record: Incident, previous?: Incident) {
    return sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO incident_revisions (id, revision, device_id, batch_id, record) VALUES ($1, $2, 'd', 'b', $3::jsonb)
         ON CONFLICT DO NOTHING`,
        [record.id, record.revision, JSON.stringify(record)],
      );
      return enqueueNotifications(tx.query, { record, previous });
    });
  }

  const notifier = () => startNotifier({ sql, consoleUrl: CONSOLE, intervalMs: 3_600_000 });

  beforeAll(async () => {
    sql = await open();
    await migrate(sql);
    [slack, teams, hook, smtp] = await Promise.all([
      startFakeHttp(),
      startFakeHttp(),
      startFakeHttp(),
      startFakeSmtp(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([slack.close(), teams.close(), hook.close(), smtp.close()]);
    for (const table of ['notification_targets', 'incident_revisions']) await sql.query(`DELETE FROM ${table}`);
    await sql.close();
  });
  beforeEach(async () => {
    for (const table of ['notification_outbox', 'notification_targets', 'incident_revisions'])
      await sql.query(`DELETE FROM ${table}`);
    for (const fake of [slack, teams, hook, smtp]) fake.reset();
  });

  it('queues one row per matching target, once however often the same revision is stored', async () => {
    await addAllTargets();
    await addTarget({ kind: 'slack', name: 'Legal only', config: { url: slack.url }, parties: ['legal'] });
    const off = await addTarget({ kind: 'slack', name: 'Off', config: { url: slack.url } });
    await sql.query('UPDATE notification_targets SET enabled = false WHERE id = $1', [off.id]);
    expect(await store(report(ID_A))).toBe(4);
    expect(await store(report(ID_A))).toBe(0);
    expect(await notificationStatus(sql.query)).toEqual({ pending: 4, sending: 0, sent: 0, failed: 0 });
    // A SEV1 names Legal: the Legal-only target is told of the raise too.
    expect(await store(assessed(ID_A, 2, 'SEV1'), report(ID_A))).toBe(5);
    expect(await store(assessed(ID_A, 3, 'SEV1'), assessed(ID_A, 2, 'SEV1'))).toBe(0);
  });

  it('delivers to Slack, Teams, a signed webhook and e-mail, each once', async () => {
    await addAllTargets();
    await store(assessed(ID_A, 1, 'SEV2'));
    const one = notifier();
    const two = notifier();
    const attempted = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce()]);
    expect(attempted.reduce((a, b) => a + b, 0)).toBe(4);
    await Promise.all([one.stop(), two.stop()]);
    expect(await notificationStatus(sql.query)).toEqual({ pending: 0, sending: 0, sent: 4, failed: 0 });

    expect(slack.received).toHaveLength(1);
    const slackBody = slack.received[0]!.json as { text: string; blocks: { text: { text: string } }[] };
    expect(slackBody.text).toBe('Flagline: SEV2 high incident in Refunds');
    expect(slackBody.blocks[1]?.text.text).toContain('*How severe:* Incident · SEV2 high');

    expect(teams.received).toHaveLength(1);
    expect(teams.received[0]!.body).toContain('application/vnd.microsoft.card.adaptive');
    expect(teams.received[0]!.body).toContain(`/console/#/incidents/${ID_A}`);

    expect(hook.received).toHaveLength(1);
    const { headers, body } = hook.received[0]!;
    const payload = new Webhook(SECRET).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { type: string; data: Record<string, unknown> };
    const { rows } = await sql.query<{ id: string }>(
      `SELECT o.id FROM notification_outbox o JOIN notification_targets t ON t.id = o.target_id WHERE t.kind = 'webhook'`,
    );
    expect(headers['webhook-id']).toBe(rows[0]?.id);
    expect(payload.type).toBe('flagline.notification');
    expect(payload.data).toMatchObject({
      recordId: ID_A,
      revision: 1,
      what: 'The refund of $1,200 is approved <@U123> & done.',
      page: { title: 'Case 7 <Refunds>', url: 'https://crm.example.com/case/7?tab=notes' },
      due: { at: '2026-01-02T04:04:05.000Z', kind: 'response' },
      parties: PARTIES.SEV2,
      reason: 'New record',
      link: `${CONSOLE}/console/#/incidents/${ID_A}`,
    });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['oncall@example.com']);
    expect(mail.subject).toBe('[Flagline] SEV2 high incident in Refunds');
    expect(mail.text).toContain('What: The refund of $1,200 is approved <@U123> & done.');
    expect(mail.text).toContain('Where: Case 7 <Refunds> — https://crm.example.com/case/7?tab=notes');
    expect(mail.text).toContain(`Open in the console: ${CONSOLE}/console/#/incidents/${ID_A}`);
    for (const fake of [slack.received, teams.received, hook.received])
      expect(JSON.stringify(fake)).not.toContain(SECRET.slice(6));
  });

  it('a failed send is retried when due again, delivered once, its error kept', async () => {
    await addTarget({ kind: 'slack', name: 'Slack', config: { url: slack.url } });
    await addTarget({
      kind: 'email',
      name: 'Mail',
      config: { host: smtp.host, port: smtp.port, from: 'flagline@example.com', to: ['oncall@example.com'] },
    });
    slack.failNext(1);
    smtp.failNext(1);
    await store(report(ID_A));
    const n = notifier();
    expect(await n.runOnce()).toBe(2);
    const { rows } = await sql.query<{ status: string; attempts: number; last_error: string; later: boolean }>(
      `SELECT status, attempts, last_error, next_attempt_at - created_at >= interval '8 seconds' AS later FROM notification_outbox ORDER BY last_error`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        later: true,
        last_error: expect.stringContaining('554'),
      }),
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        later: true,
        last_error: expect.stringContaining('HTTP 500'),
      }),
    ]);
    expect(rows.map((row) => row.last_error).join()).not.toContain('secret-path-token');
    // Not due yet: nothing is attempted.
    await sql.query(`UPDATE notification_outbox SET next_attempt_at = now() + interval '1 hour'`);
    expect(await n.runOnce()).toBe(0);
    await sql.query('UPDATE notification_outbox SET next_attempt_at = now()');
    expect(await n.runOnce()).toBe(2);
    await n.stop();
    expect(slack.received).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    const after = await sql.query<{ status: string; attempts: number; last_error: string }>(
      'SELECT status, attempts, last_error FROM notification_outbox',
    );
    expect(after.rows.every((row) => row.status === 'sent' && row.attempts === 2 && row.last_error)).toBe(true);
  });

  it('gives up after the tenth failed attempt', async () => {
    await addTarget({ kind: 'slack', name: 'Slack', config: { url: slack.url } });
    await store(report(ID_A));
    await sql.query('UPDATE notification_outbox SET attempts = 9');
    slack.failNext(1);
    const n = notifier();
    expect(await n.runOnce()).toBe(1);
    await sql.query('UPDATE notification_outbox SET next_attempt_at = now()');
    expect(await n.runOnce()).toBe(0);
    await n.stop();
    expect(slack.received).toHaveLength(0);
    const { rows } = await sql.query('SELECT status, attempts FROM notification_outbox');
    expect(rows).toEqual([{ status: 'failed', attempts: 10 }]);
  });

  it('takes back a row a crashed sender left in sending once its lock has run out', async () => {
    await addTarget({ kind: 'slack', name: 'Slack', config: { url: slack.url } });
    await store(report(ID_A));
    await store(report(ID_B));
    await sql.query(
      `UPDATE notification_outbox SET status = 'sending', attempts = 1,
         locked_until = CASE WHEN record_id = $1 THEN now() - interval '1 second' ELSE now() + interval '1 hour' END`,
      [ID_A],
    );
    const n = notifier();
    expect(await n.runOnce()).toBe(1);
    await n.stop();
    const { rows } = await sql.query<{ record_id: string; status: string; attempts: number }>(
      'SELECT record_id, status, attempts FROM notification_outbox ORDER BY record_id',
    );
    expect(rows).toEqual([
      { record_id: ID_A, status: 'sent', attempts: 2 },
      { record_id: ID_B, status: 'sending', attempts: 1 },
    ]);
    expect(slack.received).toHaveLength(1);
  });

  it('admin routes list targets masked, create, edit, delete and send a test', async () => {
    const app = targetRoutes(sql, { consoleUrl: CONSOLE });
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const created = await app.request(
      '/',
      json({ kind: 'webhook', name: 'Ops', config: { url: hook.url, secret: SECRET } }),
    );
    expect(created.status).toBe(201);
    const { target } = (await created.json()) as { target: { id: string; config: { secret: string } } };
    expect(target.config.secret).toBe('whsec_…LaSw');
    expect((await app.request('/', json({ kind: 'webhook', name: 'x', config: {} }))).status).toBe(400);
    expect((await app.request('/', { method: 'POST', body: '{' })).status).toBe(400);

    const list = await (await app.request('/')).text();
    expect(list).toContain('Ops');
    expect(list).not.toContain(SECRET.slice(6));

    const patched = await app.request(`/${target.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false, parties: ['Security'] }),
    });
    expect(await patched.json()).toMatchObject({ target: { enabled: false, parties: ['Security'] } });
    expect((await app.request(`/${target.id}`, { method: 'PATCH', body: '{}' })).status).toBe(400);

    const test = await app.request(`/${target.id}/test`, { method: 'POST' });
    expect(await test.json()).toEqual({ ok: true, status: 200 });
    expect(hook.received).toHaveLength(1);
    expect((hook.received[0]!.json as { type: string }).type).toBe('flagline.notification.test');
    hook.failNext(1, 503);
    expect(await (await app.request(`/${target.id}/test`, { method: 'POST' })).json()).toMatchObject({
      ok: false,
      status: 503,
      error: expect.stringContaining('HTTP 503'),
    });

    expect((await app.request(`/${target.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.request(`/${target.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await app.request(`/${target.id}/test`, { method: 'POST' })).status).toBe(404);
  });
});

const REPORTER = 'notify-reporter-token';
const ADMIN = 'notify-admin-token';
const DEVICE = '5b0c7a52-7d3e-4a57-9a0e-2f4f1c2b9d11';

/** Two receivers on one database: for PGlite one shared connection, for PostgreSQL two pools. */
const pairs: [string, () => Promise<[Sql, Sql]>][] = [
  [
    'PGlite',
    async () => {
      const sql = await openSql({ dataDir: 'memory://' });
      return [sql, sql];
    },
  ],
];
if (DATABASE_URL) {
  pairs.push([
    'PostgreSQL',
    async () => [await openSql({ databaseUrl: DATABASE_URL }), await openSql({ databaseUrl: DATABASE_URL })],
  ]);
}

describe.each(pairs)('notifications end to end through two receivers on %s', (_name, open) => {
  let sqls: [Sql, Sql];
  let apps: ReturnType<typeof createReceiverApp>[];
  let notifiers: Notifier[];
  let slack: FakeHttp;
  let teams: FakeHttp;
  let hook: FakeHttp;
  let smtp: FakeSmtp;
  let legal: FakeHttp;

  function post(app: ReturnType<typeof createReceiverApp>, records: Incident[], batchId = crypto.randomUUID()) {
    return app.request('/v1/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${REPORTER}` },
      body: JSON.stringify({ schemaVersion: 1, batchId, deviceId: DEVICE, sentAt: new Date().toISOString(), records }),
    });
  }

  async function accepted(response: Response): Promise<number> {
    expect(response.status).toBe(200);
    return ((await response.json()) as { accepted: unknown[] }).accepted.length;
  }

  /** Both receivers' notifiers at once, until neither finds anything due. */
  async function runBoth(): Promise<number> {
    const counts = await Promise.all(notifiers.map((n) => n.runOnce()));
    return counts.reduce((a, b) => a + b, 0);
  }

  const fakes = () => [slack, teams, hook, smtp, legal];

  beforeAll(async () => {
    sqls = await open();
    const stores = await Promise.all(sqls.map((sql) => openStore({ sql, onLatest: enqueueNotifications })));
    apps = stores.map((store) =>
      createReceiverApp({ store, tokens: [`reporter:${REPORTER}`, `admin:${ADMIN}`], publicUrl: CONSOLE }),
    );
    // The words "due in …" read the notifier's clock, half an hour after detection here.
    const now = () => new Date('2026-01-02T03:34:05.000Z');
    notifiers = sqls.map((sql) => startNotifier({ sql, consoleUrl: CONSOLE, intervalMs: 3_600_000, now }));
    [slack, teams, hook, smtp, legal] = await Promise.all([
      startFakeHttp(),
      startFakeHttp(),
      startFakeHttp(),
      startFakeSmtp(),
      startFakeHttp(),
    ]);
    // Each receiver takes in its configured token once, one after the other.
    for (const app of apps) expect((await app.request('/health')).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(notifiers.map((n) => n.stop()));
    await Promise.all(fakes().map((fake) => fake.close()));
    // The PostgreSQL database is shared with the other receiver tests: leave it as found.
    for (const table of ['notification_targets', 'triage_events', 'incidents', 'incident_revisions'])
      await sqls[0].query(`DELETE FROM ${table}`);
    await sqls[0].query('DELETE FROM tokens WHERE hash = ANY($1::text[])', [[REPORTER, ADMIN].map(hashSecret)]);
    await sqls[0].close();
    if (sqls[1] !== sqls[0]) await sqls[1].close();
  });
  beforeEach(async () => {
    const [sql] = sqls;
    for (const table of [
      'notification_outbox',
      'notification_targets',
      'triage_events',
      'incidents',
      'incident_revisions',
    ])
      await sql.query(`DELETE FROM ${table}`);
    for (const fake of fakes()) fake.reset();
    const add = (input: NewTarget) => createTarget(sql.query, NewTargetSchema.parse(input));
    await add({ kind: 'slack', name: 'Slack', config: { url: slack.url } });
    await add({ kind: 'teams', name: 'Teams', config: { url: teams.url } });
    await add({ kind: 'webhook', name: 'Hook', config: { url: hook.url, secret: SECRET } });
    await add({
      kind: 'email',
      name: 'Mail',
      config: { host: smtp.host, port: smtp.port, from: 'flagline@example.com', to: ['oncall@example.com'] },
    });
    await add({ kind: 'slack', name: 'Legal', config: { url: legal.url }, parties: ['LEGAL'] });
  });

  it('a record arriving reaches each matching target once, saying what, how severe, where, by when and where to look', async () => {
    expect(await accepted(await post(apps[0]!, [assessed(ID_A, 1, 'SEV2')]))).toBe(1);
    expect(await runBoth()).toBe(4);
    expect(await runBoth()).toBe(0);
    for (const fake of [slack, teams, hook, smtp]) expect(fake.received).toHaveLength(1);
    // A SEV2 names no Legal: the Legal-only target gets nothing.
    expect(legal.received).toHaveLength(0);

    const link = `${CONSOLE}/console/#/incidents/${ID_A}`;
    const slackText = JSON.stringify(slack.received[0]!.json);
    for (const part of [
      'The refund of $1,200',
      'Incident · SEV2 high',
      'Case 7 &lt;Refunds&gt;',
      'Due in 30 min',
      link,
    ])
      expect(slackText).toContain(part);
    const teamsText = teams.received[0]!.body;
    for (const part of [
      'The refund of $1,200',
      'Incident · SEV2 high',
      'Case 7 <Refunds>',
      '2026-01-02T04:04:05.000Z',
      link,
    ])
      expect(teamsText).toContain(part);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('[Flagline] SEV2 high incident in Refunds');
    for (const part of [
      'What: The refund of $1,200',
      'How severe: Incident · SEV2 high',
      'Where: Case 7 <Refunds>',
      'By when:',
      'For: Owner: Sam Lee, Security / privacy',
      'Why: New record',
      link,
    ])
      expect(mail.text).toContain(part);

    const { headers, body } = hook.received[0]!;
    const verified = new Webhook(SECRET).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { data: { recordId: string; severity: { words: string }; due: { at: string }; link: string } };
    expect(verified.data).toMatchObject({
      recordId: ID_A,
      severity: { words: 'Incident · SEV2 high' },
      due: { at: '2026-01-02T04:04:05.000Z' },
      link,
    });
    expect(await notificationStatus(sqls[0].query)).toEqual({ pending: 0, sending: 0, sent: 4, failed: 0 });
  });

  it('the same batch posted twice, at once and to both receivers, notifies once per target', async () => {
    const batchId = crypto.randomUUID();
    const records = [report(ID_A), report(ID_B)];
    const answers = await Promise.all([
      post(apps[0]!, records, batchId),
      post(apps[1]!, records, batchId),
      post(apps[0]!, records, batchId),
    ]);
    expect((await Promise.all(answers.map(accepted))).reduce((a, b) => a + b, 0)).toBe(2);
    expect(await accepted(await post(apps[1]!, records, batchId))).toBe(0);
    // Two records, four targets listening to everything; the Legal one hears of neither.
    expect(await runBoth()).toBe(8);
    for (const fake of [slack, teams, hook, smtp]) {
      expect(fake.received).toHaveLength(2);
    }
    expect(legal.received).toHaveLength(0);
    const ids = hook.received.map((r) => (r.json as { data: { recordId: string } }).data.recordId).sort();
    expect(ids).toEqual([ID_A, ID_B]);
    expect(smtp.received.every((mail) => mail.text.includes('For: Triage (owner Sam Lee)'))).toBe(true);
  });

  it('both receivers sending at the same moment still deliver each notification once', async () => {
    const records = Array.from({ length: 6 }, (_, i) => report(`01900000-0000-7000-8000-00000000c0${i}0`));
    expect(await accepted(await post(apps[1]!, records))).toBe(6);
    const rounds = await Promise.all([...notifiers, ...notifiers].map((n) => n.runOnce()));
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(24);
    for (const fake of [slack, teams, hook, smtp]) expect(fake.received).toHaveLength(6);
    const webhookIds = new Set(hook.received.map((r) => r.headers['webhook-id']));
    expect(webhookIds.size).toBe(6);
  });

  it('a target answering 500 once gets the notification when it is due again, once, the error kept', async () => {
    teams.failNext(1);
    expect(await accepted(await post(apps[0]!, [report(ID_A)]))).toBe(1);
    expect(await runBoth()).toBe(4);
    expect(teams.received).toHaveLength(0);
    expect(teams.refused).toBe(1);
    const failed = await sqls[0].query<{ status: string; last_error: string; later: boolean }>(
      `SELECT o.status, o.last_error, o.next_attempt_at - o.created_at >= interval '8 seconds' AS later
         FROM notification_outbox o JOIN notification_targets t ON t.id = o.target_id WHERE t.kind = 'teams'`,
    );
    // Put off by the backoff; made due here rather than waited for.
    expect(failed.rows).toEqual([{ status: 'pending', later: true, last_error: expect.stringContaining('HTTP 500') }]);
    await sqls[0].query(`UPDATE notification_outbox SET next_attempt_at = now() WHERE status = 'pending'`);
    expect(await runBoth()).toBe(1);
    expect(teams.received).toHaveLength(1);
    for (const fake of [slack, hook, smtp]) expect(fake.received).toHaveLength(1);
    const after = await sqls[0].query<{ status: string; attempts: number; last_error: string }>(
      `SELECT o.status, o.attempts, o.last_error FROM notification_outbox o
         JOIN notification_targets t ON t.id = o.target_id WHERE t.kind = 'teams'`,
    );
    expect(after.rows).toEqual([{ status: 'sent', attempts: 2, last_error: expect.stringContaining('HTTP 500') }]);
  });

  it('a revision raising SEV3 to SEV1 notifies again, saying so; one at the same severity does not', async () => {
    expect(await accepted(await post(apps[0]!, [assessed(ID_A, 1, 'SEV3')]))).toBe(1);
    expect(await runBoth()).toBe(4);
    expect(await accepted(await post(apps[1]!, [assessed(ID_A, 2, 'SEV3', { whatHappened: 'More detail' })]))).toBe(1);
    expect(await runBoth()).toBe(0);
    expect(await accepted(await post(apps[0]!, [assessed(ID_A, 3, 'SEV1')]))).toBe(1);
    // SEV1 names Legal: now the Legal-only target hears of it too.
    expect(await runBoth()).toBe(5);
    for (const fake of [slack, teams, hook, smtp]) expect(fake.received).toHaveLength(2);
    expect(legal.received).toHaveLength(1);
    expect(smtp.received[1]!.text).toContain('Why: Severity raised from SEV3 to SEV1');
    expect(smtp.received[1]!.subject).toBe('[Flagline] SEV1 critical incident in Refunds');
    expect(JSON.stringify(legal.received[0]!.json)).toContain('Severity raised from SEV3 to SEV1');
    // An older revision arriving late changes nothing.
    expect(
      await accepted(
        await post(
          apps[1]!,
          [assessed(ID_A, 2, 'SEV3')].map((r) => ({ ...r, revision: 2 })),
        ),
      ),
    ).toBe(0);
    expect(await runBoth()).toBe(0);
  });

  it('admins manage targets under /v1/admin/targets, masked, and a reporter may not', async () => {
    const call = (token: string, path: string, method = 'GET', body?: unknown) =>
      apps[1]!.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await call(REPORTER, '/v1/admin/targets')).status).toBe(403);
    const legalHook = {
      kind: 'webhook',
      name: 'Legal desk',
      config: { url: hook.url, secret: SECRET },
      parties: ['legal'],
    };
    expect((await call(REPORTER, '/v1/admin/targets', 'POST', legalHook)).status).toBe(403);
    const created = await call(ADMIN, '/v1/admin/targets', 'POST', legalHook);
    expect(created.status).toBe(201);
    const { target } = (await created.json()) as { target: { id: string } };
    const listed = await (await call(ADMIN, '/v1/admin/targets')).text();
    expect(listed).toContain('Legal desk');
    expect(listed).toContain('whsec_…LaSw');
    expect(listed).not.toContain(SECRET.slice(6));
    expect(listed).not.toContain('secret-path-token');
    expect(await (await call(ADMIN, `/v1/admin/targets/${target.id}/test`, 'POST')).json()).toEqual({
      ok: true,
      status: 200,
    });
    expect((hook.received[0]!.json as { data: { link: string } }).data.link).toBe(`${CONSOLE}/console/`);
    // The new target hears of a SEV1 (it names Legal) beside the four listening to everything.
    hook.reset();
    expect(await accepted(await post(apps[0]!, [assessed(ID_A, 1, 'SEV1')]))).toBe(1);
    expect(await runBoth()).toBe(6);
    expect(hook.received).toHaveLength(2);
    expect((await call(ADMIN, `/v1/admin/targets/${target.id}`, 'DELETE')).status).toBe(204);
  });
});
