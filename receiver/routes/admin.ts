import { Hono } from 'hono';
import { z } from 'zod';
import { createToken, listTokens, revokeToken, RoleSchema, type Caller } from '../auth';
import type { Sql } from '../db/sql';
import { targetRoutes, type TargetRouteOptions } from './targets';

type Env = { Variables: { caller: Caller } };

const NewTokenSchema = z.object({ role: RoleSchema, label: z.string().trim().min(1).max(200) });

/** What admins manage: access tokens (shown once, stored hashed) and notification targets. */
export function adminRoutes(sql: Sql, targets: TargetRouteOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/tokens', async (c) => c.json({ tokens: await listTokens(sql.query) }));
  app.post('/tokens', async (c) => {
    const parsed = NewTokenSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'Give a role (reporter, reviewer or admin) and a label.' }, 400);
    return c.json(await createToken(sql.query, parsed.data.role, parsed.data.label), 201);
  });
  app.delete('/tokens/:id', async (c) =>
    (await revokeToken(sql, c.req.param('id')))
      ? c.body(null, 204)
      : c.json({ error: 'No live token with that id.' }, 404),
  );
  app.route('/targets', targetRoutes(sql, targets));
  return app;
}
