/**
 * What a record stores when it is reported and each time it is assessed (docs/incident-model.md,
 * "Triage" and "Escalation"): the triage owner and due time of a report nobody has assessed, and
 * the routing of an assessment (who is told and why, containment, failed controls, due time) with
 * the workflow as it was. Pure: the calendar and the time come from the caller.
 */
import { canonicalJson } from '../integrity/canonical-json';
import { SEVERITY_DEADLINES, dueAt, triageDeadline, type BusinessCalendar } from '../assessment/due';
import { escalate, RESPONSE_WINDOWS } from '../assessment/escalation';
import type { Answers } from '../assessment/questions';
import type { Assessment } from '../assessment/rules';
import type { Incident, Party, Routing, Told, WorkflowSnapshot } from './schema';

/** The registry fields a snapshot keeps (a `Workflow` from lib/workflows/schema.ts fits). */
export interface WorkflowEntry {
  id?: string;
  name: string;
  owner?: string;
  fallbackProcess?: string;
  escalationPath?: readonly string[];
}

/** The workflow as the record keeps it, so a later registry edit never rewrites who was to be told. */
export function workflowSnapshot(workflow: WorkflowEntry): WorkflowSnapshot {
  const snapshot: WorkflowSnapshot = { name: workflow.name };
  if (workflow.id) snapshot.id = workflow.id;
  if (workflow.owner?.trim()) snapshot.owner = workflow.owner.trim();
  if (workflow.fallbackProcess?.trim()) snapshot.fallbackProcess = workflow.fallbackProcess.trim();
  const path = (workflow.escalationPath ?? []).map((who) => who.trim()).filter(Boolean);
  if (path.length > 0) snapshot.escalationPath = path;
  return snapshot;
}

/** A triage clock needs no calendar: both triage windows run on the clock. */
const CLOCK_ONLY: BusinessCalendar = { timeZone: 'UTC' };

/**
 * Who must assess a report nobody has assessed, and by when: the workflow's owner, else the team's
 * triage reviewer (either may be unknown); 1 hour from detection when the reporter says the output
 * left the company or was acted upon, else 4 hours.
 */
export function triageFor(
  record: Pick<Incident, 'timeline' | 'workflow'>,
  answers: Partial<Answers> | undefined,
  triageReviewer: string | undefined,
): NonNullable<Incident['triage']> {
  const owner = record.workflow?.owner?.trim() || triageReviewer?.trim() || undefined;
  const due = dueAt(new Date(record.timeline.detectedAt), triageDeadline(answers), CLOCK_ONLY);
  return { ...(owner ? { owner } : {}), dueAt: due.toISOString() };
}

/** The parties of a new routing, each keeping its `told` when the earlier routing named the same `who`. */
function keepTold(parties: readonly Omit<Party, 'told'>[], before: Routing | undefined): Party[] {
  return parties.map((party) => {
    const told = before?.parties.find((p) => p.who === party.who)?.told;
    return told ? { ...party, told } : { ...party };
  });
}

/**
 * The record with its routing computed from the assessment `result`: severity, parties (who and
 * why), containment steps, failed controls, the window and its due time from detection in the
 * team's calendar, and the workflow snapshot. An unknown workflow keeps the snapshot the record
 * had. A record with no assessment has no routing.
 */
export function routeRecord(
  record: Incident,
  result: Pick<Assessment, 'severity'>,
  workflow: WorkflowEntry | undefined,
  calendar: BusinessCalendar,
  now: Date,
): Incident {
  const snapshot = workflow ? workflowSnapshot(workflow) : record.workflow;
  const next: Incident = { ...record };
  if (snapshot) next.workflow = snapshot;
  else delete next.workflow;
  if (!record.assessment) {
    delete next.routing;
    return next;
  }
  const severity = result.severity;
  const escalation = escalate({ severity, answers: record.assessment.answers }, snapshot ?? {});
  const due = dueAt(new Date(record.timeline.detectedAt), SEVERITY_DEADLINES[severity], calendar);
  next.routing = {
    severity,
    routedAt: now.toISOString(),
    within: RESPONSE_WINDOWS[severity].within,
    dueAt: due.toISOString(),
    parties: keepTold(escalation.notify, record.routing),
    containment: escalation.containment.map((step) => ({ id: step.id, text: step.text })),
    failedControls: [...escalation.failedControls],
  };
  // The same routing again keeps when it was made: a save that changes nothing is no revision.
  if (record.routing && sameRouting(record.routing, next.routing)) next.routing.routedAt = record.routing.routedAt;
  return next;
}

function sameRouting(a: NonNullable<Incident['routing']>, b: NonNullable<Incident['routing']>): boolean {
  return canonicalJson({ ...a, routedAt: '' }) === canonicalJson({ ...b, routedAt: '' });
}

type Verdict = Pick<NonNullable<Incident['assessment']>, 'class' | 'severity' | 'provisional'>;

/** "near miss SEV2 provisional", "incident SEV1": a verdict in a history line. */
export function verdictWords(verdict: Verdict): string {
  const kind = verdict.class === 'incident' ? 'incident' : 'near miss';
  return [kind, verdict.severity, verdict.provisional ? 'provisional' : undefined].filter(Boolean).join(' ');
}

/**
 * The history action of an assessment save: "Assessed: near miss SEV2 provisional" the first time,
 * "Re-assessed: near miss SEV2 provisional → near miss SEV3" after, "Assessment cleared" when the
 * answers were all taken back.
 */
export function assessmentAction(before: Verdict | undefined, after: Verdict | undefined): string {
  if (!after) return before ? 'Assessment cleared' : 'Assessment saved: still needs assessment';
  if (!before) return `Assessed: ${verdictWords(after)}`;
  const from = verdictWords(before);
  const to = verdictWords(after);
  return from === to ? `Re-assessed: ${to} (unchanged)` : `Re-assessed: ${from} → ${to}`;
}

/** The record with one routed party marked as told, or as not told when `told` is null. */
export function markParty(record: Incident, who: string, told: Told | null): Incident {
  const routing = record.routing;
  if (!routing || !routing.parties.some((p) => p.who === who)) {
    throw new Error(`${who} is not among the people this record's routing names.`);
  }
  const reference = told?.reference?.trim();
  const parties = routing.parties.map((party): Party => {
    if (party.who !== who) return party;
    const bare: Party = { who: party.who, why: party.why };
    if (!told) return bare;
    return { ...bare, told: { at: told.at, how: told.how, by: told.by, ...(reference ? { reference } : {}) } };
  });
  return { ...record, routing: { ...routing, parties } };
}
