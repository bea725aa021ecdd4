import { storage } from 'wxt/utils/storage';
import { getDb, type FlaglineDb } from '../db';

/**
 * Credentials for the endpoint. Kept apart from settings so nothing exports or logs them by
 * accident, and kept in the extension's own IndexedDB rather than `storage.local`: Chrome lets
 * content scripts read `storage.local`, while IndexedDB belongs to the extension's origin, which
 * scripts running in a web page cannot open.
 */
export interface SyncSecrets {
  token: string;
  signingSecret: string;
}

/** The `meta` row that holds them. */
export const SYNC_SECRETS_KEY = 'syncSecrets';
/** Where earlier versions kept them; read once to move them, then removed. */
export const LEGACY_SYNC_SECRETS_KEY = 'local:syncSecrets';

const EMPTY: SyncSecrets = { token: '', signingSecret: '' };

function asSecrets(value: unknown): SyncSecrets | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { token, signingSecret } = value as Partial<Record<keyof SyncSecrets, unknown>>;
  return {
    token: typeof token === 'string' ? token : '',
    signingSecret: typeof signingSecret === 'string' ? signingSecret : '',
  };
}

/**
 * Moves credentials left in `storage.local` by an earlier version into IndexedDB, unless
 * IndexedDB already holds some (those are newer), and removes the storage item either way.
 */
export async function migrateSyncSecrets(db: FlaglineDb = getDb()): Promise<void> {
  const legacy = asSecrets(await storage.getItem<SyncSecrets>(LEGACY_SYNC_SECRETS_KEY));
  if (!legacy) return;
  if (legacy.token || legacy.signingSecret) {
    // One transaction: a save from another context meanwhile is newer and is kept.
    await db.transaction('rw', db.meta, async () => {
      if (!(await db.meta.get(SYNC_SECRETS_KEY))) await db.meta.put({ key: SYNC_SECRETS_KEY, value: legacy });
    });
  }
  await storage.removeItem(LEGACY_SYNC_SECRETS_KEY, { removeMeta: true });
}

/** The saved token and signing secret; empty strings when none are set. */
export async function getSyncSecrets(db: FlaglineDb = getDb()): Promise<SyncSecrets> {
  await migrateSyncSecrets(db);
  const row = await db.meta.get(SYNC_SECRETS_KEY);
  return asSecrets(row?.value) ?? { ...EMPTY };
}

/**
 * The saved token and signing secret without moving legacy ones (which writes): what extension
 * pages read. The background moves legacy credentials at start-up and install.
 */
export async function readSyncSecrets(db: FlaglineDb = getDb()): Promise<SyncSecrets> {
  return asSecrets((await db.meta.get(SYNC_SECRETS_KEY))?.value) ?? { ...EMPTY };
}

/** Saves the token and signing secret (empty strings clear them). */
export async function setSyncSecrets(secrets: SyncSecrets, db: FlaglineDb = getDb()): Promise<void> {
  await db.meta.put({
    key: SYNC_SECRETS_KEY,
    value: { token: secrets.token, signingSecret: secrets.signingSecret },
  });
  // Whatever an earlier version left in storage.local is older than this and must not linger.
  await storage.removeItem(LEGACY_SYNC_SECRETS_KEY, { removeMeta: true });
}
