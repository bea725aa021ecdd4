import Dexie, { type EntityTable } from 'dexie';
import type { Incident } from './incident/schema';
import type { Workflow } from './workflows/schema';

export const DB_NAME = 'flagline';

/**
 * The local incident store. IndexedDB is the first home of every record: the sync endpoint and
 * exports are copies. Each schema change is a new `version(n)` with its upgrade; never edit one.
 */
export class FlaglineDb extends Dexie {
  incidents!: EntityTable<Incident, 'id'>;
  workflows!: EntityTable<Workflow, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      incidents: 'id, createdAt, updatedAt, status',
    });
    // v2: the workflow registry. No record changes, so no upgrade function.
    this.version(2).stores({
      workflows: 'id, name',
    });
  }
}

let shared: FlaglineDb | undefined;

/** The database of this extension context, opened lazily (one connection per context). */
export function getDb(): FlaglineDb {
  shared ??= new FlaglineDb();
  return shared;
}
