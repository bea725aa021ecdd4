import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { nextLink, recordHash } from './integrity/chain';
import { outboxEntry } from './incident/outbox-entry';
import type { OutboxEntry } from './incident/outbox-entry';
import type { Incident } from './incident/schema';
import type { ChainLink } from './integrity/chain';
import type { Workflow } from './workflows/schema';
import type { Screenshot } from './capture/screenshot-types';
import { revisionHash } from './incident/persist';
import { shareableRecord } from './redaction/share';
import { isOlderRecord, upgradeIncident, type StoredIncident } from './incident/upgrade';

export const DB_NAME = 'flagline';

/**
 * The local incident store. IndexedDB is the first home of every record: the sync endpoint and
 * exports are copies. Each schema change is a new `version(n)` with its upgrade; never edit one.
 */
export class FlaglineDb extends Dexie {
  incidents!: EntityTable<Incident, 'id'>;
  workflows!: EntityTable<Workflow, 'id'>;
  chain!: EntityTable<ChainLink, 'seq'>;
  outbox!: EntityTable<OutboxEntry, 'key'>;
  meta!: EntityTable<{ key: string; value: unknown }, 'key'>;
  screenshots!: EntityTable<Screenshot, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      incidents: 'id, createdAt, updatedAt, status',
    });
    // v2: the workflow registry. No record changes, so no upgrade function.
    this.version(2).stores({
      workflows: 'id, name',
    });
    // v3: the tamper-evident hash chain of record revisions, the sync outbox, and device facts
    // (device id, sync status). Records written before v3 enter the chain and the outbox here.
    this.version(3)
      .stores({
        chain: 'seq, [id+revision]',
        outbox: 'key, id, state, nextAttemptAt',
        meta: 'key',
      })
      .upgrade(async (tx) => {
        const now = new Date();
        const records = await tx.table<Incident, string>('incidents').orderBy('updatedAt').toArray();
        let previous: ChainLink | undefined;
        for (const record of records) {
          previous = nextLink(previous, record, recordHash(record), now.toISOString());
          await tx.table('chain').add(previous);
          await tx.table('outbox').put(outboxEntry(record, now));
        }
      });
    // v4: screenshots taken with a flag, as Blobs referenced (and hashed) by the record's evidence.
    this.version(4).stores({ screenshots: 'id' });
    // v5: sync reads its next batch through [state+createdAt] with a limit, not the whole queue.
    this.version(5).stores({ outbox: 'key, id, state, nextAttemptAt, [state+createdAt]' });
    // v6: nothing leaves the device with personal data in it. Revisions waiting in the outbox are
    // rewritten in their shared form, and a record whose shared form differs from what the chain
    // attests gets a new link for the same revision, so a masked export of it still verifies.
    this.version(6)
      .stores({})
      .upgrade(async (tx) => {
        const now = new Date().toISOString();
        const outbox = tx.table<OutboxEntry, string>('outbox');
        await outbox.toCollection().modify((entry) => {
          entry.record = shareableRecord(entry.record);
        });
        const chain = tx.table<ChainLink, number>('chain');
        let previous = await chain.orderBy('seq').last();
        const records = await tx.table<Incident, string>('incidents').orderBy('updatedAt').toArray();
        for (const record of records) {
          const attested = revisionHash(record);
          const links = await chain.where('[id+revision]').equals([record.id, record.revision]).toArray();
          if (links.some((link) => link.recordHash === attested)) continue;
          previous = nextLink(previous, record, attested, now);
          await chain.add(previous);
        }
      });
    // v7: record schema v2 (docs/incident-model.md, "Record versions"). Older records and the
    // revisions waiting in the outbox take the new shape at the same revision; each changed form
    // gets a chain link for that revision, so exports and sync bodies still verify. Merged
    // records are found by the record they were merged into.
    this.version(7)
      .stores({ incidents: 'id, createdAt, updatedAt, status, mergedInto' })
      .upgrade((tx) => upgradeRecordsToV2(tx));
  }
}

/** The v7 upgrade: every stored record and queued revision in schema v2, each new form attested. */
async function upgradeRecordsToV2(tx: Transaction): Promise<void> {
  const now = new Date().toISOString();
  const chain = tx.table<ChainLink, number>('chain');
  let previous = await chain.orderBy('seq').last();
  const attest = async (record: Incident, hash: string): Promise<void> => {
    const links = await chain.where('[id+revision]').equals([record.id, record.revision]).toArray();
    if (links.some((link) => link.recordHash === hash)) return;
    previous = nextLink(previous, record, hash, now);
    await chain.add(previous);
  };
  const incidents = tx.table<StoredIncident, string>('incidents');
  const older = (await incidents.orderBy('updatedAt').toArray()).filter(isOlderRecord);
  for (const record of older) {
    const upgraded = upgradeIncident(record);
    await incidents.put(upgraded);
    await attest(upgraded, revisionHash(upgraded));
  }
  const outbox = tx.table<OutboxEntry, string>('outbox');
  const queued = (await outbox.toArray()).filter((entry) => isOlderRecord(entry.record));
  for (const entry of queued) {
    const record = shareableRecord(upgradeIncident(entry.record as StoredIncident));
    await outbox.put({ ...entry, record });
    await attest(record, recordHash(record));
  }
}

let shared: FlaglineDb | undefined;

/**
 * The database of this extension context, opened lazily (one connection per context). Dexie
 * remembers a failed open (a full disk, a browser that was busy upgrading) and refuses every
 * later call with it; here a failed open is tried again on the next use instead, so the context
 * recovers once the cause is gone rather than when the worker happens to restart.
 */
export function getDb(): FlaglineDb {
  shared ??= new FlaglineDb();
  return retryFailedOpen(shared);
}

/** Starts a new open of a database whose last open failed; calls made meanwhile wait for it. */
export function retryFailedOpen(db: FlaglineDb): FlaglineDb {
  if (db.hasFailed() && !db.hasBeenClosed() && !db.isOpen()) void db.open().catch(() => undefined);
  return db;
}
