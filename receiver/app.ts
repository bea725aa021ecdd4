import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { BatchSchema, MAX_BATCH_BYTES, type Rejected } from '../lib/sync/contract';
import { StoredIncidentSchema } from '../lib/incident/upgrade';
import { timestampSkew, unstorablePath } from './checks';
import { identify, requireRole, syncConfiguredTokens, type Caller } from './auth';
import { adminRoutes } from './routes/admin';
import { consoleRoutes } from './routes/console';
import { incidentRoutes } from './routes/incidents';
import type { BatchRecord, Store, StoreResult } from './store';

/** What the receiver needs: where to store, who may call, and the signing secret when signing is on. */
export interface ReceiverOptions {
  store: Store;
  /**
   * Configured bearer tokens as `role:token` (a bare token is a reporter's). None here and none
   * made in the console means no token is asked for (loopback demos only).
   */
  tokens: string[];
  /** Standard Webhooks secret (`whsec_…`); when set, unsigned or badly signed batches get 401. */
  signingSecret?: string;
  /** Largest body accepted; larger gets 413, which makes the extension split the batch. */
  maxBodyBytes?: number;
  /** Where people reach this receiver (behind a proxy, its public address), for console links. */
  publicUrl?: string;
  /** The built console (`npm run build:console`); receiver/console/dist by default. */
  consoleDir?: string;
}

/** The envelope first, records one by one after, so one bad record is named rather than the batch. */
const EnvelopeSchema = BatchSchema.extend({ records: z.array(z.unknown()).max(50) });

function recordRef(raw: unknown): { id: string; revision: number } {
  const value = (raw ?? {}) as { id?: unknown; revision?: unknown };
  return {
    id: typeof value.id === 'string' ? value.id.slice(0, 100) : 'unknown',
    revision: Number.isInteger(value.revision) && (value.revision as number) > 0 ? (value.revision as number) : 1,
  };
}

/** Checks each record: the schema first, then text the database could not store. */
function checkRecords(records: unknown[]): { rejected: Rejected[]; valid: BatchRecord[] } {
  const rejected: Rejected[] = [];
  const valid: BatchRecord[] = [];
  for (const raw of records) {
    // Records of every schema version a Flagline in the field may still send (docs/incident-model.md).
    const parsed = StoredIncidentSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      rejected.push({
        ...recordRef(raw),
        code: 'invalid-record',
        message: `Invalid record${where}: ${issue?.message}`,
      });
      continue;
    }
    const path = unstorablePath(raw);
    if (path) {
      rejected.push({
        ...recordRef(raw),
        code: 'unstorable-text',
        message: `Text at ${path} holds a NUL character or a broken surrogate pair, which the database cannot store.`,
      });
      continue;
    }
    valid.push({ ...recordRef(raw), raw });
  }
  return { rejected, valid };
}

/** A PostgreSQL data or integrity error (SQLSTATE class 22 or 23): the record, not the server. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * Stores a batch; when the database refuses it as a whole, each record alone, so the one it
 * cannot store is named (rejected) and the others are stored, rather than the batch failing.
 */
async function storeBatch(
  store: Store,
  batch: { deviceId: string; batchId: string; records: BatchRecord[]; dryRun?: boolean },
): Promise<StoreResult & { rejected: Rejected[] }> {
  try {
    return { ...(await store.insert(batch)), rejected: [] };
  } catch (batchError) {
    if (batch.records.length < 2) {
      // Only the database refusing the data names the record; anything else is a retry (503).
      if (!batch.records[0] || !isDataError(batchError)) throw batchError;
      const message = batchError instanceof Error ? batchError.message : 'the database refused it';
      const result: StoreResult = { accepted: [], duplicate: [], conflict: [] };
      return {
        ...result,
        rejected: [
          {
            ...recordRef(batch.records[0].raw),
            code: 'store-failed',
            message: `Not stored: ${message}`.slice(0, 2_000),
          },
        ],
      };
    }
    const total = { accepted: [], duplicate: [], conflict: [], rejected: [] } as StoreResult & { rejected: Rejected[] };
    for (const record of batch.records) {
      const one = await storeBatch(store, { ...batch, records: [record] });
      total.accepted.push(...one.accepted);
      total.duplicate.push(...one.duplicate);
      total.conflict.push(...one.conflict);
      total.rejected.push(...one.rejected);
    }
    return total;
  }
}

/**
 * Why a signed batch is refused (401), or null when its timestamp is near this receiver's clock
 * and its Standard Webhooks signature matches. A skewed clock is named as such, with the
 * receiver's time, so the extension can say what is wrong instead of "signature".
 */
function checkSignature(webhook: Webhook, body: string, header: (name: string) => string | undefined) {
  const skew = timestampSkew(header('webhook-timestamp'));
  if (skew !== undefined) {
    const minutes = Math.round(Math.abs(skew) / 60);
    return {
      error: `The request's timestamp is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} this receiver's clock.`,
      code: 'clock-skew',
      serverTime: new Date().toISOString(),
    };
  }
  try {
    webhook.verify(
      body,
      {
        'webhook-id': header('webhook-id') ?? '',
        'webhook-timestamp': header('webhook-timestamp') ?? '',
        'webhook-signature': header('webhook-signature') ?? '',
      },
      // Parsed by the caller, so a body that is not JSON gets 400 rather than a signature error.
      { jsonParse: false },
    );
    return null;
  } catch {
    return { error: 'The webhook signature is missing or does not match.' };
  }
}

/** `POST /v1/batches`: the signature, the envelope, each record, then the store. */
async function receiveBatch(c: Context, store: Store, webhook: Webhook | undefined): Promise<Response> {
  const body = await c.req.text();
  const refusal = webhook ? checkSignature(webhook, body, (name) => c.req.header(name)) : null;
  if (refusal) return c.json(refusal, 401);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return c.json({ error: 'The body is not JSON.' }, 400);
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return c.json({ error: `Invalid batch at ${issue?.path.join('.') || 'body'}: ${issue?.message}` }, 400);
  }
  const { rejected, valid } = checkRecords(envelope.data.records);
  // All or nothing: the extension resends the others without the records named here.
  if (rejected.length) return c.json({ rejected }, 422);
  const { deviceId, batchId, dryRun } = envelope.data;
  const echo = dryRun ? { dryRun: true } : {};
  if (!valid.length) return c.json({ accepted: [], duplicate: [], conflict: [], ...echo });
  const { rejected: refused, ...placed } = await storeBatch(store, {
    deviceId,
    batchId,
    records: valid,
    dryRun,
  });
  return c.json({ ...placed, ...(refused.length ? { rejected: refused } : {}), ...echo });
}

/** What only reviewers and admins read: records, the team's log, the review and the exports. */
const REVIEWER_PATHS = [
  '/v1/records',
  '/v1/records/*',
  '/v1/incidents',
  '/v1/incidents/*',
  '/v1/review',
  '/v1/review/*',
  '/v1/export',
];

/** The receiver's own origin, as the request reached it or as people reach it (RECEIVER_PUBLIC_URL). */
function allowedOrigin(origin: string, requestUrl: string, publicUrl: string | undefined): boolean {
  if (origin === new URL(requestUrl).origin) return true;
  return Boolean(publicUrl) && origin === new URL(publicUrl!).origin;
}

/**
 * The team's receiver as a Hono app (receiver/README.md): `POST /v1/batches` stores a batch
 * exactly once in effect by (id, revision); reviewers read the team's log, triage, review and
 * export it (`/v1/incidents`, `/v1/review`, `/v1/export`, raw revisions at `/v1/records`); admins
 * manage tokens and notification targets; the console is served at `/console/`.
 */
export function createReceiverApp(options: ReceiverOptions): Hono {
  const app = new Hono<{ Variables: { caller: Caller } }>();
  const { sql } = options.store;
  // Whatever else goes wrong is the receiver's trouble, not the request's: "try again later".
  app.onError((_error, c) => c.json({ error: 'The receiver could not handle the request; try again later.' }, 503));
  const webhook = options.signingSecret ? new Webhook(options.signingSecret) : undefined;

  // The configured tokens reach the tokens table before the first request is answered; a
  // database that is down is tried again on the next request.
  let ready: Promise<void> | undefined;
  app.use('*', async (_c, next) => {
    ready ??= syncConfiguredTokens(sql, options.tokens).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // The console's own scripts and styles only; record text is rendered as text, never markup.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );

  // A web page on another site may post a form or plain text here without asking (no CORS
  // preflight), carrying the console's cookie or reaching an open-mode receiver on this machine.
  // Such a request names its origin: refuse it unless that is the receiver's own. JSON from
  // another origin needs a preflight this receiver never grants; clients outside a browser send
  // no Origin.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    const simple = !/^application\/json\b/i.test(c.req.header('content-type') ?? '');
    if (c.req.method === 'POST' && simple && origin && !allowedOrigin(origin, c.req.url, options.publicUrl)) {
      return c.json({ error: 'Requests from another site are refused.' }, 403);
    }
    await next();
  });

  const reporter = requireRole(sql, 'reporter');
  const reviewer = requireRole(sql, 'reviewer');
  const admin = requireRole(sql, 'admin');

  app.post(
    '/v1/batches',
    reporter,
    bodyLimit({
      maxSize: options.maxBodyBytes ?? MAX_BATCH_BYTES * 2,
      onError: (c) => c.json({ error: 'Batch too large; send fewer records.' }, 413),
    }),
    (c) => receiveBatch(c, options.store, webhook),
  );

  // Who the console is signed in as. A browser with no credential at all is told so with a 200,
  // not a 401: the console asks this before anyone has signed in.
  app.get('/v1/me', async (c) => {
    const caller = await identify(sql, c);
    if (caller === undefined) return c.json({ signedIn: false });
    if (!caller) return c.json({ error: 'A valid access token is required.' }, 401);
    const { role, label, openMode } = caller;
    return c.json({ signedIn: true, role, label, openMode });
  });

  for (const path of REVIEWER_PATHS) {
    app.use(path, reviewer);
  }
  app.get('/v1/records', async (c) => {
    const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 1_000) || 1_000));
    return c.json({ rows: await options.store.list({ limit }) });
  });
  app.get('/v1/records/:id', async (c) => c.json({ rows: await options.store.list({ id: c.req.param('id') }) }));

  app.route('/v1', incidentRoutes(sql));

  app.use('/v1/admin/*', admin);
  app.route('/v1/admin', adminRoutes(sql, { consoleUrl: options.publicUrl }));

  app.route('/console', consoleRoutes(sql, options.consoleDir));
  app.get('/', (c) => c.redirect('/console/'));
  app.get('/health', (c) => c.json({ ok: true, store: options.store.kind }));
  return app as unknown as Hono;
}
