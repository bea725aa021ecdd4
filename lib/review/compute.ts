import { openActions } from '../incident/corrective-actions';
import { isOverdue } from '../incident/due-state';
import { SeveritySchema } from '../assessment/rules';
import { RootCauseSchema, type Incident } from '../incident/schema';
import { workflowName } from '../log/filter';
import { previousQuarter, quarterLabel, quarterRange, type Quarter } from './quarter';

/** Severity rows of the review, in order; `unrated` holds assessed records without a severity. */
export const SEVERITY_KEYS = [...SeveritySchema.options, 'unrated'] as const;
/** Root-cause rows of the review (docs/incident-model.md's vocabulary), then records not yet diagnosed. */
export const ROOT_CAUSE_KEYS = [...RootCauseSchema.options, 'undiagnosed'] as const;
/** Failure-kind rows of the review (docs/incident-model.md's vocabulary), then records not yet diagnosed. */
export const FAILURE_KIND_KEYS = ['model', 'workflow-design', 'data', 'human-review', 'undiagnosed'] as const;
/** Rows of the overdue figure: each severity, then reports still waiting to be assessed. */
export const OVERDUE_KEYS = [...SeveritySchema.options, 'triage'] as const;
export type OverdueKey = (typeof OVERDUE_KEYS)[number];
/** How many quarters before the reviewed one a repeated cause is looked for. */
export const REPEAT_LOOKBACK_QUARTERS = 3;

/** Incidents and near misses in one group. */
export interface Split {
  key: string;
  incidents: number;
  nearMisses: number;
}

/** A record that should change the approved-use policy, and why. */
export interface PolicyCandidate {
  id: string;
  workflow: string;
  severity?: string;
  reasons: string[];
  /** Whether the record's "Learn" step already names a policy update. */
  policyUpdated: boolean;
}

/** The governance review of one quarter (docs/incident-model.md, "Governance review"). */
export interface Review {
  quarter: string;
  /** When the review was computed: the time the overdue figure is measured at. */
  computedAt: string;
  /** Records detected in the quarter, by class; declined and merged records are left out. */
  counts: { incidents: number; nearMisses: number; unassessed: number; declinedOrMerged: number };
  bySeverity: Split[];
  byWorkflow: Split[];
  byRootCause: Split[];
  byFailureKind: Split[];
  /**
   * The same workflow (by its id, so a renamed workflow stays one) and root cause twice or more
   * over the quarter and the three before it, with at least one record in the quarter; `ids` and
   * `count` cover the whole span, `inQuarter` the reviewed quarter alone.
   */
  repeatedCauses: { workflow: string; rootCause: string; count: number; inQuarter: number; ids: string[] }[];
  /**
   * Records detected up to the quarter's end with corrective actions neither done nor dropped,
   * oldest first: how many are open and what they are. A record whose every action is done or
   * dropped, or that has none, is not listed.
   */
  openRemediation: {
    id: string;
    workflow: string;
    severity?: string;
    detectedAt: string;
    openActions: number;
    actions: string;
  }[];
  /** Open corrective actions over every record of `openRemediation`. */
  openActions: number;
  /**
   * Median minutes from detection to containment, from the times entered (the record's
   * containment time minus its detection time), over the quarter's records that have one.
   */
  detectionToContainment: { medianMinutes: number | null; contained: number };
  /**
   * The quarter's records overdue at the time the review was computed, by the severity they were
   * routed with; `triage` counts reports nobody has assessed by their triage time.
   */
  overdue: Record<OverdueKey, number> & { total: number };
  /** Workflows whose design or operation changed after a record of the quarter. */
  workflowsChanged: { workflow: string; changes: string[]; ids: string[] }[];
  policyCandidates: PolicyCandidate[];
}

/** The median of a list of numbers; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const time = (iso: string) => new Date(iso).getTime();
const live = (r: Incident) => r.status !== 'declined' && r.status !== 'merged';

function split(records: readonly Incident[], keyOf: (r: Incident) => string, order?: readonly string[]): Split[] {
  const rows = new Map<string, Split>((order ?? []).map((key) => [key, { key, incidents: 0, nearMisses: 0 }]));
  for (const record of records) {
    const key = keyOf(record);
    const row = rows.get(key) ?? { key, incidents: 0, nearMisses: 0 };
    if (record.assessment?.class === 'incident') row.incidents += 1;
    else row.nearMisses += 1;
    rows.set(key, row);
  }
  const list = [...rows.values()];
  return order
    ? list
    : list.sort((a, b) => b.incidents + b.nearMisses - (a.incidents + a.nearMisses) || a.key.localeCompare(b.key));
}

/**
 * Why a record should change the approved-use policy: the approved use let it happen, not only a
 * one-off mistake. An incident qualifies when it is SEV1; when data went where approved use should
 * not let it (exposedData); when it creates an obligation; when the AI could act beyond what was
 * approved (root cause: permissions); when the human review that approved use relies on failed; or
 * when its cause repeats. A near miss qualifies on the same grounds when it could have been SEV1 or
 * SEV2: luck, not the approved use, stopped it (the model's own worked example changed the policy).
 */
export function policyReasons(record: Incident, repeated: boolean): string[] {
  const cls = record.assessment?.class;
  const severity = record.assessment?.severity;
  if (!cls) return [];
  const serious = severity === 'SEV1' || severity === 'SEV2';
  if (cls === 'near-miss' && !serious) return [];
  const answers = record.assessment!.answers;
  const reasons: string[] = [];
  if (cls === 'near-miss') reasons.push(`a near miss that could have been ${severity}`);
  else if (severity === 'SEV1') reasons.push('SEV1 critical');
  if (answers.exposedData === 'yes') reasons.push('exposed confidential or personal data');
  if (answers.obligation === 'yes') reasons.push('created a notification, contractual or legal obligation');
  if (record.diagnosis?.rootCause === 'permissions') reasons.push('the AI had permissions beyond approved use');
  if (record.diagnosis?.rootCause === 'human-review') reasons.push('the required human review failed');
  if (repeated) reasons.push('the same cause repeated in this workflow');
  return reasons;
}

/** A workflow's identity across renames: its registry id, or its name for a record without one. */
const workflowKey = (r: Incident) => (r.workflow?.id ? `id:${r.workflow.id}` : `name:${workflowName(r).toLowerCase()}`);

/** Repeated causes over the quarter and the ones before it (see `Review.repeatedCauses`). */
function findRepeatedCauses(records: readonly Incident[], quarter: Quarter): Review['repeatedCauses'] {
  let first = quarter;
  for (let i = 0; i < REPEAT_LOOKBACK_QUARTERS; i++) first = previousQuarter(first);
  const from = quarterRange(first).start;
  const { start, end } = quarterRange(quarter);
  const groups = new Map<string, Incident[]>();
  for (const record of records) {
    const detected = time(record.timeline.detectedAt);
    const cause = record.diagnosis?.rootCause;
    if (!cause || !live(record) || !record.assessment?.class || detected < from || detected >= end) continue;
    const key = `${workflowKey(record)}\u0000${cause}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()]
    .map((group) => {
      const sorted = [...group].sort((a, b) => time(a.timeline.detectedAt) - time(b.timeline.detectedAt));
      const inQuarter = sorted.filter((r) => time(r.timeline.detectedAt) >= start).length;
      // The newest record names the workflow as it is called now.
      const workflow = workflowName(sorted.at(-1)!);
      return {
        workflow,
        rootCause: sorted[0]!.diagnosis!.rootCause!,
        count: sorted.length,
        inQuarter,
        ids: sorted.map((r) => r.id),
      };
    })
    .filter((group) => group.count >= 2 && group.inQuarter >= 1)
    .sort((a, b) => b.count - a.count || a.workflow.localeCompare(b.workflow));
}

/** Minutes from detection to the containment time entered; none without one or when it is earlier. */
function containmentMinutes(records: readonly Incident[]): number[] {
  return records.flatMap((r) => {
    const contained = r.containment?.containedAt;
    const delay = contained ? (time(contained) - time(r.timeline.detectedAt)) / 60_000 : Number.NaN;
    return delay >= 0 ? [delay] : [];
  });
}

/** The records overdue at `now`, by routed severity or triage (see `Review.overdue`). */
function countOverdue(records: readonly Incident[], now: Date): Review['overdue'] {
  const counts = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0, triage: 0, total: 0 };
  for (const record of records) {
    if (!isOverdue(record, now)) continue;
    const key: OverdueKey = record.assessment ? (record.routing?.severity ?? 'triage') : 'triage';
    counts[key] += 1;
    counts.total += 1;
  }
  return counts;
}

/** Records with open corrective actions detected before `end`, oldest first. */
function findOpenRemediation(records: readonly Incident[], end: number): Review['openRemediation'] {
  return records
    .filter((r) => live(r) && time(r.timeline.detectedAt) < end && openActions(r).length > 0)
    .sort((a, b) => time(a.timeline.detectedAt) - time(b.timeline.detectedAt))
    .map((r) => {
      const open = openActions(r);
      return {
        id: r.id,
        workflow: workflowName(r),
        severity: r.assessment?.severity,
        detectedAt: r.timeline.detectedAt,
        openActions: open.length,
        actions: open.map((action) => action.what).join('; '),
      };
    });
}

/**
 * Computes the review of a quarter from all records (any quarter: open remediation looks back).
 * `now` is when the review is read: the overdue figure counts what is overdue at that time.
 */
export function computeReview(records: readonly Incident[], quarter: Quarter, now: Date): Review {
  const { start, end } = quarterRange(quarter);
  const inQuarter = records.filter((r) => time(r.timeline.detectedAt) >= start && time(r.timeline.detectedAt) < end);
  const counted = inQuarter.filter(live);
  const assessed = counted.filter((r) => r.assessment?.class);

  const repeatedCauses = findRepeatedCauses(records, quarter);
  const repeatedIds = new Set(repeatedCauses.flatMap((group) => group.ids));

  const minutes = containmentMinutes(counted);
  const openRemediation = findOpenRemediation(records, end);

  const changed = new Map<string, { workflow: string; changes: Set<string>; ids: string[] }>();
  for (const record of assessed) {
    const changes: string[] = [];
    if (record.learning?.workflowDesign) changes.push(`design: ${record.learning.workflowDesign}`);
    if (record.restart?.decision === 'resume-with-controls') changes.push('resumed with added controls');
    if (record.restart?.decision === 'retire') changes.push('retired');
    if (changes.length === 0) continue;
    const name = workflowName(record);
    const entry = changed.get(name) ?? { workflow: name, changes: new Set<string>(), ids: [] };
    changes.forEach((change) => entry.changes.add(change));
    entry.ids.push(record.id);
    changed.set(name, entry);
  }

  return {
    quarter: quarterLabel(quarter),
    computedAt: now.toISOString(),
    counts: {
      incidents: assessed.filter((r) => r.assessment?.class === 'incident').length,
      nearMisses: assessed.filter((r) => r.assessment?.class === 'near-miss').length,
      unassessed: counted.length - assessed.length,
      declinedOrMerged: inQuarter.length - counted.length,
    },
    bySeverity: split(assessed, (r) => r.assessment?.severity ?? 'unrated', SEVERITY_KEYS),
    byWorkflow: split(assessed, workflowName),
    byRootCause: split(assessed, (r) => r.diagnosis?.rootCause ?? 'undiagnosed', ROOT_CAUSE_KEYS),
    byFailureKind: split(assessed, (r) => r.diagnosis?.failureKind ?? 'undiagnosed', FAILURE_KIND_KEYS),
    repeatedCauses,
    openRemediation,
    openActions: openRemediation.reduce((sum, r) => sum + r.openActions, 0),
    detectionToContainment: { medianMinutes: median(minutes), contained: minutes.length },
    overdue: countOverdue(counted, now),
    workflowsChanged: [...changed.values()]
      .map((entry) => ({ ...entry, changes: [...entry.changes] }))
      .sort((a, b) => a.workflow.localeCompare(b.workflow)),
    policyCandidates: assessed.flatMap((r) => {
      const reasons = policyReasons(r, repeatedIds.has(r.id));
      if (reasons.length === 0) return [];
      const severity = r.assessment?.severity;
      return [{ id: r.id, workflow: workflowName(r), severity, reasons, policyUpdated: Boolean(r.learning?.policy) }];
    }),
  };
}

/**
 * The review as a versioned JSON file. Version 2: open remediation lists corrective actions
 * neither done nor dropped, detection to containment uses the containment time entered, and the
 * overdue counts are added.
 */
export function reviewToJson(review: Review, now = new Date()): string {
  return `${JSON.stringify({ kind: 'flagline-review', schemaVersion: 2, generatedAt: now.toISOString(), ...review }, null, 2)}\n`;
}

/** `flagline-review-2026-Q3.json`. */
export function reviewFileName(review: Pick<Review, 'quarter'>): string {
  return `flagline-review-${review.quarter}.json`;
}
