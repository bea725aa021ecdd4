import type { FlaglineDb } from '../db';
import { outboxEntry } from '../incident/outbox-entry';
import type { Incident } from '../incident/schema';
import { nextLink, type ChainLink } from '../integrity/chain';
import { revisionHash } from '../incident/persist';

/**
 * Writes many record revisions as `writeRevision` writes one: record, next chain link and outbox
 * entry each. Call inside a `rw` transaction over `revisionTables(db)`. It reads the chain's last
 * link once and writes in bulk, because ten thousand single writes take far longer in IndexedDB.
 */
export async function writeRevisions(db: FlaglineDb, records: readonly Incident[], now = new Date()): Promise<void> {
  if (records.length === 0) return;
  const at = now.toISOString();
  let previous: ChainLink | undefined = await db.chain.orderBy('seq').last();
  const links: ChainLink[] = [];
  for (const record of records) {
    previous = nextLink(previous, record, revisionHash(record), at);
    links.push(previous);
  }
  await db.incidents.bulkPut([...records]);
  await db.chain.bulkAdd(links);
  await db.outbox.bulkPut(records.map((record) => outboxEntry(record, now)));
}
