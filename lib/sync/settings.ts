import { storage } from 'wxt/utils/storage';

/** Where and whether to sync. Local extension storage only, never `sync:` storage. */
export interface SyncSettings {
  /** The team's endpoint; empty when sync is not set up. */
  endpoint: string;
  autoSync: boolean;
}
export const syncSettingsItem = storage.defineItem<SyncSettings>('local:syncSettings', {
  // `npm start` bakes its local receiver into the demo (e2e) build only; production starts empty.
  fallback: {
    endpoint: import.meta.env.MODE === 'e2e' ? (import.meta.env.WXT_DEMO_SYNC_ENDPOINT ?? '') : '',
    autoSync: true,
  },
  version: 1,
});

// The access token and signing secret are not here: see ./secrets.ts (IndexedDB, not storage.local).

/**
 * Why sync waits for a person: the token was refused (401/403), the endpoint is not there
 * (404/410), or the endpoint refused the batch with another 4xx (405, 409, 415, …).
 */
export type PauseReason = 'token-needed' | 'check-endpoint' | 'endpoint-refused';

/** What the user sees of sync: the last success and, when paused, why. */
export interface SyncStatus {
  lastSuccessAt?: string;
  /** Set while sync is paused until the user acts (token needed, check the endpoint, refused). */
  paused?: { reason: PauseReason; message: string; at: string };
  /** The last failure that will be retried, for display. */
  lastError?: { message: string; at: string };
  /** Epoch ms of the next automatic attempt, when one is scheduled. */
  nextAttemptAt?: number;
}
export const syncStatusItem = storage.defineItem<SyncStatus>('local:syncStatus', {
  fallback: {},
  version: 1,
});
