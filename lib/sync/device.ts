import type { FlaglineDb } from '../db';

const DEVICE_KEY = 'deviceId';

/**
 * This installation's id, created once and kept in IndexedDB, so the receiver can tell devices
 * apart. Get-or-create runs in one transaction: two contexts asking at once get the same id.
 */
export async function deviceId(db: FlaglineDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(DEVICE_KEY);
    if (typeof row?.value === 'string') return row.value;
    const id = crypto.randomUUID();
    await db.meta.put({ key: DEVICE_KEY, value: id });
    return id;
  });
}
