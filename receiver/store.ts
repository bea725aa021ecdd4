import type { Incident } from '../lib/incident/schema';
import { recordHash } from '../lib/integrity/chain';
import { asIncident, latestColumns } from './db/latest';
import { migrate } from './db/migrations';
import { openSql, type Query, type Sql } from './db/sql';

/** One row the receiver holds: a record at one revision, stored once. */
export interface StoredRow {
  id: string;
  revision: number;
  deviceId: string;
  batchId: string;
  receivedAt: string;
  record: unknown;
}

const INSERT = `
INSERT INTO incident_revisions (id, revision, device_id, batch_id, record)
VALUES ($1, $2, $3, $4, $5::jsonb)
ON CONFLICT (id, revision) DO NOTHING
RETURNING id`;
const STORED = 'SELECT record FROM incident_revisions WHERE id = $1 AND revision = $2';
/** Timestamps as ISO 8601 in UTC with milliseconds, the form the extension writes. */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const SELECT = `
SELECT id, revision, device_id AS "deviceId", batch_id AS "batchId", ${iso('received_at')} AS "receivedAt", record
FROM incident_revisions`;

/**
 * Makes a revision the record's latest unless a higher one is held. The row is locked first, so
 * two receivers storing revisions of one record at once take turns and the higher one wins.
 * Returns the revision as a record and the one it replaced (undefined for a record's first), or
 * null when it is not newer.
 */
async function advanceLatest(
  query: Query,
  batch: { deviceId: string },
  record: BatchRecord,
): Promise<{ incident: Incident; previous?: Incident } | null> {
  const incident = asIncident(record.raw);
  // One record's revisions take turns even before its first row exists, so the second of two
  // arriving together sees the first as the revision it replaces.
  await query('SELECT pg_advisory_xact_lock(hashtext($1))', [record.id]);
  const { rows } = await query<{ revision: number; record: unknown }>(
    'SELECT revision, record FROM incidents WHERE id = $1 FOR UPDATE',
    [record.id],
  );
  const held = rows[0];
  if (held && held.revision >= record.revision) return null;
  const c = latestColumns(incident);
  const { rows: written } = await query(
    `INSERT INTO incidents (id, revision, device_id, received_at, first_received_at, created_at, detected_at,
       record_class, severity, status, workflow, due_at, due_kind, search, record)
     VALUES ($1, $2, $3, now(), now(), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
     ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, device_id = EXCLUDED.device_id,
       received_at = EXCLUDED.received_at, created_at = EXCLUDED.created_at, detected_at = EXCLUDED.detected_at,
       record_class = EXCLUDED.record_class, severity = EXCLUDED.severity, status = EXCLUDED.status,
       workflow = EXCLUDED.workflow, due_at = EXCLUDED.due_at, due_kind = EXCLUDED.due_kind,
       search = EXCLUDED.search, record = EXCLUDED.record
     WHERE incidents.revision < EXCLUDED.revision
     RETURNING id`,
    [
      record.id,
      record.revision,
      batch.deviceId,
      c.created_at,
      c.detected_at,
      c.record_class,
      c.severity,
      c.status,
      c.workflow,
      c.due_at,
      c.due_kind,
      c.search,
      JSON.stringify(record.raw),
    ],
  );
  if (!written.length) return null;
  return held ? { incident, previous: asIncident(held.record) } : { incident };
}

type Ref = { id: string; revision: number };

/** What a stored batch came to, per record revision. */
export interface StoreResult {
  accepted: Ref[];
  duplicate: Ref[];
  /** Held already with another body: the stored copy is kept, both hashes are named. */
  conflict: (Ref & { storedHash: string; sentHash: string })[];
}

/** Sorts one record revision against what the store holds, inserting it unless `dryRun`. */
async function place(query: Query, batch: { deviceId: string; batchId: string }, record: BatchRecord, dryRun: boolean) {
  const ref = { id: record.id, revision: record.revision };
  if (!dryRun) {
    const params = [record.id, record.revision, batch.deviceId, batch.batchId, JSON.stringify(record.raw)];
    const { rows } = await query(INSERT, params);
    if (rows.length) return { kind: 'accepted' as const, ref, inserted: true };
  }
  const { rows } = await query<{ record: unknown }>(STORED, [record.id, record.revision]);
  if (!rows.length) return { kind: 'accepted' as const, ref, inserted: false };
  // jsonb reorders keys, so bodies are compared by the hash of their canonical JSON.
  const storedHash = recordHash(rows[0]!.record);
  const sentHash = recordHash(record.raw);
  if (storedHash === sentHash) return { kind: 'duplicate' as const, ref };
  return { kind: 'conflict' as const, ref: { ...ref, storedHash, sentHash } };
}

export interface BatchRecord {
  id: string;
  revision: number;
  raw: unknown;
}

/**
 * Called inside the storing transaction when a revision becomes a record's latest, with the one
 * it replaced: where the notification outbox is filled, so a notification is queued exactly
 * when its record is stored.
 */
export type OnLatest = (query: Query, change: { record: Incident; previous?: Incident }) => Promise<unknown>;

/** The receiver's storage. */
export interface Store {
  /**
   * Stores a batch's records all or nothing; a revision already held is reported as duplicate
   * when its body is the same, as a conflict when not. `dryRun` stores nothing and answers alike.
   */
  insert(batch: { deviceId: string; batchId: string; records: BatchRecord[]; dryRun?: boolean }): Promise<StoreResult>;
  /** Every row, oldest first; optionally one record's revisions. */
  list(options?: { id?: string; limit?: number }): Promise<StoredRow[]>;
  /** Empties the store of records, triage and notifications; tokens stay (tests and demos). */
  clear(): Promise<void>;
  close(): Promise<void>;
  /** Which database holds the rows, for the start-up line. */
  kind: 'pglite' | 'postgres';
  /** The database, for the console's reads, tokens and the notification outbox. */
  sql: Sql;
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else embedded PGlite in `dataDir`
 * (in memory when `dataDir` is `memory://`), and brings its schema up to date.
 */
export async function openStore(options: {
  databaseUrl?: string;
  dataDir?: string;
  onLatest?: OnLatest;
  sql?: Sql;
}): Promise<Store> {
  const sql = options.sql ?? (await openSql(options));
  await migrate(sql);
  return {
    kind: sql.kind,
    sql,
    insert: (batch) =>
      sql.transaction(async (tx) => {
        // Stored in (id, revision) order, so two batches holding the same records lock them in the
        // same order and never wait on each other; answered in the order sent.
        const order = [...batch.records].sort((a, b) =>
          a.id === b.id ? a.revision - b.revision : a.id < b.id ? -1 : 1,
        );
        const placedBy = new Map<BatchRecord, Awaited<ReturnType<typeof place>>>();
        for (const record of order) {
          const placed = await place(tx.query, batch, record, Boolean(batch.dryRun));
          placedBy.set(record, placed);
          if (placed.kind !== 'accepted' || !placed.inserted) continue;
          const change = await advanceLatest(tx.query, batch, record);
          if (change && options.onLatest) {
            await options.onLatest(tx.query, { record: change.incident, previous: change.previous });
          }
        }
        const result: StoreResult = { accepted: [], duplicate: [], conflict: [] };
        for (const record of batch.records) {
          const placed = placedBy.get(record)!;
          if (placed.kind === 'conflict') result.conflict.push(placed.ref);
          else result[placed.kind].push(placed.ref);
        }
        return result;
      }),
    async list({ id, limit = 1_000 } = {}) {
      const where = id ? ' WHERE id = $2' : '';
      const params: unknown[] = id ? [limit, id] : [limit];
      const { rows } = await sql.query<StoredRow>(
        `${SELECT}${where} ORDER BY received_at, id, revision LIMIT $1`,
        params,
      );
      return rows;
    },
    clear: async () => {
      await sql.transaction(async (tx) => {
        for (const table of ['notification_outbox', 'triage_events', 'incidents', 'incident_revisions']) {
          await tx.query(`DELETE FROM ${table}`);
        }
      });
    },
    close: () => sql.close(),
  };
}
