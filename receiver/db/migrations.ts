import type { Query, Sql } from './sql';

/**
 * The receiver's schema, one numbered step at a time. Each step runs once, in its own
 * transaction, and is recorded in `schema_migrations`; an advisory lock makes a second process
 * starting at the same moment wait and then find the step done. Never edit a released step: add one.
 */
export interface Migration {
  version: number;
  name: string;
  up: (query: Query) => Promise<void>;
}

const sql =
  (text: string) =>
  async (query: Query): Promise<void> => {
    for (const statement of text
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean))
      await query(statement);
  };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'record revisions',
    // IF NOT EXISTS: receivers from before migrations were numbered already hold this table.
    up: sql(`
      CREATE TABLE IF NOT EXISTS incident_revisions (
        id text NOT NULL,
        revision integer NOT NULL,
        device_id text NOT NULL,
        batch_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        record jsonb NOT NULL,
        PRIMARY KEY (id, revision)
      )`),
  },
  {
    version: 2,
    name: 'latest revisions, triage, tokens, sessions, notifications',
    up: sql(`
      CREATE TABLE incidents (
        id text PRIMARY KEY,
        revision integer NOT NULL,
        device_id text NOT NULL,
        received_at timestamptz NOT NULL,
        first_received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        detected_at timestamptz NOT NULL,
        record_class text NOT NULL,
        severity text,
        status text NOT NULL,
        workflow text NOT NULL,
        due_at timestamptz,
        due_kind text,
        search text NOT NULL,
        record jsonb NOT NULL,
        assigned_owner text,
        acknowledged_at timestamptz,
        acknowledged_by text
      );
      CREATE INDEX incidents_created ON incidents (created_at DESC, id DESC);
      CREATE INDEX incidents_detected ON incidents (detected_at);
      CREATE INDEX incidents_due ON incidents (due_at) WHERE due_at IS NOT NULL;
      CREATE INDEX incidents_class ON incidents (record_class, severity);
      CREATE INDEX incidents_device ON incidents (device_id);
      CREATE INDEX incident_revisions_received ON incident_revisions (received_at, id, revision);
      CREATE TABLE triage_events (
        seq bigserial PRIMARY KEY,
        record_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        by_name text NOT NULL,
        kind text NOT NULL,
        value text NOT NULL DEFAULT ''
      );
      CREATE INDEX triage_events_record ON triage_events (record_id, seq);
      CREATE TABLE tokens (
        id text PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        role text NOT NULL,
        label text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE sessions (
        hash text PRIMARY KEY,
        token_id text NOT NULL REFERENCES tokens (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE notification_targets (
        id text PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        config jsonb NOT NULL,
        parties jsonb NOT NULL DEFAULT '[]',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE notification_outbox (
        id text PRIMARY KEY,
        record_id text NOT NULL,
        revision integer NOT NULL,
        target_id text NOT NULL REFERENCES notification_targets (id) ON DELETE CASCADE,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        sent_at timestamptz,
        UNIQUE (record_id, revision, target_id)
      );
      CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending'`),
  },
];

/** An arbitrary constant naming the receiver's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 7_216_530_114;

/**
 * Applies every step not yet recorded, in order. Safe to call from several processes at once:
 * the lock serialises them and each step is checked again under it. Returns the versions applied.
 */
export async function migrate(db: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Under the lock too: IF NOT EXISTS does not stop two sessions creating the table at once.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length) return true;
      await migration.up(tx.query);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return false;
    });
    if (!done) applied.push(migration.version);
  }
  return applied;
}
