import type { FlaglineDb } from '../db';
import { updateIncident } from '../incident/update';
import { verdicts } from './ack';
import { refKey } from './contract';
import { deviceId } from './device';
import { postBatch, type PostDeps, type PostOutcome } from './post';
import { probeBatch } from './probe';
import { getSyncSecrets } from './secrets';
import { syncSettingsItem, syncStatusItem } from './settings';

type TestResult = { ok: true } | { ok: false; error: string };

/** Whether a dry-run answer proves the endpoint speaks the contract, and if not, why in words. */
function judgeProbe(outcome: PostOutcome, probeKey: string): TestResult {
  switch (outcome.kind) {
    case 'answered': {
      const v = verdicts([probeKey], outcome.ack);
      if (v.rejected.size)
        return { ok: false, error: `The endpoint refused the test record: ${v.rejected.get(probeKey)}` };
      if (v.unanswered.length) {
        return {
          ok: false,
          error:
            'The endpoint answered, but not for the test record: it does not speak the Flagline contract. Check the URL.',
        };
      }
      if (outcome.ack.dryRun !== true) {
        return {
          ok: false,
          error: 'The endpoint took the test record as real (it ignored "dryRun"): update its receiver.',
        };
      }
      return { ok: true };
    }
    case 'rejected':
      return { ok: false, error: outcome.message };
    case 'pause':
      return { ok: false, error: outcome.message };
    default:
      return { ok: false, error: outcome.error };
  }
}

/**
 * "Test connection": a dry-run batch of one test record with the saved credentials. The
 * receiver checks the token, the signature and the record and answers for it without storing
 * it, which proves the endpoint speaks the contract rather than merely answering 200. A success
 * lifts a pause, since the user fixed what caused it.
 */
export async function testConnection(deps: PostDeps & { db: FlaglineDb }): Promise<TestResult> {
  const settings = await syncSettingsItem.getValue();
  if (!settings.endpoint) return { ok: false, error: 'Save an endpoint URL first.' };
  const batch = probeBatch(await deviceId(deps.db), new Date(deps.now()));
  const outcome = await postBatch(deps, settings.endpoint, batch, await getSyncSecrets(deps.db));
  const verdict = judgeProbe(outcome, refKey(batch.records[0]!));
  if (verdict.ok) {
    // A copy: the item returns its shared fallback object when nothing is stored, and we mutate this.
    const status = { ...(await syncStatusItem.getValue()) };
    delete status.paused;
    await syncStatusItem.setValue(status);
  }
  return verdict;
}

/** Puts a record revision that needs attention back in the queue, due now, with a clean slate. */
export async function retryEntry(db: FlaglineDb, key: string, now: number): Promise<void> {
  const entry = await db.outbox.get(key);
  if (entry?.state !== 'attention') throw new Error('That revision no longer needs attention.');
  if (entry.conflict) {
    throw new Error('The endpoint holds other content for this revision: re-send it as a new revision, or export it.');
  }
  await db.outbox.update(key, { state: 'queued', nextAttemptAt: now, strikes: 0 });
}

/**
 * Settles a revision that needs attention by writing a new revision of the record, which is
 * queued like any other, and dropping the old one with a note in the history. A discard says why
 * revision N never arrived; a re-send after a conflict names both hashes, so the team can tell
 * the two copies of revision N apart.
 */
async function replaceEntry(
  db: FlaglineDb,
  key: string,
  meta: { by: string; now: Date; action: string },
  note: (error: string) => string,
) {
  const entry = await db.outbox.get(key);
  if (entry?.state !== 'attention') throw new Error('That revision no longer needs attention.');
  const { by, now, action } = meta;
  await db.transaction('rw', [db.incidents, db.chain, db.outbox], async () => {
    await db.outbox.delete(key);
    const text = note(entry.lastError ?? 'refused by the endpoint');
    await updateIncident(db, entry.id, (record) => record, { by, action, note: text.slice(0, 4_000), now });
  });
}

/** Drops a revision the endpoint refused; its content lives on in the new revision. */
export function discardEntry(db: FlaglineDb, key: string, by: string, now = new Date()): Promise<void> {
  const revision = key.split(':')[1];
  return replaceEntry(
    db,
    key,
    { by, now, action: 'Discarded from sync' },
    (error) => `Revision ${revision} was not sent: ${error}`,
  );
}

/** Re-sends a conflicting revision's record as a new revision; the endpoint keeps both. */
export async function resendAsNewRevision(db: FlaglineDb, key: string, by: string, now = new Date()): Promise<void> {
  const entry = await db.outbox.get(key);
  if (!entry?.conflict) throw new Error('That revision has no conflict to settle.');
  const { storedHash, localHash } = entry.conflict;
  return replaceEntry(
    db,
    key,
    { by, now, action: 'Re-sent after a sync conflict' },
    () =>
      `The endpoint holds another revision ${entry.revision} (hash ${storedHash}); this device's copy (hash ${localHash}) is sent as this revision.`,
  );
}
