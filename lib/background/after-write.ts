import type { FlaglineDb } from '../db';
import { refreshHighlights } from './highlight-injection';
import { syncAndBadge, updateBadge } from './sync';

/** What a successful write touched: the pages of the records it wrote (none for workflows). */
export interface Written {
  pages: readonly string[];
}

/**
 * What follows every write, whoever asked for it. The outbox entry is not among them: it is
 * written in the write's own transaction (`writeRevision`), so a revision is never saved unsent.
 */
export interface PostWriteEffects {
  /** The toolbar badge counts what waits to sync. */
  updateBadge(db: FlaglineDb): Promise<void>;
  /** Highlights in open tabs showing the written records' pages. */
  refreshHighlights(db: FlaglineDb, pages: readonly string[]): Promise<void>;
  /** Starts a sync run for what was queued; the caller does not wait for the network. */
  kickSync(db: FlaglineDb): void;
}

export const postWriteEffects: PostWriteEffects = {
  updateBadge,
  refreshHighlights,
  kickSync: (db) => void syncAndBadge(db, { auto: true }).catch(() => undefined),
};

/** Runs one effect, keeping its failure to itself. */
function settle(effect: () => Promise<void> | void): Promise<void> {
  return Promise.resolve()
    .then(effect)
    .catch(() => undefined);
}

/**
 * The one place that runs the effects of a write, after it committed. The reply waits for the
 * badge only: highlights re-anchor in their tabs and sync goes to the network on their own time.
 * A failing effect never turns a saved write into an error: the badge and highlights catch up with
 * the next write or page load, and the sync alarm sends what the kick did not.
 */
export async function afterWrite(
  db: FlaglineDb,
  written: Written,
  effects: PostWriteEffects = postWriteEffects,
): Promise<void> {
  void settle(() => effects.refreshHighlights(db, written.pages));
  void settle(() => effects.kickSync(db));
  await settle(() => effects.updateBadge(db));
}
