import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { recordHash } from '../lib/integrity/chain';

/** One row the receiver holds: a record at one revision, stored once. */
export interface StoredRow {
  id: string;
  revision: number;
  deviceId: string;
  batchId: string;
  receivedAt: string;
  record: unknown;
}

/** The few SQL calls the receiver makes; PGlite and node-postgres both fit behind it. */
interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(fn: (sql: Pick<Sql, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The same SQL runs on PGlite and PostgreSQL. (id, revision) is the key: a resend stores nothing. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS incident_revisions (
  id text NOT NULL,
  revision integer NOT NULL,
  device_id text NOT NULL,
  batch_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  record jsonb NOT NULL,
  PRIMARY KEY (id, revision)
)`;
const INSERT = `
INSERT INTO incident_revisions (id, revision, device_id, batch_id, record)
VALUES ($1, $2, $3, $4, $5::jsonb)
ON CONFLICT (id, revision) DO NOTHING
RETURNING id`;
const STORED = 'SELECT record FROM incident_revisions WHERE id = $1 AND revision = $2';
const SELECT = `
SELECT id, revision, device_id AS "deviceId", batch_id AS "batchId",
       to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "receivedAt", record
FROM incident_revisions`;

function pgliteSql(db: PGlite): Sql {
  return {
    query: <T>(text: string, params?: unknown[]) => db.query<T>(text, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: <T>(t: string, p?: unknown[]) => tx.query<T>(t, p) })),
    close: () => db.close(),
  };
}

function postgresSql(pool: pg.Pool): Sql {
  const query = async <T>(text: string, params?: unknown[]) => ({
    rows: (await pool.query(text, params)).rows as T[],
  });
  return {
    query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(t: string, p?: unknown[]) => ({ rows: (await client.query(t, p)).rows as T[] }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

type Ref = { id: string; revision: number };

/** What a stored batch came to, per record revision. */
export interface StoreResult {
  accepted: Ref[];
  duplicate: Ref[];
  /** Held already with another body: the stored copy is kept, both hashes are named. */
  conflict: (Ref & { storedHash: string; sentHash: string })[];
}

type Query = Pick<Sql, 'query'>['query'];

/** Sorts one record revision against what the store holds, inserting it unless `dryRun`. */
async function place(query: Query, batch: { deviceId: string; batchId: string }, record: BatchRecord, dryRun: boolean) {
  const ref = { id: record.id, revision: record.revision };
  if (!dryRun) {
    const params = [record.id, record.revision, batch.deviceId, batch.batchId, JSON.stringify(record.raw)];
    const { rows } = await query(INSERT, params);
    if (rows.length) return { kind: 'accepted' as const, ref };
  }
  const { rows } = await query<{ record: unknown }>(STORED, [record.id, record.revision]);
  if (!rows.length) return { kind: 'accepted' as const, ref };
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

/** The receiver's storage. */
export interface Store {
  /**
   * Stores a batch's records all or nothing; a revision already held is reported as duplicate
   * when its body is the same, as a conflict when not. `dryRun` stores nothing and answers alike.
   */
  insert(batch: { deviceId: string; batchId: string; records: BatchRecord[]; dryRun?: boolean }): Promise<StoreResult>;
  /** Every row, oldest first; optionally one record's revisions. */
  list(options?: { id?: string; limit?: number }): Promise<StoredRow[]>;
  /** Empties the store (tests and demos). */
  clear(): Promise<void>;
  close(): Promise<void>;
  /** Which database holds the rows, for the start-up line. */
  kind: 'pglite' | 'postgres';
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else embedded PGlite in `dataDir`
 * (in memory when `dataDir` is `memory://`). Creates the table when missing.
 */
export async function openStore(options: { databaseUrl?: string; dataDir?: string }): Promise<Store> {
  const sql = options.databaseUrl
    ? postgresSql(new pg.Pool({ connectionString: options.databaseUrl, max: 4 }))
    : pgliteSql(await PGlite.create(options.dataDir ?? 'memory://'));
  await sql.query(SCHEMA);
  return {
    kind: options.databaseUrl ? 'postgres' : 'pglite',
    insert: (batch) =>
      sql.transaction(async (tx) => {
        const result: StoreResult = { accepted: [], duplicate: [], conflict: [] };
        for (const record of batch.records) {
          const placed = await place(tx.query.bind(tx), batch, record, Boolean(batch.dryRun));
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
    clear: async () => void (await sql.query('DELETE FROM incident_revisions')),
    close: () => sql.close(),
  };
}
