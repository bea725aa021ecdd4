/**
 * One sync run at a time across every context of the extension (service worker, side panel,
 * options page, a second worker after a restart). Web Locks are shared by all of them and are
 * released by the browser when the holder dies, so a stopped worker never keeps the lock and no
 * clock is involved. Where Web Locks are missing (unit tests in Node), runs of this process are
 * chained instead.
 */
export type SyncLock = <T>(fn: () => Promise<T>) => Promise<T>;

const LOCK_NAME = 'flagline-sync';
const chains = new Map<string, Promise<unknown>>();

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function webLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return typeof nav?.locks?.request === 'function' ? nav.locks : undefined;
}

/** Runs `fn` holding the sync lock of the database `name`, waiting for a run in progress to end. */
export function syncLock(name: string): SyncLock {
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const locks = webLocks();
    if (locks) return locks.request(`${LOCK_NAME}:${name}`, fn);
    const previous = chains.get(name) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    chains.set(name, settled);
    void settled.then(() => {
      if (chains.get(name) === settled) chains.delete(name);
    });
    return run;
  };
}
