import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { callerForToken, endSession, isLocalRequest, SESSION_COOKIE, SESSION_HOURS, startSession } from '../auth';
import type { Sql } from '../db/sql';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Where `npm run build:console` writes the console. */
export const CONSOLE_DIST = path.resolve(HERE, '..', 'console', 'dist');

const SignInSchema = z.object({ token: z.string().min(1).max(500) });

/**
 * The team console: signing in with a token (kept as a session cookie, never the token itself)
 * and the built page. A company's single sign-on goes in front, as an authenticating proxy
 * (receiver/README.md).
 */
export function consoleRoutes(sql: Sql, dist = CONSOLE_DIST): Hono {
  const app = new Hono();

  app.post('/session', async (c) => {
    const parsed = SignInSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'Paste an access token.' }, 400);
    const caller = await callerForToken(sql.query, parsed.data.token);
    if (!caller?.tokenId) return c.json({ error: 'That token was not recognised.' }, 401);
    if (caller.role === 'reporter') {
      return c.json({ error: 'This token can send records but not read them.' }, 403);
    }
    const session = await startSession(sql.query, caller.tokenId);
    setCookie(c, SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      // Plain http is only for this machine; anywhere else the cookie needs https.
      secure: !isLocalRequest(c),
      maxAge: SESSION_HOURS * 3600,
    });
    return c.body(null, 204);
  });
  app.delete('/session', async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) await endSession(sql.query, session);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !isLocalRequest(c) });
    return c.body(null, 204);
  });

  if (!existsSync(path.join(dist, 'index.html'))) {
    app.get('*', (c) => c.text('The console is not built yet: run "npm run build:console" and reload this page.', 503));
    return app;
  }
  const root = path.relative(process.cwd(), dist) || '.';
  app.get('/', (c, next) => (c.req.path.endsWith('/') ? next() : c.redirect('/console/')));
  app.use('*', serveStatic({ root, rewriteRequestPath: (p) => p.replace(/^\/console/, '') || '/' }));
  // Any other path is a view of the single page.
  app.get('*', serveStatic({ root, path: 'index.html' }));
  return app;
}
