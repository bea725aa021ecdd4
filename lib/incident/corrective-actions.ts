/**
 * Corrective actions (docs/incident-model.md, "Lifecycle"): a list, each with an owner, a due
 * date and a status. "Open remediation" is every action neither done nor dropped.
 */
import type { CorrectiveAction, Incident } from './schema';

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
