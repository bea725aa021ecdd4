// The access token and signing secret live in the extension's IndexedDB, not in storage.local
// (which Chrome opens to content scripts); an earlier version's storage item is moved once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { FlaglineDb } from '../../lib/db';
import {
  LEGACY_SYNC_SECRETS_KEY,
  SYNC_SECRETS_KEY,
  getSyncSecrets,
  migrateSyncSecrets,
  setSyncSecrets,
} from '../../lib/sync/secrets';

const OLD = { token: 'tok_old_123', signingSecret: 'whsec_old_456' };
const NEW = { token: 'tok_new_789', signingSecret: 'whsec_new_012' };

let db: FlaglineDb;
beforeEach(() => {
  db = new FlaglineDb(`secrets-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** Everything in storage.local, as a content script could read it. */
async function storageLocalText(): Promise<string> {
  return JSON.stringify(await browser.storage.local.get(null));
}

describe('sync secrets at rest', () => {
  it('are empty when none were saved', async () => {
    expect(await getSyncSecrets(db)).toEqual({ token: '', signingSecret: '' });
  });

  it('are saved to the IndexedDB meta table and never to storage.local', async () => {
    await setSyncSecrets(NEW, db);
    expect(await getSyncSecrets(db)).toEqual(NEW);
    expect((await db.meta.get(SYNC_SECRETS_KEY))?.value).toEqual(NEW);
    const local = await storageLocalText();
    expect(local).not.toContain(NEW.token);
    expect(local).not.toContain(NEW.signingSecret);
  });

  it('left in storage.local by an earlier version: moved on read, and the storage item removed', async () => {
    await storage.setItem(LEGACY_SYNC_SECRETS_KEY, OLD);
    expect(await getSyncSecrets(db)).toEqual(OLD);
    expect((await db.meta.get(SYNC_SECRETS_KEY))?.value).toEqual(OLD);
    expect(await storage.getItem(LEGACY_SYNC_SECRETS_KEY)).toBeNull();
    expect(await storageLocalText()).not.toContain(OLD.token);
    // Read again: still there, from IndexedDB.
    expect(await getSyncSecrets(db)).toEqual(OLD);
  });

  it('already in IndexedDB: a stale storage item does not overwrite them, and is removed', async () => {
    await setSyncSecrets(NEW, db);
    await storage.setItem(LEGACY_SYNC_SECRETS_KEY, OLD);
    expect(await getSyncSecrets(db)).toEqual(NEW);
    expect(await storage.getItem(LEGACY_SYNC_SECRETS_KEY)).toBeNull();
  });

  it('an empty storage item is removed without writing a row', async () => {
    await storage.setItem(LEGACY_SYNC_SECRETS_KEY, { token: '', signingSecret: '' });
    await migrateSyncSecrets(db);
    expect(await db.meta.get(SYNC_SECRETS_KEY)).toBeUndefined();
    expect(await storage.getItem(LEGACY_SYNC_SECRETS_KEY)).toBeNull();
  });

  it('saving new ones also clears what an earlier version left in storage.local', async () => {
    await storage.setItem(LEGACY_SYNC_SECRETS_KEY, OLD);
    await setSyncSecrets(NEW, db);
    expect(await storageLocalText()).not.toContain(OLD.token);
    expect(await getSyncSecrets(db)).toEqual(NEW);
  });
});
