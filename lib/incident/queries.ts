import type { FlaglineDb } from '../db';
import type { Incident } from './schema';

/** Records newest first. */
export function newestRecords(db: FlaglineDb, limit = 200): Promise<Incident[]> {
  return db.incidents.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** The most recent draft, the one a new flag opens. */
export async function newestDraft(db: FlaglineDb): Promise<Incident | undefined> {
  return db.incidents
    .orderBy('createdAt')
    .reverse()
    .filter((record) => record.status === 'draft')
    .first();
}
