import { z } from 'zod';
import type { FlaglineDb } from '../db';
import { revisionTables } from './persist';
import { completeStep, reopenStep, STEP_INFO, statusFor, type LifecycleStep } from './lifecycle';
import type { Incident, RootCause } from './schema';
import { NothingChangedError, updateIncident } from './update';

type Diagnosis = NonNullable<Incident['diagnosis']>;
type Restart = NonNullable<Incident['restart']>;

export const ROOT_CAUSE_LABELS: Readonly<Record<RootCause, string>> = {
  data: 'Data',
  'model-behaviour': 'Model behaviour',
  'prompt-design': 'Prompt design',
  permissions: 'Permissions',
  'integration-logic': 'Integration logic',
  'human-review': 'Failed human review',
};

export const FAILURE_KIND_LABELS: Readonly<Record<NonNullable<Diagnosis['failureKind']>, string>> = {
  model: 'Model failure',
  'workflow-design': 'Workflow-design failure',
  data: 'Data failure',
  'human-review': 'Human-review failure',
};

export const RESTART_DECISION_LABELS: Readonly<Record<NonNullable<Restart['decision']>, string>> = {
  resume: 'Resume',
  'resume-with-controls': 'Resume with controls',
  'keep-paused': 'Keep paused',
  retire: 'Retire',
};

/** The record groups a step form may write to. */
type FieldGroup =
  'containment' | 'preserved' | 'affected' | 'impact' | 'correction' | 'diagnosis' | 'restart' | 'learning';

/** One editable field of a response step, addressed by a `group.key` path of the record. */
export interface StepField {
  path: `${FieldGroup}.${string}`;
  label: string;
  kind: 'textarea' | 'text' | 'select' | 'checkbox';
  options?: ReadonlyArray<{ value: string; label: string }>;
  maxLength?: number;
}

/** Form values of one step, keyed by field path: text for inputs and selects, booleans for checkboxes. */
export type StepValues = Record<string, string | boolean>;

const options = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The fields each response step asks for (docs/incident-model.md, "Lifecycle" and "Diagnosis vocabulary"). */
export const STEP_FIELDS: Readonly<Record<LifecycleStep, readonly StepField[]>> = {
  reported: [],
  contained: [{ path: 'containment.notes', label: 'Containment actions taken', kind: 'textarea', maxLength: 4_000 }],
  // What the page did not show is gathered here; the captured (hashed) evidence stays untouched.
  'evidence-preserved': [
    { path: 'preserved.inputs', label: 'Inputs (data the workflow read)', kind: 'textarea', maxLength: 20_000 },
    { path: 'preserved.toolCalls', label: 'Tool calls and actions taken', kind: 'textarea', maxLength: 20_000 },
    { path: 'preserved.approvals', label: 'Approvals', kind: 'textarea', maxLength: 4_000 },
    { path: 'preserved.modelVersion', label: 'Model version', kind: 'text', maxLength: 200 },
    { path: 'preserved.logsLocation', label: 'Where logs are kept', kind: 'text', maxLength: 2_000 },
  ],
  'impact-assessed': [
    { path: 'affected.users', label: 'Affected users', kind: 'textarea', maxLength: 4_000 },
    { path: 'affected.records', label: 'Affected records', kind: 'textarea', maxLength: 4_000 },
    { path: 'impact.description', label: 'Business impact', kind: 'textarea', maxLength: 4_000 },
  ],
  corrected: [
    { path: 'correction.actions', label: 'Corrective actions', kind: 'textarea', maxLength: 4_000 },
    { path: 'correction.done', label: 'Corrective actions done', kind: 'checkbox' },
  ],
  diagnosed: [
    { path: 'diagnosis.rootCause', label: 'Root cause', kind: 'select', options: options(ROOT_CAUSE_LABELS) },
    { path: 'diagnosis.failureKind', label: 'Failure kind', kind: 'select', options: options(FAILURE_KIND_LABELS) },
    { path: 'diagnosis.failedControl', label: 'Failed control', kind: 'text', maxLength: 4_000 },
  ],
  resumed: [
    {
      path: 'restart.decision',
      label: 'Restart decision',
      kind: 'select',
      options: options(RESTART_DECISION_LABELS),
    },
    { path: 'restart.approver', label: 'Approved by', kind: 'text', maxLength: 200 },
    { path: 'restart.evidence', label: 'Evidence behind the decision', kind: 'textarea', maxLength: 4_000 },
    { path: 'restart.monitoring', label: 'Closer monitoring', kind: 'textarea', maxLength: 4_000 },
  ],
  learned: [
    { path: 'learning.evaluationCases', label: 'Evaluation cases added', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.policy', label: 'Policy updated', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.training', label: 'Training updated', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.workflowDesign', label: 'Workflow design updated', kind: 'textarea', maxLength: 4_000 },
  ],
};

/** Human label of a record field path, for error messages. */
export function fieldLabel(path: string): string {
  if (path === 'declined.reason') return 'Reason for declining';
  for (const fields of Object.values(STEP_FIELDS)) {
    const found = fields.find((field) => field.path === path);
    if (found) return found.label;
  }
  return path;
}

function split(path: string): [FieldGroup, string] {
  const [group, key] = path.split('.');
  return [group as FieldGroup, key ?? ''];
}

function groupOf(record: Incident, group: FieldGroup): Record<string, unknown> | undefined {
  return (record as Record<string, unknown>)[group] as Record<string, unknown> | undefined;
}

/** The current values of a step's fields, as a form shows them. */
export function stepValues(record: Incident, step: LifecycleStep): StepValues {
  const values: StepValues = {};
  for (const field of STEP_FIELDS[step]) {
    const [group, key] = split(field.path);
    const value = groupOf(record, group)?.[key];
    values[field.path] = field.kind === 'checkbox' ? value === true : typeof value === 'string' ? value : '';
  }
  return values;
}

/**
 * Writes a step's form values into a copy of the record. Text is trimmed and an empty field is
 * removed (not stored as ""), an emptied group disappears, and a changed restart decision is
 * timestamped. Values pass the schema only in `updateIncident`.
 */
export function applyStepValues(record: Incident, step: LifecycleStep, values: StepValues, now = new Date()): Incident {
  let next: Incident = { ...record };
  for (const field of STEP_FIELDS[step]) {
    const [group, key] = split(field.path);
    const before = groupOf(next, group);
    const raw = values[field.path];
    const updated: Record<string, unknown> = { ...before };
    if (field.kind === 'checkbox') {
      // An unticked box only writes `false` where a value existed, so opening a form changes nothing.
      if (raw === true) updated[key] = true;
      else if (before?.[key] !== undefined) updated[key] = false;
      else delete updated[key];
    } else {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text) updated[key] = text;
      else delete updated[key];
    }
    if (group === 'containment' && Object.keys(updated).length > 0) updated.done ??= [];
    const empty = Object.values(updated).every((value) => value === undefined);
    next = { ...next, [group]: empty ? undefined : updated } as Incident;
  }
  if (step === 'resumed') {
    const decision = next.restart?.decision;
    if (decision !== record.restart?.decision) {
      const restart = { ...next.restart, decidedAt: decision ? now.toISOString() : undefined };
      next = { ...next, restart };
    }
  }
  return next;
}

/** What a step still needs before it can be complete; empty when it can be. */
export function missingForStep(record: Incident, step: LifecycleStep): string[] {
  const missing: string[] = [];
  if (step === 'diagnosed') {
    if (!record.diagnosis?.rootCause) missing.push('Root cause');
    if (!record.diagnosis?.failureKind) missing.push('Failure kind');
  }
  if (step === 'resumed') {
    if (!record.restart?.decision) missing.push('Restart decision');
    if (!record.restart?.approver) missing.push('Approved by');
  }
  return missing;
}

export class StepIncompleteError extends Error {
  constructor(
    readonly step: LifecycleStep,
    readonly missing: string[],
  ) {
    super(`${STEP_INFO[step].title} needs: ${missing.join(', ')}.`);
  }
}

export class RecordClosedError extends Error {
  constructor(status: 'declined' | 'merged') {
    super(`This record is ${status}. Reopen the record first.`);
  }
}

function assertOpen(record: Incident): void {
  if (record.status === 'declined' || record.status === 'merged') throw new RecordClosedError(record.status);
}

/**
 * Saves a step's fields. A step not yet complete is marked complete ("Completed step: …"); a
 * completed one keeps its completion and records the edit ("Edited step: …").
 */
export function saveStep(
  db: FlaglineDb,
  id: string,
  step: LifecycleStep,
  values: StepValues,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const now = meta.now ?? new Date();
  return db.transaction('rw', revisionTables(db), async () => {
    const done = Boolean((await db.incidents.get(id))?.steps?.[step]);
    return updateIncident(
      db,
      id,
      (record) => {
        assertOpen(record);
        const next = applyStepValues(record, step, values, now);
        const missing = missingForStep(next, step);
        if (missing.length > 0) throw new StepIncompleteError(step, missing);
        return done ? next : completeStep(next, step, meta.by, now);
      },
      { by: meta.by, now, action: `${done ? 'Edited' : 'Completed'} step: ${STEP_INFO[step].title}` },
    );
  });
}

/** Reopens a completed step; the record's status falls back to the furthest step still complete. */
export function reopenRecordStep(
  db: FlaglineDb,
  id: string,
  step: LifecycleStep,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  return updateIncident(
    db,
    id,
    (record) => {
      assertOpen(record);
      return reopenStep(record, step);
    },
    { by: meta.by, now: meta.now, action: `Reopened step: ${STEP_INFO[step].title}` },
  );
}

/** Declines a record as not an incident; the reason is required. */
export function declineIncident(
  db: FlaglineDb,
  id: string,
  reason: string,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const trimmed = reason.trim();
  if (!trimmed) return Promise.reject(new Error('Enter a reason for declining.'));
  return updateIncident(
    db,
    id,
    (record) => {
      assertOpen(record);
      const { mergedInto: _mergedInto, ...rest } = record;
      return { ...rest, status: 'declined', declined: { reason: trimmed } };
    },
    { by: meta.by, now: meta.now, action: 'Declined: not an incident' },
  );
}

/**
 * Merges a duplicate flag into another record. The target must exist, be another record and not
 * itself be merged (no chains or cycles).
 */
export function mergeIncident(
  db: FlaglineDb,
  id: string,
  targetId: string,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  if (!z.uuid().safeParse(targetId).success) return Promise.reject(new Error('Choose the record to merge into.'));
  if (targetId === id) return Promise.reject(new Error('A record cannot be merged into itself.'));
  return db.transaction('rw', revisionTables(db), async () => {
    const target = await db.incidents.get(targetId);
    if (!target) throw new Error('The record to merge into no longer exists.');
    if (target.status === 'merged')
      throw new Error('That record is itself merged; choose the record it was merged into.');
    return updateIncident(
      db,
      id,
      (record) => {
        assertOpen(record);
        const { declined: _declined, ...rest } = record;
        return { ...rest, status: 'merged', mergedInto: targetId };
      },
      { by: meta.by, now: meta.now, action: `Merged into record ${targetId}` },
    );
  });
}

/** Reopens a declined or merged record: clears the decision and recomputes the status from its steps. */
export function reopenIncident(db: FlaglineDb, id: string, meta: { by: string; now?: Date }): Promise<Incident> {
  return updateIncident(
    db,
    id,
    (record) => {
      if (record.status !== 'declined' && record.status !== 'merged') throw new NothingChangedError();
      const { declined: _declined, mergedInto: _mergedInto, ...rest } = record;
      return { ...rest, status: statusFor({ status: 'draft', steps: record.steps }) };
    },
    { by: meta.by, now: meta.now, action: 'Reopened record' },
  );
}

/** A message for an error from one of the actions above, in words a reviewer understands. */
export function describeError(error: unknown): string {
  if (error instanceof NothingChangedError) return 'Nothing changed.';
  if (error instanceof z.ZodError) {
    return error.issues.map((issue) => `${fieldLabel(issue.path.join('.'))}: ${issue.message}`).join(' ');
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}
