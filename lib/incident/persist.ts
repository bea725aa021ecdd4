import type { FlaglineDb } from '../db';
import { nextLink, recordHash, type ChainLink } from '../integrity/chain';
import { outboxEntry } from './outbox-entry';
import type { Incident } from './schema';

/** The tables a revision write touches; transactions that call `writeRevisions` must include them. */
export function revisionTables(db: FlaglineDb) {
  return [db.incidents, db.chain, db.outbox] as const;
}

/**
 * Stores record revisions with everything that belongs to each: the record, the next link of the
 * device's hash chain and the outbox entry. The only writer of revisions: a flag, an edit and an
 * import all come here. Call inside a `rw` transaction over `revisionTables(db)`, so the writes
 * land together or not at all. It reads the chain's last link once and writes in bulk, because
 * ten thousand single writes take far longer in IndexedDB.
 */
export async function writeRevisions(db: FlaglineDb, records: readonly Incident[], now = new Date()): Promise<void> {
  if (records.length === 0) return;
  const at = now.toISOString();
  let previous: ChainLink | undefined = await db.chain.orderBy('seq').last();
  const links: ChainLink[] = [];
  for (const record of records) {
    previous = nextLink(previous, record, recordHash(record), at);
    links.push(previous);
  }
  await db.incidents.bulkPut([...records]);
  await db.chain.bulkAdd(links);
  await db.outbox.bulkPut(records.map((record) => outboxEntry(record, now)));
}
