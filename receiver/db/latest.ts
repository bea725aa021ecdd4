import { recordDue } from '../../lib/incident/due-state';
import type { Incident } from '../../lib/incident/schema';
import { StoredIncidentSchema, upgradeIncident } from '../../lib/incident/upgrade';
import { searchable, workflowName } from '../../lib/log/filter';

/**
 * A stored record body as today's record: older schema versions are upgraded the way the
 * extension upgrades them (docs/incident-model.md, "Record versions"). Throws on a body that is no
 * record, which the receiver never stores.
 */
export function asIncident(raw: unknown): Incident {
  return upgradeIncident(StoredIncidentSchema.parse(raw));
}

/** The columns of `incidents` the console filters and sorts on, derived from the latest revision. */
export interface LatestColumns {
  record_class: 'incident' | 'near-miss' | 'unassessed';
  severity: string | null;
  status: string;
  workflow: string;
  created_at: string;
  detected_at: string;
  due_at: string | null;
  due_kind: 'triage' | 'response' | null;
  search: string;
}

/**
 * What the console's lists need of a record. The due time is the one still open (a report nobody
 * has assessed by its triage time; an assessed one until every party is told and containment is
 * recorded), so "overdue" is `due_at < now` at any later moment.
 */
export function latestColumns(record: Incident): LatestColumns {
  const due = recordDue(record, new Date(record.updatedAt));
  return {
    record_class: record.assessment?.class ?? 'unassessed',
    severity: record.assessment?.severity ?? null,
    status: record.status,
    workflow: workflowName(record),
    created_at: record.createdAt,
    detected_at: record.timeline.detectedAt,
    due_at: due ? due.dueAt.toISOString() : null,
    due_kind: due ? due.kind : null,
    search: searchable(record),
  };
}
