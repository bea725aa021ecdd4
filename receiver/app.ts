import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { BatchSchema, MAX_BATCH_BYTES, type Rejected } from '../lib/sync/contract';
import { IncidentSchema } from '../lib/incident/schema';
import type { Store } from './store';

/** What the receiver needs: where to store, who may call, and the signing secret when signing is on. */
export interface ReceiverOptions {
  store: Store;
  /** Accepted bearer tokens. Empty means no token is asked for (loopback demos only). */
  tokens: string[];
  /** Standard Webhooks secret (`whsec_…`); when set, unsigned or badly signed batches get 401. */
  signingSecret?: string;
  /** Largest body accepted; larger gets 413, which makes the extension split the batch. */
  maxBodyBytes?: number;
}

/** The envelope first, records one by one after, so one bad record is named rather than the batch. */
const EnvelopeSchema = BatchSchema.extend({ records: z.array(z.unknown()).max(50) });

function tokenMatches(header: string | undefined, tokens: string[]): boolean {
  const given = Buffer.from(header?.match(/^Bearer (.+)$/)?.[1] ?? '');
  return tokens.some((token) => {
    const expected = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function recordRef(raw: unknown): { id: string; revision: number } {
  const value = (raw ?? {}) as { id?: unknown; revision?: unknown };
  return {
    id: typeof value.id === 'string' ? value.id.slice(0, 100) : 'unknown',
    revision: Number.isInteger(value.revision) && (value.revision as number) > 0 ? (value.revision as number) : 1,
  };
}

/**
 * The reference receiver as a Hono app: `POST /v1/batches` stores a batch exactly once in effect
 * by (id, revision); `GET /v1/records`, `GET /v1/records/:id` and `GET /v1/export` read it back.
 * See receiver/README.md for the contract.
 */
export function createReceiverApp(options: ReceiverOptions): Hono {
  const app = new Hono();
  const webhook = options.signingSecret ? new Webhook(options.signingSecret) : undefined;

  app.use('/v1/*', async (c, next) => {
    if (options.tokens.length && !tokenMatches(c.req.header('authorization'), options.tokens)) {
      return c.json({ error: 'A valid bearer token is required.' }, 401);
    }
    await next();
  });

  app.post(
    '/v1/batches',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? MAX_BATCH_BYTES * 2,
      onError: (c) => c.json({ error: 'Batch too large; send fewer records.' }, 413),
    }),
    async (c) => {
      const body = await c.req.text();
      if (webhook) {
        try {
          webhook.verify(
            body,
            {
              'webhook-id': c.req.header('webhook-id') ?? '',
              'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
              'webhook-signature': c.req.header('webhook-signature') ?? '',
              // Parse below, so a body that is not JSON gets 400 rather than a signature error.
            },
            { jsonParse: false },
          );
        } catch {
          return c.json({ error: 'The webhook signature is missing or does not match.' }, 401);
        }
      }
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
      const rejected: Rejected[] = [];
      const records = envelope.data.records.map((raw) => {
        const parsed = IncidentSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
          rejected.push({
            ...recordRef(raw),
            code: 'invalid-record',
            message: `Invalid record${where}: ${issue?.message}`,
          });
        }
        return { ...recordRef(raw), raw };
      });
      // All or nothing: the extension resends the others without the records named here.
      if (rejected.length) return c.json({ rejected }, 422);
      if (!records.length) return c.json({ accepted: [], duplicate: [] });
      const { deviceId, batchId } = envelope.data;
      return c.json(await options.store.insert({ deviceId, batchId, records }));
    },
  );

  app.get('/v1/records', async (c) => {
    const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 1_000) || 1_000));
    return c.json({ rows: await options.store.list({ limit }) });
  });
  app.get('/v1/records/:id', async (c) => c.json({ rows: await options.store.list({ id: c.req.param('id') }) }));
  app.get('/v1/export', async (c) => {
    const rows = await options.store.list({ limit: 1_000_000 });
    c.header('Content-Type', 'application/x-ndjson');
    c.header('Content-Disposition', 'attachment; filename="flagline-records.ndjson"');
    return c.body(rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : ''));
  });
  app.get('/health', (c) => c.json({ ok: true, store: options.store.kind }));
  return app;
}
