import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** A query function: the same SQL runs on PGlite and PostgreSQL. */
export type Query = <T>(text: string, params?: unknown[]) => Promise<{ rows: T[] }>;

/** The few SQL calls the receiver makes; PGlite and node-postgres both fit behind it. */
export interface Sql {
  query: Query;
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (tx: { query: Query }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  kind: 'pglite' | 'postgres';
}

function pgliteSql(db: PGlite): Sql {
  return {
    kind: 'pglite',
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
    kind: 'postgres',
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
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL when `databaseUrl` is set, else embedded PGlite in `dataDir` (`memory://` keeps nothing). */
export async function openSql(options: { databaseUrl?: string; dataDir?: string; poolSize?: number }): Promise<Sql> {
  return options.databaseUrl
    ? postgresSql(new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 8 }))
    : pgliteSql(await PGlite.create(options.dataDir ?? 'memory://'));
}
