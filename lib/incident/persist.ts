import type { FlaglineDb } from '../db';
import { nextLink, recordHash, type ChainLink } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';
import { outboxEntry } from './outbox-entry';
import type { Incident } from './schema';

export type { OutboxEntry } from './outbox-entry';

/** The tables a revision write touches; transactions that call `writeRevisions` must include them. */
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
  // The shared form is computed once per record: the chain attests it and the outbox holds it.
  const shared = records.map(shareableRecord);
  records.forEach((record, index) => {
    previous = nextLink(previous, record, recordHash(shared[index]), at);
    links.push(previous);
  });
  await db.incidents.bulkPut([...records]);
  await db.chain.bulkAdd(links);
  await db.outbox.bulkPut(records.map((record, index) => outboxEntry(record, now, shared[index])));
}
