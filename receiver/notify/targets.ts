/**
 * Where notifications go: a generic webhook (Standard Webhooks signed), a Slack or Microsoft Teams
 * incoming webhook, or e-mail over SMTP. Each target listens to every notification or only to
 * records naming one of its parties. Secrets stay in the database: what is listed is masked.
 */
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { Query } from '../db/sql';

export const TARGET_KINDS = ['webhook', 'slack', 'teams', 'email'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'Enter an http:// or https:// address' })
  .max(2_000, 'The address is too long');

/** A Standard Webhooks secret: `whsec_` and base64 the library accepts. */
const webhookSecret = z
  .string()
  .max(200)
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'The secret is whsec_ followed by base64')
  .refine((secret) => {
    try {
      new Webhook(secret);
      return true;
    } catch {
      return false;
    }
  }, 'The secret is not valid base64');

export const WebhookConfigSchema = z.object({ url: httpUrl, secret: webhookSecret }).strict();
export const SlackConfigSchema = z.object({ url: httpUrl }).strict();
export const TeamsConfigSchema = z.object({ url: httpUrl }).strict();
export const EmailConfigSchema = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.int().min(1).max(65_535),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().optional(),
    user: z.string().max(320).optional(),
    password: z.string().max(1_000).optional(),
    from: z.string().trim().min(3).max(320),
    to: z.array(z.email()).min(1).max(50),
  })
  .strict();

export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export type SlackConfig = z.infer<typeof SlackConfigSchema>;
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;
export type EmailConfig = z.infer<typeof EmailConfigSchema>;

const name = z.string().trim().min(1).max(200);
/** Party names (`who` of a routing's parties, or "Triage"); empty means every notification. */
export const PartiesSchema = z.array(z.string().trim().min(1).max(200)).max(40);

const common = { name, parties: PartiesSchema.default([]), enabled: z.boolean().default(true) };

/** A target as created through the admin API. */
export const NewTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), config: WebhookConfigSchema, ...common }).strict(),
  z.object({ kind: z.literal('slack'), config: SlackConfigSchema, ...common }).strict(),
  z.object({ kind: z.literal('teams'), config: TeamsConfigSchema, ...common }).strict(),
  z.object({ kind: z.literal('email'), config: EmailConfigSchema, ...common }).strict(),
]);
export type NewTarget = z.input<typeof NewTargetSchema>;

/** What an edit may change: on or off, the parties, the name. The kind and config are set at creation. */
export const TargetPatchSchema = z
  .object({ enabled: z.boolean().optional(), parties: PartiesSchema.optional(), name: name.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'Nothing to change');
export type TargetPatch = z.infer<typeof TargetPatchSchema>;

interface TargetBase {
  id: string;
  name: string;
  parties: string[];
  enabled: boolean;
  createdAt: string;
}
export type Target = TargetBase &
  (
    | { kind: 'webhook'; config: WebhookConfig }
    | { kind: 'slack'; config: SlackConfig }
    | { kind: 'teams'; config: TeamsConfig }
    | { kind: 'email'; config: EmailConfig }
  );

const COLUMNS = `id, kind, name, config, parties, enabled,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

/** The secrets a target's config holds, to keep out of anything shown or logged. */
export function targetSecrets(target: Target): string[] {
  switch (target.kind) {
    case 'webhook':
      return [target.config.secret, target.config.url];
    case 'slack':
    case 'teams':
      return [target.config.url];
    case 'email':
      return target.config.password ? [target.config.password] : [];
  }
}

/** "whsec_…abcd": enough to tell two secrets apart, not enough to use one. */
export function maskSecret(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  return `${prefix}…${secret.length - prefix.length > 8 ? secret.slice(-4) : ''}`;
}

/**
 * A webhook address may itself be the credential (an incoming webhook's path carries its token,
 * as many generic ones do): shown as its origin and the last four characters, enough to tell two
 * apart.
 */
export function maskUrl(href: string): string {
  try {
    const url = new URL(href);
    const rest = `${url.pathname}${url.search}`;
    return `${url.origin}/…${rest.length > 12 ? rest.slice(-4) : ''}`;
  } catch {
    return '…';
  }
}

/** The target as the admin API shows it: secrets, passwords and webhook tokens masked. */
export function maskTarget(target: Target): Target {
  switch (target.kind) {
    case 'webhook':
      return {
        ...target,
        config: { url: maskUrl(target.config.url), secret: maskSecret(target.config.secret) },
      };
    case 'slack':
    case 'teams':
      return { ...target, config: { url: maskUrl(target.config.url) } } as Target;
    case 'email': {
      const { password, ...config } = target.config;
      return { ...target, config: { ...config, ...(password ? { password: '••••••••' } : {}) } };
    }
  }
}

type Row = Omit<Target, 'config' | 'parties'> & { config: unknown; parties: unknown };

function fromRow(row: Row): Target {
  const config = typeof row.config === 'string' ? JSON.parse(row.config) : row.config;
  const parties = typeof row.parties === 'string' ? JSON.parse(row.parties) : row.parties;
  return { ...row, config, parties: Array.isArray(parties) ? parties : [] } as Target;
}

/** Every target, oldest first. */
export async function listTargets(query: Query, options: { enabledOnly?: boolean } = {}): Promise<Target[]> {
  const where = options.enabledOnly ? ' WHERE enabled' : '';
  const { rows } = await query<Row>(`SELECT ${COLUMNS} FROM notification_targets${where} ORDER BY created_at, id`);
  return rows.map(fromRow);
}

export async function getTarget(query: Query, id: string): Promise<Target | undefined> {
  const { rows } = await query<Row>(`SELECT ${COLUMNS} FROM notification_targets WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Stores a validated new target under a fresh id. */
export async function createTarget(query: Query, input: z.output<typeof NewTargetSchema>): Promise<Target> {
  const { rows } = await query<Row>(
    `INSERT INTO notification_targets (id, kind, name, config, parties, enabled)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING ${COLUMNS}`,
    [
      crypto.randomUUID(),
      input.kind,
      input.name,
      JSON.stringify(input.config),
      JSON.stringify(input.parties),
      input.enabled,
    ],
  );
  return fromRow(rows[0]!);
}

/** Applies an edit; undefined when no such target. */
export async function updateTarget(query: Query, id: string, patch: TargetPatch): Promise<Target | undefined> {
  const { rows } = await query<Row>(
    `UPDATE notification_targets SET
       enabled = COALESCE($2, enabled),
       parties = COALESCE($3::jsonb, parties),
       name = COALESCE($4, name)
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.enabled ?? null, patch.parties ? JSON.stringify(patch.parties) : null, patch.name ?? null],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Deletes a target and, with it, its queued notifications. False when no such target. */
export async function deleteTarget(query: Query, id: string): Promise<boolean> {
  const { rows } = await query('DELETE FROM notification_targets WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}
