import { z } from 'zod';
import type { FlaglineDb } from '../db';
import { revisionTables } from './persist';
import { HUMAN_REVIEW_CONTROL } from '../assessment/escalation';
import {
  blockedMessage,
  blockersOf,
  checklistItem,
  completeStep,
  reopenStep,
  STEP_INFO,
  statusFor,
  tickChecklist,
  type LifecycleStep,
} from './lifecycle';
import { addAction, ACTION_STATUS_LABELS, changeAction, type ActionChange, type NewAction } from './corrective-actions';
import { AFFECTED_CATEGORIES, type Incident, type RootCause } from './schema';
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

/** Who or what was affected, in plain words (docs/incident-model.md, "Lifecycle"). */
export const AFFECTED_CATEGORY_LABELS: Readonly<Record<(typeof AFFECTED_CATEGORIES)[number], string>> = {
  customers: 'Customers',
  employees: 'Employees',
  vendors: 'Vendors',
  'lenders-investors': 'Lenders or investors',
  'personal-data': 'Personal data',
  'confidential-business': 'Confidential business information',
  financial: 'Financial information',
  'regulated-data': 'Regulated data',
};

/** The record groups a step form may write to. */
type FieldGroup = 'containment' | 'preserved' | 'affected' | 'impact' | 'diagnosis' | 'restart' | 'learning';

/**
 * One editable field of a response step, addressed by a `group.key` path of the record. `datetime`
 * holds an ISO time (the form shows it as a local date and time), `date` a calendar date,
 * `number` a whole number as typed, `categories` a list of affected categories.
 */
export interface StepField {
  path: `${FieldGroup}.${string}`;
  label: string;
  kind: 'textarea' | 'text' | 'select' | 'number' | 'datetime' | 'date' | 'categories';
  options?: ReadonlyArray<{ value: string; label: string }>;
  maxLength?: number;
  /** A short hint shown under the label. */
  hint?: string;
}

/** Form values of one step, keyed by field path: text for most fields, a list for categories. */
export type StepValues = Record<string, string | boolean | string[]>;

const options = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const LEARNING_PATHS = [
  'learning.evaluationCases',
  'learning.policy',
  'learning.training',
  'learning.workflowDesign',
] as const;

/** The fields each response step asks for (docs/incident-model.md, "Lifecycle" and "Diagnosis vocabulary"). */
export const STEP_FIELDS: Readonly<Record<LifecycleStep, readonly StepField[]>> = {
  reported: [],
  contained: [
    { path: 'containment.notes', label: 'What was contained', kind: 'textarea', maxLength: 4_000 },
    { path: 'containment.containedAt', label: 'Contained at', kind: 'datetime', hint: 'Your local date and time.' },
  ],
  // What the page did not show is gathered here; the captured (hashed) evidence stays untouched.
  'evidence-preserved': [
    { path: 'preserved.logsLocation', label: 'Where the evidence is kept', kind: 'text', maxLength: 2_000 },
    { path: 'preserved.inputs', label: 'Inputs (data the workflow read)', kind: 'textarea', maxLength: 20_000 },
    { path: 'preserved.toolCalls', label: 'Tool calls and actions taken', kind: 'textarea', maxLength: 20_000 },
    { path: 'preserved.approvals', label: 'Approvals', kind: 'textarea', maxLength: 4_000 },
    { path: 'preserved.modelVersion', label: 'Model version', kind: 'text', maxLength: 200 },
  ],
  'impact-assessed': [
    { path: 'affected.userCount', label: 'Number of affected users', kind: 'number', hint: '0 when nobody was.' },
    { path: 'affected.recordCount', label: 'Number of affected records', kind: 'number', hint: '0 when none was.' },
    {
      path: 'affected.categories',
      label: 'Affected categories',
      kind: 'categories',
      options: options(AFFECTED_CATEGORY_LABELS),
      hint: 'At least one when anyone or anything was affected.',
    },
    { path: 'affected.users', label: 'Details of affected users', kind: 'textarea', maxLength: 4_000 },
    { path: 'affected.records', label: 'Details of affected records', kind: 'textarea', maxLength: 4_000 },
    { path: 'impact.description', label: 'Business impact', kind: 'textarea', maxLength: 4_000 },
  ],
  // Corrective actions are a list of their own (./corrective-actions.ts), not form fields.
  corrected: [],
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
    { path: 'restart.evidence', label: 'Test result and evidence', kind: 'textarea', maxLength: 4_000 },
    { path: 'restart.monitoring', label: 'Closer monitoring', kind: 'textarea', maxLength: 4_000 },
  ],
  learned: [
    { path: 'learning.evaluationCases', label: 'Evaluation cases added', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.policy', label: 'Policy updated', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.training', label: 'Training updated', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.workflowDesign', label: 'Workflow design updated', kind: 'textarea', maxLength: 4_000 },
    { path: 'learning.effectivenessCheckOn', label: 'Check effectiveness on', kind: 'date' },
  ],
};

const ACTION_FIELD_LABELS: Readonly<Record<string, string>> = {
  what: 'What will be done',
  owner: 'Owner',
  dueOn: 'Due date',
  doneOn: 'Done on',
  droppedReason: 'Reason for dropping',
};

/** Human label of a record field path, for error messages and the history. */
export function fieldLabel(path: string): string {
  if (path === 'declined.reason') return 'Reason for declining';
  if (path === 'correction.actions') return 'Corrective actions';
  if (path.startsWith('checklist.')) return 'Checklist';
  const action = /^correction\.actions\.\d+\.(\w+)$/.exec(path);
  if (action) return ACTION_FIELD_LABELS[action[1] ?? ''] ?? 'Corrective actions';
  for (const fields of Object.values(STEP_FIELDS)) {
    const found = fields.find((field) => path === field.path || path.startsWith(`${field.path}.`));
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
    if (field.kind === 'categories') values[field.path] = Array.isArray(value) ? value.map(String) : [];
    else if (field.kind === 'number') values[field.path] = typeof value === 'number' ? String(value) : '';
    else values[field.path] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** True when the record's answers or routing say a reviewer approved the output (a failed human review). */
export function reviewerApproved(record: Pick<Incident, 'assessment' | 'routing'>): boolean {
  return (
    record.assessment?.answers.reviewerApproved === 'yes' ||
    (record.routing?.failedControls.includes(HUMAN_REVIEW_CONTROL) ?? false)
  );
}

/**
 * What a step form offers for its empty fields: the time now for when containment took effect
 * (while Contain is not complete), and "human review" as the failed control (and its failure
 * kind) when a reviewer approved the output. Saving the form stores them; nothing before that.
 */
export function stepSuggestions(record: Incident, step: LifecycleStep, now = new Date()): StepValues {
  const suggested: StepValues = {};
  // Only before Contain completes: for a record contained earlier without a time (an upgraded one),
  // "now" would be a wrong containment time in the review.
  if (step === 'contained' && !record.steps?.contained && !record.containment?.containedAt)
    suggested['containment.containedAt'] = now.toISOString();
  if (step === 'diagnosed' && reviewerApproved(record)) {
    if (!record.diagnosis?.failedControl) suggested['diagnosis.failedControl'] = HUMAN_REVIEW_CONTROL;
    if (!record.diagnosis?.failureKind) suggested['diagnosis.failureKind'] = 'human-review';
  }
  return suggested;
}

/** A value a form gave that no field can hold, in the reviewer's words. */
export class StepValueError extends Error {}

/** One field's form value as the record stores it; undefined removes it. */
function storedValue(field: StepField, raw: StepValues[string] | undefined): unknown {
  if (field.kind === 'categories') {
    const chosen = Array.isArray(raw) ? raw : [];
    const list = AFFECTED_CATEGORIES.filter((c) => chosen.includes(c));
    return list.length > 0 ? list : undefined;
  }
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return undefined;
  if (field.kind !== 'number') return text;
  if (!/^\d{1,10}$/.test(text)) throw new StepValueError(`${field.label}: enter a whole number, 0 or more.`);
  return Number(text);
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
    const updated: Record<string, unknown> = { ...groupOf(next, group) };
    const value = storedValue(field, values[field.path]);
    if (value === undefined) delete updated[key];
    else updated[key] = value;
    if (group === 'containment' && Object.keys(updated).length > 0) updated.done ??= [];
    const empty = Object.values(updated).every((v) => v === undefined);
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

const REQUIRED: Partial<Record<LifecycleStep, readonly string[]>> = {
  contained: ['containment.notes', 'containment.containedAt'],
  'evidence-preserved': ['preserved.logsLocation'],
  'impact-assessed': ['affected.userCount', 'affected.recordCount'],
  diagnosed: ['diagnosis.rootCause', 'diagnosis.failureKind', 'diagnosis.failedControl'],
  resumed: ['restart.decision', 'restart.approver', 'restart.evidence', 'restart.monitoring'],
};

/** The learning fields, as the missing list names them. */
export const LEARNING_MISSING = 'At least one of: evaluation cases, policy, training or workflow design';
export const CATEGORY_MISSING = 'At least one affected category';
export const ACTION_MISSING = 'At least one corrective action';

/** What a step still needs before it can be complete, in the form's words; empty when it can be. */
export function missingForStep(record: Incident, step: LifecycleStep): string[] {
  const has = (path: string) => {
    const [group, key] = split(path);
    const value = groupOf(record, group)?.[key];
    return value !== undefined && value !== '';
  };
  const missing = (REQUIRED[step] ?? []).filter((path) => !has(path)).map(fieldLabel);
  if (step === 'impact-assessed') {
    const counted = (record.affected?.userCount ?? 0) > 0 || (record.affected?.recordCount ?? 0) > 0;
    if (counted && !record.affected?.categories?.length) missing.push(CATEGORY_MISSING);
  }
  if (step === 'corrected' && (record.correction?.actions.length ?? 0) === 0) missing.push(ACTION_MISSING);
  if (step === 'learned') {
    if (!LEARNING_PATHS.some(has)) missing.push(LEARNING_MISSING);
    if (!has('learning.effectivenessCheckOn')) missing.push(fieldLabel('learning.effectivenessCheckOn'));
  }
  return missing;
}

export class StepIncompleteError extends Error {
  constructor(
    readonly step: LifecycleStep,
    readonly missing: string[],
  ) {
    super(`To complete ${STEP_INFO[step].title}, fill in: ${missing.join('; ')}.`);
  }
}

/** A step completed before the steps it needs. */
export class StepOrderError extends Error {
  constructor(
    readonly step: LifecycleStep,
    readonly blockers: LifecycleStep[],
  ) {
    super(blockedMessage(blockers));
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
 * Saves a step's fields. A step not yet complete is marked complete ("Completed step: …") once
 * the steps it needs are complete and its own fields are filled in; a completed one keeps its
 * completion and records the edit ("Edited step: …"), and must stay filled in.
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
        const blockers = done ? [] : blockersOf(record, step);
        if (blockers.length > 0) throw new StepOrderError(step, blockers);
        const next = applyStepValues(record, step, values, now);
        const missing = missingForStep(next, step);
        if (missing.length > 0) throw new StepIncompleteError(step, missing);
        return done ? next : completeStep(next, step, meta.by, now);
      },
      { by: meta.by, now, action: `${done ? 'Edited' : 'Completed'} step: ${STEP_INFO[step].title}` },
    );
  });
}

/**
 * Reopens a completed step, with the reason kept as the history note; the record's status falls
 * back to the furthest step of the run still complete.
 */
export function reopenRecordStep(
  db: FlaglineDb,
  id: string,
  step: LifecycleStep,
  reason: string,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const note = reason.trim();
  if (!note) return Promise.reject(new Error(`Say why ${STEP_INFO[step].title} is reopened.`));
  return updateIncident(
    db,
    id,
    (record) => {
      assertOpen(record);
      if (!record.steps?.[step]) throw new NothingChangedError();
      return reopenStep(record, step);
    },
    { by: meta.by, now: meta.now, action: `Reopened step: ${STEP_INFO[step].title}`, note },
  );
}

/** Ticks or unticks a step's checklist item, at any time, as its own revision. */
export function tickChecklistItem(
  db: FlaglineDb,
  id: string,
  key: string,
  ticked: boolean,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const found = checklistItem(key);
  if (!found) return Promise.reject(new Error('That checklist item does not exist.'));
  const now = meta.now ?? new Date();
  return updateIncident(
    db,
    id,
    (record) => {
      assertOpen(record);
      return tickChecklist(record, key, ticked, meta.by, now);
    },
    { by: meta.by, now, action: `${ticked ? 'Ticked' : 'Unticked'}: ${found.item.text}` },
  );
}

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** Marks one of the routing's containment steps done or not, at any time, before or after Contain. */
export function setContainmentStep(
  db: FlaglineDb,
  id: string,
  stepId: string,
  done: boolean,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  return db.transaction('rw', revisionTables(db), async () => {
    const step = (await db.incidents.get(id))?.routing?.containment.find((s) => s.id === stepId);
    if (!step) throw new Error('That containment step is not in this record’s routing.');
    return updateIncident(
      db,
      id,
      (record) => {
        assertOpen(record);
        const before = record.containment?.done ?? [];
        const list = done ? [...new Set([...before, stepId])] : before.filter((d) => d !== stepId);
        return { ...record, containment: { ...record.containment, done: list } };
      },
      { by: meta.by, now: meta.now, action: `Containment step ${done ? 'done' : 'not done'}: ${short(step.text)}` },
    );
  });
}

/** Adds a corrective action (open), whether or not Correct is complete. */
export function addCorrectiveAction(
  db: FlaglineDb,
  id: string,
  input: NewAction,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  return updateIncident(
    db,
    id,
    (record) => {
      assertOpen(record);
      return addAction(record, input, crypto.randomUUID());
    },
    { by: meta.by, now: meta.now, action: `Added corrective action: ${short(input.what.trim())}` },
  );
}

/** Changes a corrective action's status; a dropped action's reason is also the history note. */
export function updateCorrectiveAction(
  db: FlaglineDb,
  id: string,
  actionId: string,
  change: ActionChange,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const now = meta.now ?? new Date();
  return db.transaction('rw', revisionTables(db), async () => {
    const what = (await db.incidents.get(id))?.correction?.actions.find((a) => a.id === actionId)?.what ?? '';
    const label = ACTION_STATUS_LABELS[change.status].toLowerCase();
    const reason = change.status === 'dropped' ? change.droppedReason?.trim() : undefined;
    return updateIncident(
      db,
      id,
      (record) => {
        assertOpen(record);
        const next = changeAction(record, actionId, change, now);
        // A repeated drop would otherwise be a revision that only repeats its note.
        if (JSON.stringify(next.correction) === JSON.stringify(record.correction)) throw new NothingChangedError();
        return next;
      },
      { by: meta.by, now, action: `Corrective action ${label}: ${short(what)}`, ...(reason ? { note: reason } : {}) },
    );
  });
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

/** An ISO time as a `datetime-local` input shows it (local time, to the minute); "" for none. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO time; "" when it is empty or not a time. */
export function localInputToIso(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** What a step would still need if the form's values were saved now, for the hint beside the form. */
export function missingForValues(record: Incident, step: LifecycleStep, values: StepValues): string[] {
  try {
    return missingForStep(applyStepValues(record, step, values), step);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
