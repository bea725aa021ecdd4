import { LIFECYCLE_STEPS, type Incident, type Status } from './schema';

export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

/** One checklist item of a step; `id` is stable, so a tick stays with its item when the wording changes. */
export interface ChecklistItem {
  id: string;
  text: string;
}

/** What each response step asks of the owner (docs/incident-model.md, "Lifecycle"), in order. */
export const STEP_INFO: Readonly<Record<LifecycleStep, { title: string; checklist: readonly ChecklistItem[] }>> = {
  reported: {
    title: 'Detect and report',
    checklist: [
      { id: 'flag-raised', text: 'Flag raised with evidence' },
      { id: 'workflow-identified', text: 'Workflow and owner identified' },
      { id: 'questions-answered', text: 'Questions answered' },
    ],
  },
  contained: {
    title: 'Contain',
    checklist: [
      { id: 'workflow-paused', text: 'Workflow paused or limited' },
      { id: 'fallback-in-use', text: 'Fallback process in use' },
      { id: 'outbound-stopped', text: 'Outbound actions stopped where needed' },
    ],
  },
  'evidence-preserved': {
    title: 'Preserve evidence',
    checklist: [
      { id: 'inputs-kept', text: 'Inputs, prompt, output and model version kept' },
      { id: 'logs-saved', text: 'Logs and approvals saved' },
    ],
  },
  'impact-assessed': {
    title: 'Assess impact',
    checklist: [
      { id: 'affected-listed', text: 'Affected users and records listed' },
      { id: 'impact-described', text: 'Business impact described' },
      { id: 'obligations-checked', text: 'Obligations checked' },
    ],
  },
  corrected: {
    title: 'Correct',
    checklist: [
      { id: 'outputs-corrected', text: 'Affected outputs corrected or recalled' },
      { id: 'people-informed', text: 'People affected informed where needed' },
    ],
  },
  diagnosed: {
    title: 'Diagnose',
    checklist: [
      { id: 'root-cause', text: 'Root cause found' },
      { id: 'failure-kind', text: 'Failure kind named' },
      { id: 'failed-control', text: 'Failed control named' },
    ],
  },
  resumed: {
    title: 'Resume with controls',
    checklist: [
      { id: 'decision-approved', text: 'Restart decision made and approved' },
      { id: 'evidence-recorded', text: 'Evidence behind it recorded' },
      { id: 'monitoring-in-place', text: 'Closer monitoring in place' },
    ],
  },
  learned: {
    title: 'Learn',
    checklist: [
      { id: 'log-updated', text: 'Incident log updated' },
      { id: 'evaluation-set-updated', text: 'Evaluation set updated' },
      { id: 'policy-updated', text: 'Policy, training or workflow design updated' },
    ],
  },
};

/**
 * The steps that must be complete before `step` can be: every earlier one, except that Contain
 * and Preserve evidence may be done in either order (both follow Detect and report, and Assess
 * impact needs both).
 */
export function prerequisitesOf(step: LifecycleStep): LifecycleStep[] {
  const earlier = LIFECYCLE_STEPS.slice(0, LIFECYCLE_STEPS.indexOf(step));
  return step === 'evidence-preserved' ? earlier.filter((s) => s !== 'contained') : earlier;
}

/** The earlier steps still open that keep `step` from being completed now; empty when it can be. */
export function blockersOf(record: Pick<Incident, 'steps'>, step: LifecycleStep): LifecycleStep[] {
  return prerequisitesOf(step).filter((s) => !record.steps?.[s]);
}

/** "Complete Contain first", "Complete Contain and Preserve evidence first". */
export function blockedMessage(blockers: readonly LifecycleStep[]): string {
  const titles = blockers.map((s) => STEP_INFO[s].title);
  const last = titles.pop();
  return `Complete ${titles.length > 0 ? `${titles.join(', ')} and ${last ?? ''}` : (last ?? '')} first.`;
}

/**
 * The furthest step of the completed run: a step counts when it is complete and so is every step
 * it needs, so a step completed past an open one (after a reopen) does not move the status.
 * `draft` when none counts. Declined and merged are kept as they are.
 */
export function statusFor(record: Pick<Incident, 'status' | 'steps'>): Status {
  if (record.status === 'declined' || record.status === 'merged') return record.status;
  const run = new Set<LifecycleStep>();
  let status: Status = 'draft';
  for (const step of LIFECYCLE_STEPS) {
    if (!record.steps?.[step] || !prerequisitesOf(step).every((s) => run.has(s))) continue;
    run.add(step);
    status = step;
  }
  return status;
}

/** The step to work on next: the first open step whose prerequisites are complete. */
export function currentStep(record: Pick<Incident, 'steps'>): LifecycleStep | undefined {
  return LIFECYCLE_STEPS.find((step) => !record.steps?.[step] && blockersOf(record, step).length === 0);
}

/** Marks a step complete (idempotent) and recomputes the status. Order is checked by the caller. */
export function completeStep(record: Incident, step: LifecycleStep, by: string, at = new Date()): Incident {
  const steps = { ...record.steps, [step]: record.steps?.[step] ?? { completedAt: at.toISOString(), by } };
  return { ...record, steps, status: statusFor({ status: record.status, steps }) };
}

/** Undoes a step's completion; the status falls back to the furthest step of the run still complete. */
export function reopenStep(record: Incident, step: LifecycleStep): Incident {
  const steps = { ...record.steps };
  delete steps[step];
  return { ...record, steps, status: statusFor({ status: record.status, steps }) };
}

/** The key of a checklist tick in `record.checklist`: `step.itemId`. */
export const checklistKey = (step: LifecycleStep, itemId: string): string => `${step}.${itemId}`;

/** The checklist item a key names, or undefined for a key no step has. */
export function checklistItem(key: string): { step: LifecycleStep; item: ChecklistItem } | undefined {
  for (const step of LIFECYCLE_STEPS) {
    const item = STEP_INFO[step].checklist.find((i) => checklistKey(step, i.id) === key);
    if (item) return { step, item };
  }
  return undefined;
}

/** Ticks (with when and by whom) or unticks a checklist item; unticking removes the key. */
export function tickChecklist(record: Incident, key: string, ticked: boolean, by: string, at = new Date()): Incident {
  if (!checklistItem(key)) throw new Error('That checklist item does not exist.');
  const checklist = { ...record.checklist };
  if (ticked) checklist[key] = record.checklist?.[key] ?? { at: at.toISOString(), by };
  else delete checklist[key];
  return { ...record, checklist: Object.keys(checklist).length > 0 ? checklist : undefined };
}

/** Human label of a status. */
export function statusLabel(status: Status): string {
  if (status === 'draft') return 'Draft';
  if (status === 'declined') return 'Declined';
  if (status === 'merged') return 'Merged';
  return STEP_INFO[status].title;
}

/** The reason a discarded draft keeps: it stays in the log, declined by its own reporter. */
export const DISCARDED_REASON = 'Discarded by the reporter';

/** A report the reporter set aside: declined with the discard reason, kept in the log and its history. */
export function isDiscarded(record: Pick<Incident, 'status' | 'declined'>): boolean {
  return record.status === 'declined' && record.declined?.reason === DISCARDED_REASON;
}

/** A submitted report nobody has assessed yet: in triage (docs/incident-model.md, "Triage"). */
export function needsAssessment(record: Pick<Incident, 'status' | 'assessment'>): boolean {
  return !record.assessment && record.status !== 'draft' && record.status !== 'declined' && record.status !== 'merged';
}

/**
 * A record's label in lists and badges: "Needs assessment" for a report nobody has assessed yet
 * (in triage, see docs/incident-model.md), "Discarded" for a draft its reporter discarded.
 */
export function recordStatusLabel(record: Pick<Incident, 'status' | 'assessment' | 'declined'>): string {
  if (isDiscarded(record)) return 'Discarded';
  if (needsAssessment(record)) return 'Needs assessment';
  return statusLabel(record.status);
}
