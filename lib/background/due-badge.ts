import type { FlaglineDb } from '../db';
import { isOverdue } from '../incident/due-state';

/** Statuses that can never be due (docs/incident-model.md, "Triage" and "Escalation"). */
const NEVER_DUE = ['draft', 'declined', 'merged'];

/** How many records have missed their due time at `now`: the toolbar badge shows this first. */
export async function overdueRecordCount(db: FlaglineDb, now = new Date()): Promise<number> {
  let count = 0;
  await db.incidents
    .where('status')
    .noneOf(NEVER_DUE)
    .each((record) => {
      if (isOverdue(record, now)) count++;
    });
  return count;
}

/** The badge: overdue records first (in the danger colour), else what waits to sync. */
export function badgeOf(overdue: number, unsynced: number): { text: string; title: string; alert: boolean } {
  if (overdue > 0) {
    return {
      text: String(overdue),
      title: `Open Flagline (${overdue} overdue${unsynced ? `, ${unsynced} not synced yet` : ''})`,
      alert: true,
    };
  }
  return {
    text: unsynced ? String(unsynced) : '',
    title: unsynced ? `Open Flagline (${unsynced} not synced yet)` : 'Open Flagline',
    alert: false,
  };
}
