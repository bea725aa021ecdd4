import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { isLoopbackHost } from './config';
import type { Query, Sql } from './db/sql';

/**
 * Who may do what. Each role includes the ones before it: a reporter sends batches, a reviewer
 * also reads every record and triages, an admin also manages tokens and notification targets.
 */
export const ROLES = ['reporter', 'reviewer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The caller of a request, once its token or session is known. */
export interface Caller {
  role: Role;
  label: string;
  tokenId: string | null;
  /** No token is configured at all: a loopback demo, where anyone on the machine is admin. */
  openMode: boolean;
}

export const SESSION_COOKIE = 'flagline_session';
/** A console session lasts a working day; signing in again starts a new one. */
export const SESSION_HOURS = 12;

/** Tokens and session ids are random and long, so one SHA-256 is the right hash: nothing to stretch. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new bearer token: 32 random bytes, URL-safe, with a prefix that says what it is. */
export const newToken = (): string => `flt_${randomBytes(32).toString('base64url')}`;

/**
 * `role:token` entries from the configuration (RECEIVER_TOKENS); a bare token is a reporter's,
 * which is what a token meant before roles.
 */
export function parseTokenSpec(spec: string): { role: Role; token: string } {
  const match = spec.match(/^(reporter|reviewer|admin):(.+)$/);
  return match ? { role: match[1] as Role, token: match[2]! } : { role: 'reporter', token: spec };
}

/**
 * Makes the tokens table agree with the configuration: each configured token is held (hashed)
 * with its role, and a configured token no longer listed is revoked. Tokens an admin made in the
 * console are left alone.
 */
export async function syncConfiguredTokens(sql: Sql, specs: readonly string[]): Promise<void> {
  const wanted = specs.map(parseTokenSpec).map(({ role, token }) => ({ role, hash: hashSecret(token) }));
  await sql.transaction(async (tx) => {
    for (const { role, hash } of wanted) {
      await tx.query(
        `INSERT INTO tokens (id, hash, role, label, source) VALUES ($1, $2, $3, $4, 'config')
         ON CONFLICT (hash) DO UPDATE SET role = EXCLUDED.role, label = EXCLUDED.label, revoked_at = NULL`,
        [`config-${hash.slice(0, 12)}`, hash, role, `${role} (configured, …${hash.slice(0, 6)})`],
      );
    }
    await tx.query(
      `UPDATE tokens SET revoked_at = now() WHERE source = 'config' AND revoked_at IS NULL AND NOT (hash = ANY($1::text[]))`,
      [wanted.map((w) => w.hash)],
    );
  });
}

async function openMode(query: Query): Promise<boolean> {
  const { rows } = await query('SELECT 1 FROM tokens WHERE revoked_at IS NULL LIMIT 1');
  return rows.length === 0;
}

async function callerByTokenHash(query: Query, hash: string): Promise<Caller | null> {
  const { rows } = await query<{ id: string; role: Role; label: string }>(
    'SELECT id, role, label FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  const row = rows[0];
  return row ? { role: row.role, label: row.label, tokenId: row.id, openMode: false } : null;
}

async function callerBySession(query: Query, sessionId: string): Promise<Caller | null> {
  const { rows } = await query<{ id: string; role: Role; label: string }>(
    `SELECT t.id, t.role, t.label FROM sessions s JOIN tokens t ON t.id = s.token_id
     WHERE s.hash = $1 AND s.expires_at > now() AND t.revoked_at IS NULL`,
    [hashSecret(sessionId)],
  );
  const row = rows[0];
  return row ? { role: row.role, label: row.label, tokenId: row.id, openMode: false } : null;
}

/** A bearer token's caller, or null when the token is unknown or revoked. */
export async function callerForToken(query: Query, token: string): Promise<Caller | null> {
  return callerByTokenHash(query, hashSecret(token));
}

/**
 * Starts a console session for a token's holder: a random id whose hash is stored, returned for
 * the cookie. The token itself is never kept.
 */
export async function startSession(query: Query, tokenId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await query(`INSERT INTO sessions (hash, token_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`, [
    hashSecret(id),
    tokenId,
    SESSION_HOURS,
  ]);
  // Expired sessions go as new ones start, so the table never grows without bound.
  await query('DELETE FROM sessions WHERE expires_at < now()');
  return id;
}

export async function endSession(query: Query, sessionId: string): Promise<void> {
  await query('DELETE FROM sessions WHERE hash = $1', [hashSecret(sessionId)]);
}

/** Whether the request came to this machine by name or loopback address: the cookie may then go over http. */
export function isLocalRequest(c: Context): boolean {
  return isLoopbackHost(new URL(c.req.url).hostname);
}

type Env = { Variables: { caller: Caller } };

/**
 * The caller of a request, from `Authorization: Bearer …` or the console's session cookie; in open
 * mode anyone. `undefined` when no credential came at all, null when one came and names no live
 * token or session. A cookie is only honoured for requests a page of this origin could make:
 * SameSite keeps other sites' requests from carrying it.
 */
export async function identify(sql: Sql, c: Context): Promise<Caller | null | undefined> {
  let caller: Caller | null | undefined;
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer (.+)$/)?.[1];
  const session = getCookie(c, SESSION_COOKIE);
  if (header) caller = bearer ? await callerForToken(sql.query, bearer) : null;
  // A session that has ended is no credential: the console then simply asks to sign in.
  else if (session) caller = (await callerBySession(sql.query, session)) ?? undefined;
  if (!caller && (await openMode(sql.query))) {
    caller = { role: 'admin', label: 'anyone on this machine', tokenId: null, openMode: true };
  }
  return caller;
}

/**
 * Lets the request through when its caller has at least `role`: 401 when no credential names a
 * live token, 403 when the caller's role is below `role`. Never logs a credential.
 */
export function requireRole(sql: Sql, role: Role): MiddlewareHandler<Env> {
  return async (c, next) => {
    const caller = await identify(sql, c);
    if (!caller) return c.json({ error: 'A valid access token is required.' }, 401);
    if (ROLES.indexOf(caller.role) < ROLES.indexOf(role)) {
      return c.json({ error: `This needs the ${role} role; the token has ${caller.role}.` }, 403);
    }
    c.set('caller', caller);
    await next();
  };
}

/** A token as the admin screen lists it: never the token or its hash. */
export interface TokenInfo {
  id: string;
  role: Role;
  label: string;
  source: 'config' | 'console';
  createdAt: string;
  revokedAt: string | null;
}

export async function listTokens(query: Query): Promise<TokenInfo[]> {
  const { rows } = await query<TokenInfo>(
    `SELECT id, role, label, source,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
       to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "revokedAt"
     FROM tokens ORDER BY created_at, id`,
  );
  return rows;
}

/** Makes a token; the caller shows it once. Only its hash is stored. */
export async function createToken(query: Query, role: Role, label: string): Promise<{ id: string; token: string }> {
  const token = newToken();
  const id = randomUUID();
  await query(`INSERT INTO tokens (id, hash, role, label, source) VALUES ($1, $2, $3, $4, 'console')`, [
    id,
    hashSecret(token),
    role,
    label,
  ]);
  return { id, token };
}

/** Revokes a token and ends its sessions. False when there is no such live token. */
export async function revokeToken(sql: Sql, id: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query(
      'UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [id],
    );
    await tx.query('DELETE FROM sessions WHERE token_id = $1', [id]);
    return rows.length > 0;
  });
}
