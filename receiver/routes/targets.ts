/**
 * The admin API of notification targets: list (secrets masked), create, turn on or off and
 * choose parties, delete, and send a test message now. Mounted behind the admin role.
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import type { Sql } from '../db/sql';
import { testNotification } from '../notify/message';
import { SendError, sendToTarget } from '../notify/senders';
import {
  createTarget,
  deleteTarget,
  getTarget,
  listTargets,
  maskTarget,
  NewTargetSchema,
  TargetPatchSchema,
  updateTarget,
} from '../notify/targets';

export interface TargetRouteOptions {
  /** The console's base address, for the link in a test message; the request's origin unless given. */
  consoleUrl?: string;
  fetch?: typeof fetch;
}

/** The first problem Zod found, as one sentence naming where. */
function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return `Invalid target${where}: ${issue?.message ?? 'not valid'}`;
}

async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await request.json() };
  } catch {
    return { ok: false };
  }
}

export function targetRoutes(sql: Sql, options: TargetRouteOptions = {}): Hono {
  const app = new Hono();
  const notFound = { error: 'No such notification target.' };

  app.get('/', async (c) => c.json({ targets: (await listTargets(sql.query)).map(maskTarget) }));

  app.post('/', async (c) => {
    const body = await jsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: 'The body is not JSON.' }, 400);
    const parsed = NewTargetSchema.safeParse(body.value);
    if (!parsed.success) return c.json({ error: problem(parsed.error) }, 400);
    const target = await createTarget(sql.query, parsed.data);
    return c.json({ target: maskTarget(target) }, 201);
  });

  app.patch('/:id', async (c) => {
    const body = await jsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: 'The body is not JSON.' }, 400);
    const parsed = TargetPatchSchema.safeParse(body.value);
    if (!parsed.success) return c.json({ error: problem(parsed.error) }, 400);
    const target = await updateTarget(sql.query, c.req.param('id'), parsed.data);
    return target ? c.json({ target: maskTarget(target) }) : c.json(notFound, 404);
  });

  app.delete('/:id', async (c) =>
    (await deleteTarget(sql.query, c.req.param('id'))) ? c.body(null, 204) : c.json(notFound, 404),
  );

  app.post('/:id/test', async (c) => {
    const target = await getTarget(sql.query, c.req.param('id'));
    if (!target) return c.json(notFound, 404);
    const consoleUrl = options.consoleUrl ?? new URL(c.req.url).origin;
    const now = new Date();
    const notification = testNotification({ consoleUrl, targetName: target.name, now });
    try {
      const { status } = await sendToTarget(target, notification, `test_${crypto.randomUUID()}`, {
        fetch: options.fetch,
        now,
      });
      return c.json({ ok: true, status });
    } catch (error) {
      const status = error instanceof SendError ? error.status : undefined;
      const message = error instanceof Error ? error.message : 'Sending failed';
      return c.json({ ok: false, ...(status ? { status } : {}), error: message });
    }
  });

  return app;
}
