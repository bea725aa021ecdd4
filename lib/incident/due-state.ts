/**
 * Where a record stands against its due time (docs/incident-model.md, "Triage" and "Escalation"):
 * a report nobody has assessed is due to be assessed by its triage time; an assessed one is due
 * until every party its routing names is marked as told and containment is recorded. Pure: the
 * due times are stored on the record, and the caller gives the time.
 */
import { dueState } from '../assessment/due';
import { needsAssessment } from './lifecycle';
import type { Incident } from './schema';

/** What is still missing before a record meets its due time. */
export type DueMissing = 'assessment' | 'containment' | { party: string };

export interface RecordDue {
  kind: 'triage' | 'response';
  dueAt: Date;
  state: 'overdue' | 'due-soon' | 'due';
  missing: DueMissing[];
}

type DueFields = Pick<Incident, 'status' | 'assessment' | 'triage' | 'routing' | 'containment' | 'steps' | 'timeline'>;

/** True once containment has been recorded: a containment time entered or the Contain step completed. */
export function containmentRecorded(record: Pick<Incident, 'containment' | 'steps'>): boolean {
  return Boolean(record.containment?.containedAt || record.steps?.contained);
}

/** The record's open due time at `now`, or undefined when nothing is due (met, closed or never routed). */
export function recordDue(record: DueFields, now: Date): RecordDue | undefined {
  if (record.status === 'draft' || record.status === 'declined' || record.status === 'merged') return undefined;
  const from = new Date(record.timeline.detectedAt);
  if (needsAssessment(record)) {
    if (!record.triage) return undefined;
    const dueAt = new Date(record.triage.dueAt);
    return { kind: 'triage', dueAt, state: dueState(dueAt, now, from), missing: ['assessment'] };
  }
  const routing = record.routing;
  if (!routing) return undefined;
  const missing: DueMissing[] = routing.parties.filter((p) => !p.told).map((p) => ({ party: p.who }));
  if (routing.containment.length > 0 && !containmentRecorded(record)) missing.push('containment');
  if (missing.length === 0) return undefined;
  const dueAt = new Date(routing.dueAt);
  return { kind: 'response', dueAt, state: dueState(dueAt, now, from), missing };
}

/** True when the record has missed its due time at `now`. */
export function isOverdue(record: DueFields, now: Date): boolean {
  return recordDue(record, now)?.state === 'overdue';
}
