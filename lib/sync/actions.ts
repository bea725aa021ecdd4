import type { FlaglineDb } from '../db';
import { updateIncident } from '../incident/update';
import { WIRE_SCHEMA_VERSION } from './contract';
import { deviceId } from './device';
import { postBatch, type PostDeps } from './post';
import { getSyncSecrets } from './secrets';
import { syncSettingsItem, syncStatusItem } from './settings';

/**
 * "Test connection": an empty batch with the saved credentials. The receiver checks the token
 * and signature and stores nothing. A success lifts a pause, since the user fixed what caused it.
 */
export async function testConnection(
  deps: PostDeps & { db: FlaglineDb },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const settings = await syncSettingsItem.getValue();
  if (!settings.endpoint) return { ok: false, error: 'Save an endpoint URL first.' };
  const batch = {
    schemaVersion: WIRE_SCHEMA_VERSION,
    batchId: crypto.randomUUID(),
    deviceId: await deviceId(deps.db),
    sentAt: new Date(deps.now()).toISOString(),
    records: [],
  };
  const outcome = await postBatch(deps, settings.endpoint, batch, await getSyncSecrets(deps.db));
  switch (outcome.kind) {
    case 'acked': {
      // A copy: the item returns its shared fallback object when nothing is stored, and we mutate this.
      const status = { ...(await syncStatusItem.getValue()) };
      delete status.paused;
      await syncStatusItem.setValue(status);
      return { ok: true };
    }
    case 'retry':
      return { ok: false, error: outcome.error };
    case 'split':
      return { ok: false, error: outcome.error };
    default:
      return { ok: false, error: outcome.message };
  }
}

/** Puts a record revision that needs attention back in the queue, due now. */
export async function retryEntry(db: FlaglineDb, key: string, now: number): Promise<void> {
  const entry = await db.outbox.get(key);
  if (entry?.state !== 'attention') throw new Error('That revision no longer needs attention.');
  await db.outbox.update(key, { state: 'queued', nextAttemptAt: now });
}

/**
 * Drops a revision the endpoint refused and records the discard in the record's history. The
 * history note is itself a new revision, and it is queued like any other: the team's copy then
 * shows why revision N never arrived. Its content is the current record, so if the endpoint
 * refuses that too it comes back here, where the reviewer sees it rather than losing it quietly.
 */
export async function discardEntry(db: FlaglineDb, key: string, by: string, now = new Date()): Promise<void> {
  const entry = await db.outbox.get(key);
  if (entry?.state !== 'attention') throw new Error('That revision no longer needs attention.');
  await db.transaction('rw', [db.incidents, db.chain, db.outbox], async () => {
    await db.outbox.delete(key);
    await updateIncident(db, entry.id, (record) => record, {
      by,
      action: 'Discarded from sync',
      note: `Revision ${entry.revision} was not sent: ${entry.lastError ?? 'refused by the endpoint'}`.slice(0, 4_000),
      now,
    });
  });
}
