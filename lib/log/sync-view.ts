import type { FlaglineDb } from '../db';
import type { OutboxEntry } from '../incident/outbox-entry';

/**
 * The outbox as `syncStates` needs it, without loading the record copies the entries hold: the
 * `id` index gives every queued record's id, and only the few entries needing attention are read.
 */
export async function outboxSummary(db: FlaglineDb): Promise<Pick<OutboxEntry, 'id' | 'state'>[]> {
  const [ids, attention] = await Promise.all([
    db.outbox.orderBy('id').keys() as Promise<string[]>,
    db.outbox.where('state').equals('attention').toArray(),
  ]);
  return [
    ...ids.map((id) => ({ id, state: 'queued' as const })),
    ...attention.map((entry) => ({ id: entry.id, state: entry.state })),
  ];
}
