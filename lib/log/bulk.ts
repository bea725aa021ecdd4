import type { FlaglineDb } from '../db';
import { outboxEntry } from '../incident/outbox-entry';
import type { Incident } from '../incident/schema';
import { nextLink, type ChainLink } from '../integrity/chain';
import { recordHash } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';

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
