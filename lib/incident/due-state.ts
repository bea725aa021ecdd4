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

const MINUTE = 60_000;

/** "35 min", "4 hours", "3 h 40 min", "2 days", "1 day 3 h": a span of whole minutes in words. */
export function spanWords(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) {
    if (rest === 0) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
    return `${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return `${days} ${days === 1 ? 'day' : 'days'}${h ? ` ${h} h` : ''}`;
}

/**
 * "Due in 4 hours", "Due in 35 min", "Overdue by 20 min": the time left rounds up and the time
 * over rounds down, to whole minutes, at least one.
 */
export function dueWords(due: Pick<RecordDue, 'dueAt' | 'state'>, now: Date): string {
  const left = due.dueAt.getTime() - now.getTime();
  if (due.state === 'overdue') return `Overdue by ${spanWords(Math.max(1, Math.floor(-left / MINUTE)))}`;
  return `Due in ${spanWords(Math.max(1, Math.ceil(left / MINUTE)))}`;
}

/** "Owner not told yet", "Legal not told yet", "Containment not recorded", "Not assessed yet". */
export function missingWords(missing: DueMissing): string {
  if (missing === 'assessment') return 'Not assessed yet';
  if (missing === 'containment') return 'Containment not recorded';
  const who = missing.party.startsWith('Owner: ') ? 'Owner' : missing.party;
  return `${who} not told yet`;
}

/** The triage line: "Needs assessment · owner Sam Lee · due in 3 h 40 min" (no class or severity). */
export function triageWords(owner: string | undefined, due: Pick<RecordDue, 'dueAt' | 'state'>, now: Date): string {
  const when = dueWords(due, now);
  const who = owner ? `owner ${owner}` : 'no owner yet';
  return `Needs assessment · ${who} · ${when.charAt(0).toLowerCase()}${when.slice(1)}`;
}

/** The short form for a log row: "Overdue", "Due soon", or nothing while there is time. */
export function dueBadge(due: Pick<RecordDue, 'state'> | undefined): string | undefined {
  if (due?.state === 'overdue') return 'Overdue';
  if (due?.state === 'due-soon') return 'Due soon';
  return undefined;
}
