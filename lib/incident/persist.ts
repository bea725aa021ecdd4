import type { FlaglineDb } from '../db';
import { nextLink, recordHash } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';
import { outboxEntry } from './outbox-entry';
import type { Incident } from './schema';

export type { OutboxEntry } from './outbox-entry';

/** The tables a revision write touches; transactions that call `writeRevision` must include them. */
export function revisionTables(db: FlaglineDb) {
  return [db.incidents, db.chain, db.outbox] as const;
}

/**
 * The hash a chain link holds for a revision: of the record as it may leave the device, so the
 * sync body and an export (both masked, see `shareableRecord`) verify against the chain. The
 * local record's own evidence hash still covers what was captured.
 */
export function revisionHash(record: Incident): string {
  return recordHash(shareableRecord(record));
}

/**
 * Stores a record revision with everything that belongs to it: the record, the next link of the
 * device's hash chain and the outbox entry. Call inside a `rw` transaction over
 * `revisionTables(db)`, so the three writes land together or not at all.
 */
export async function writeRevision(db: FlaglineDb, record: Incident, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.incidents.put(record);
  const last = await db.chain.orderBy('seq').last();
  const shared = shareableRecord(record);
  await db.chain.add(nextLink(last, record, recordHash(shared), at));
  await db.outbox.put(outboxEntry(record, now, shared));
}
