import type { OutboxEntry } from '../incident/outbox-entry';

/** A record's sync state as the user sees it. */
export type SyncState = 'local' | 'queued' | 'synced' | 'attention';

export const SYNC_STATE_LABELS: Readonly<Record<SyncState, string>> = {
  local: 'Local only',
  queued: 'Queued',
  synced: 'Synced',
  attention: 'Needs attention',
};

/**
 * The sync state of one record from its outbox entries (all its unacknowledged revisions).
 * No entries left means every revision was acknowledged; without an endpoint nothing leaves.
 */
export function syncStateFor(entries: readonly Pick<OutboxEntry, 'state'>[], endpointConfigured: boolean): SyncState {
  if (entries.some((entry) => entry.state === 'attention')) return 'attention';
  if (entries.length === 0) return endpointConfigured ? 'synced' : 'local';
  return endpointConfigured ? 'queued' : 'local';
}

/** Sync states of many records at once, from the whole outbox. */
export function syncStates(
  ids: readonly string[],
  outbox: readonly Pick<OutboxEntry, 'id' | 'state'>[],
  endpointConfigured: boolean,
): Map<string, SyncState> {
  const byId = new Map<string, Pick<OutboxEntry, 'state'>[]>();
  for (const entry of outbox) {
    const list = byId.get(entry.id) ?? [];
    list.push(entry);
    byId.set(entry.id, list);
  }
  return new Map(ids.map((id) => [id, syncStateFor(byId.get(id) ?? [], endpointConfigured)]));
}
