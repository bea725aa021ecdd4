import { storage } from 'wxt/utils/storage';
import type { FlaglineDb } from '../db';

const DEVICE_KEY = 'deviceId';

/**
 * The device id as last seen, kept outside IndexedDB: when the database is deleted or replaced
 * by an empty one, this still names the old one, which is how its loss is noticed.
 */
export const knownDeviceItem = storage.defineItem<string | null>('local:knownDeviceId', { fallback: null });

/** Set when the local database was found empty of what it held: the side panel says so. */
export interface DatabaseLoss {
  at: string;
  previousDeviceId: string;
}
export const databaseLossItem = storage.defineItem<DatabaseLoss | null>('local:databaseLoss', { fallback: null });

/**
 * This installation's id, created once and kept in IndexedDB, so the receiver can tell devices
 * apart. Get-or-create runs in one transaction: two contexts asking at once get the same id.
 * Creating one while storage remembers another means the database was lost since: that is
 * recorded for the side panel rather than passed over in silence.
 */
export async function deviceId(db: FlaglineDb): Promise<string> {
  const known = await knownDeviceItem.getValue();
  const { id, created } = await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(DEVICE_KEY);
    if (typeof row?.value === 'string') return { id: row.value, created: false };
    const fresh = crypto.randomUUID();
    await db.meta.put({ key: DEVICE_KEY, value: fresh });
    return { id: fresh, created: true };
  });
  if (created && known && known !== id) {
    await databaseLossItem.setValue({ at: new Date().toISOString(), previousDeviceId: known });
  }
  if (known !== id) await knownDeviceItem.setValue(id);
  return id;
}
