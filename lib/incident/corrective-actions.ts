/**
 * Corrective actions (docs/incident-model.md, "Lifecycle"): a list, each with an owner, a due
 * date and a status. "Open remediation" is every action neither done nor dropped.
 */
import type { ACTION_STATUSES, CorrectiveAction, Incident } from './schema';

type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An action still to do: open or in progress. */
export const isOpenAction = (action: Pick<CorrectiveAction, 'status'>): boolean =>
  action.status === 'open' || action.status === 'in-progress';

/** The record's actions that are neither done nor dropped. */
export function openActions(record: Pick<Incident, 'correction'>): CorrectiveAction[] {
  return (record.correction?.actions ?? []).filter(isOpenAction);
}

/** True while any corrective action of the record is open or in progress. */
export function hasOpenRemediation(record: Pick<Incident, 'correction'>): boolean {
  return openActions(record).length > 0;
}

/** How many of the record's actions are open or in progress. */
export const openActionCount = (record: Pick<Incident, 'correction'>): number => openActions(record).length;

/** "2 actions open", "1 action open", or "" when none is. */
export function openActionsLabel(record: Pick<Incident, 'correction'>): string {
  const count = openActionCount(record);
  if (count === 0) return '';
  return `${count} ${count === 1 ? 'action' : 'actions'} open`;
}

/** A status in plain words. */
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** A new action as a form gives it: empty owner and due date mean none. */
export interface NewAction {
  what: string;
  owner?: string;
  dueOn?: string;
}

/** A status change as a form gives it: a reason for dropped; a done date for done (today when empty). */
export interface ActionChange {
  status: ActionStatus;
  droppedReason?: string;
  doneOn?: string;
}

/** The calendar date of `now` in local time, as `YYYY-MM-DD`. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class ActionInputError extends Error {}

/** Adds an open action to the record's list. The schema checks lengths and dates on save. */
export function addAction(record: Incident, input: NewAction, id: string): Incident {
  const what = input.what.trim();
  if (!what) throw new ActionInputError('Say what will be done.');
  const owner = input.owner?.trim();
  const dueOn = input.dueOn?.trim();
  const action: CorrectiveAction = {
    id,
    what,
    status: 'open',
    ...(owner ? { owner } : {}),
    ...(dueOn ? { dueOn } : {}),
  };
  const actions = [...(record.correction?.actions ?? []), action];
  return { ...record, correction: { ...record.correction, actions } };
}

/**
 * Changes an action's status. Dropped needs a reason; done keeps the date given, else the date it
 * already had, else today. Leaving done clears the done date; leaving dropped clears the reason.
 */
export function changeAction(record: Incident, actionId: string, change: ActionChange, now = new Date()): Incident {
  const actions = record.correction?.actions ?? [];
  const current = actions.find((a) => a.id === actionId);
  if (!current) throw new ActionInputError('That corrective action no longer exists.');
  const reason = change.droppedReason?.trim();
  if (change.status === 'dropped' && !reason) throw new ActionInputError('Give a reason for dropping the action.');
  const { droppedReason: _reason, doneOn: _done, ...rest } = current;
  const next: CorrectiveAction = { ...rest, status: change.status };
  if (change.status === 'dropped') next.droppedReason = reason;
  if (change.status === 'done') next.doneOn = change.doneOn?.trim() || current.doneOn || localDate(now);
  const updated = actions.map((a) => (a.id === actionId ? next : a));
  return { ...record, correction: { ...record.correction, actions: updated } };
}
