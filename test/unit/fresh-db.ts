import { afterEach, beforeEach } from 'vitest';
import { FlaglineDb } from '../../lib/db';

/**
 * Gives each test its own empty database (fake-indexeddb), opened before and deleted after it;
 * `take` receives the one for the coming test.
 */
export function useFreshDb(take: (db: FlaglineDb) => void): void {
  let current: FlaglineDb | undefined;
  beforeEach(async () => {
    current = new FlaglineDb(`t-${crypto.randomUUID()}`);
    await current.open();
    take(current);
  });
  afterEach(async () => {
    await current?.delete();
  });
}
