import { LIFECYCLE_STEPS, type Incident, type Status } from './schema';

export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

/** What each response step asks of the owner (docs/incident-model.md, "Lifecycle"), in order. */
export const STEP_INFO: Readonly<Record<LifecycleStep, { title: string; checklist: readonly string[] }>> = {
  reported: {
    title: 'Detect and report',
    checklist: ['Flag raised with evidence', 'Workflow and owner identified', 'Questions answered'],
  },
  contained: {
    title: 'Contain',
    checklist: ['Workflow paused or limited', 'Fallback process in use', 'Outbound actions stopped where needed'],
  },
  'evidence-preserved': {
    title: 'Preserve evidence',
    checklist: ['Inputs, prompt, output and model version kept', 'Logs and approvals saved'],
  },
  'impact-assessed': {
    title: 'Assess impact',
    checklist: ['Affected users and records listed', 'Business impact described', 'Obligations checked'],
  },
  corrected: {
    title: 'Correct',
    checklist: ['Affected outputs corrected or recalled', 'People affected informed where needed'],
  },
  diagnosed: {
    title: 'Diagnose',
    checklist: ['Root cause found', 'Failure kind named', 'Failed control named'],
  },
  resumed: {
    title: 'Resume with controls',
    checklist: ['Restart decision made and approved', 'Evidence behind it recorded', 'Closer monitoring in place'],
  },
  learned: {
    title: 'Learn',
    checklist: ['Incident log updated', 'Evaluation set updated', 'Policy, training or workflow design updated'],
  },
};

/** The furthest completed step, or `draft` when none is. Declined and merged are kept as they are. */
export function statusFor(record: Pick<Incident, 'status' | 'steps'>): Status {
  if (record.status === 'declined' || record.status === 'merged') return record.status;
  let status: Status = 'draft';
  for (const step of LIFECYCLE_STEPS) if (record.steps?.[step]) status = step;
  return status;
}

/** Marks a step complete (idempotent) and recomputes the status. */
export function completeStep(record: Incident, step: LifecycleStep, by: string, at = new Date()): Incident {
  const steps = { ...record.steps, [step]: record.steps?.[step] ?? { completedAt: at.toISOString(), by } };
  return { ...record, steps, status: statusFor({ status: record.status, steps }) };
}

/** Undoes a step marked complete by mistake; the history keeps both changes. */
export function reopenStep(record: Incident, step: LifecycleStep): Incident {
  const steps = { ...record.steps };
  delete steps[step];
  return { ...record, steps, status: statusFor({ status: record.status, steps }) };
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
