import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlaglineDb } from '../../lib/db';
import { createDraft, evidenceFromCapture, type UnhashedEvidence } from '../../lib/incident/create';
import {
  blockersOf,
  completeStep,
  currentStep,
  DISCARDED_REASON,
  isDiscarded,
  needsAssessment,
  recordStatusLabel,
  reopenStep,
  STEP_INFO,
  statusFor,
  statusLabel,
  type LifecycleStep,
} from '../../lib/incident/lifecycle';
import {
  addCorrectiveAction,
  applyStepValues,
  isoToLocalInput,
  localInputToIso,
  reviewerApproved,
  setContainmentStep,
  stepSuggestions,
  StepOrderError,
  StepValueError,
  tickChecklistItem,
  declineIncident,
  describeError,
  mergeIncident,
  missingForStep,
  RecordClosedError,
  reopenIncident,
  reopenRecordStep,
  saveStep,
  STEP_FIELDS,
  StepIncompleteError,
  stepValues,
  type StepValues,
} from '../../lib/incident/lifecycle-actions';
import { IncidentSchema, LIFECYCLE_STEPS, type Incident } from '../../lib/incident/schema';
import { changedPaths, NothingChangedError, updateIncident } from '../../lib/incident/update';
import { useFreshDb } from './fresh-db';

const T0 = new Date('2025-03-04T05:06:07.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function evidence(): UnhashedEvidence {
  return evidenceFromCapture(
    {
      shownText: 'Summary: Acme Ltd owes 4,200 EUR (see also Globex account).',
      quote: {
        type: 'TextQuoteSelector',
        exact: 'Summary: Acme Ltd owes 4,200 EUR (see also Globex account).',
        prefix: 'CRM assistant: ',
        suffix: '',
      },
      source: 'selection',
      containerText: 'CRM assistant: Summary: Acme Ltd owes 4,200 EUR (see also Globex account).',
      page: { url: 'https://crm.example.com/accounts/7', title: 'Account 7', lang: 'en' },
      capturedAt: '2025-03-04T05:00:00.000Z',
    },
    'button',
  );
}

let db: FlaglineDb;
useFreshDb((opened) => (db = opened));

function seed(now = T0): Promise<Incident> {
  return createDraft(db, { evidence: evidence(), reporter: { name: 'Dana Reyes' }, now });
}

async function stored(id: string): Promise<Incident> {
  const record = await db.incidents.get(id);
  if (!record) throw new Error('missing record');
  return record;
}

/** Values that satisfy every step, keyed by step. */
const FULL_VALUES: Record<LifecycleStep, StepValues> = {
  reported: {},
  contained: {
    'containment.notes': 'Paused the CRM summary workflow; manual summaries in use.',
    'containment.containedAt': '2025-03-04T05:30:00.000Z',
  },
  'evidence-preserved': { 'preserved.logsLocation': 'Case folder INC-7 on the team drive' },
  'impact-assessed': {
    'affected.userCount': '1',
    'affected.recordCount': '1',
    'affected.categories': ['customers', 'confidential-business'],
    'affected.users': 'One account manager',
    'affected.records': 'Account 7 draft summary',
    'impact.description': 'Another customer named in a draft; not sent.',
  },
  corrected: {},
  diagnosed: {
    'diagnosis.rootCause': 'integration-logic',
    'diagnosis.failureKind': 'workflow-design',
    'diagnosis.failedControl': 'Retrieval scoping by account',
  },
  resumed: {
    'restart.decision': 'resume-with-controls',
    'restart.approver': 'Priya (workflow owner)',
    'restart.evidence': '50 evaluation cases pass',
    'restart.monitoring': 'Daily sample review for 2 weeks',
  },
  learned: {
    'learning.evaluationCases': 'Added 12 cross-account cases',
    'learning.policy': 'No change',
    'learning.training': 'Reviewer briefing',
    'learning.workflowDesign': 'Retrieval filtered by account id',
    'learning.effectivenessCheckOn': '2025-06-01',
  },
};

/** A record taken through Correct in order, with one corrective action; times at(1)…at(6). */
async function throughCorrect(): Promise<Incident> {
  const record = await seed();
  for (const [index, step] of (['reported', 'contained', 'evidence-preserved', 'impact-assessed'] as const).entries())
    await saveStep(db, record.id, step, FULL_VALUES[step], { by: 'Dana', now: at(index + 1) });
  await addCorrectiveAction(
    db,
    record.id,
    { what: 'Delete the draft summary', owner: 'Priya' },
    { by: 'Dana', now: at(5) },
  );
  return saveStep(db, record.id, 'corrected', {}, { by: 'Dana', now: at(6) });
}

describe('statusFor', () => {
  it('is draft when no step is complete', () => {
    expect(statusFor({ status: 'draft', steps: undefined })).toBe('draft');
    expect(statusFor({ status: 'draft', steps: {} })).toBe('draft');
  });

  it('is the furthest step of the completed run: a step past an open one does not count', () => {
    const done = { completedAt: T0.toISOString(), by: 'Dana' };
    expect(statusFor({ status: 'draft', steps: { reported: done } })).toBe('reported');
    expect(statusFor({ status: 'reported', steps: { reported: done, contained: done } })).toBe('contained');
    expect(statusFor({ status: 'draft', steps: { contained: done, diagnosed: done } })).toBe('draft');
    expect(statusFor({ status: 'learned', steps: { reported: done } })).toBe('reported');
    // Preserve evidence needs only Detect and report; Assess impact needs Contain too.
    expect(statusFor({ status: 'draft', steps: { reported: done, 'evidence-preserved': done } })).toBe(
      'evidence-preserved',
    );
    const noContain = { reported: done, 'evidence-preserved': done, 'impact-assessed': done, corrected: done };
    expect(statusFor({ status: 'draft', steps: noContain })).toBe('evidence-preserved');
    const noCorrect = {
      reported: done,
      contained: done,
      'evidence-preserved': done,
      'impact-assessed': done,
      diagnosed: done,
    };
    expect(statusFor({ status: 'draft', steps: noCorrect })).toBe('impact-assessed');
  });

  it.each(['declined', 'merged'] as const)('keeps %s as it is', (status) => {
    const done = { completedAt: T0.toISOString(), by: 'Dana' };
    expect(statusFor({ status, steps: { reported: done, contained: done } })).toBe(status);
  });
});

describe('completeStep and reopenStep', () => {
  it('marks a step complete with time and actor and recomputes the status', async () => {
    const record = await seed();
    const next = completeStep(completeStep(record, 'reported', 'Dana', at(1)), 'contained', 'Dana', at(5));
    expect(next.steps?.contained).toEqual({ completedAt: at(5).toISOString(), by: 'Dana' });
    expect(next.status).toBe('contained');
    expect(record.steps).toBeUndefined();
    expect(record.status).toBe('draft');
  });

  it('is idempotent: completing twice keeps the first completion', async () => {
    const once = completeStep(await seed(), 'reported', 'Dana', at(1));
    const twice = completeStep(once, 'reported', 'Sam', at(9));
    expect(twice.steps?.reported).toEqual({ completedAt: at(1).toISOString(), by: 'Dana' });
  });

  it('reopening removes the step and falls back to the furthest still complete', async () => {
    let record = completeStep(await seed(), 'reported', 'Dana', at(1));
    record = completeStep(record, 'contained', 'Dana', at(2));
    const reopened = reopenStep(record, 'contained');
    expect(reopened.steps?.contained).toBeUndefined();
    expect(reopened.status).toBe('reported');
    expect(reopenStep(reopened, 'reported').status).toBe('draft');
    expect(record.steps?.contained).toBeDefined();
  });

  it('does not move a declined record', async () => {
    const record = { ...(await seed()), status: 'declined' as const, declined: { reason: 'Test' } };
    expect(completeStep(record, 'contained', 'Dana').status).toBe('declined');
    expect(reopenStep(record, 'contained').status).toBe('declined');
  });
});

describe('statusLabel', () => {
  it.each([
    ['draft', 'Draft'],
    ['declined', 'Declined'],
    ['merged', 'Merged'],
    ['reported', 'Detect and report'],
    ['contained', 'Contain'],
    ['evidence-preserved', 'Preserve evidence'],
    ['impact-assessed', 'Assess impact'],
    ['corrected', 'Correct'],
    ['diagnosed', 'Diagnose'],
    ['resumed', 'Resume with controls'],
    ['learned', 'Learn'],
  ] as const)('labels %s as %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  it('has a title and a non-empty checklist for every step, in order', () => {
    expect(Object.keys(STEP_INFO)).toEqual([...LIFECYCLE_STEPS]);
    for (const step of LIFECYCLE_STEPS) expect(STEP_INFO[step].checklist.length).toBeGreaterThan(0);
  });
});

describe('updateIncident', () => {
  it('raises the revision by one per change and appends history with the changed paths', async () => {
    const record = await seed();
    const first = await updateIncident(db, record.id, (r) => ({ ...r, containment: { done: [], notes: 'Paused' } }), {
      by: 'Dana',
      action: 'Edited containment',
      now: at(1),
    });
    expect(first.revision).toBe(2);
    expect(first.updatedAt).toBe(at(1).toISOString());
    expect(first.createdAt).toBe(record.createdAt);
    expect(first.history).toHaveLength(2);
    expect(first.history[0]).toEqual(record.history[0]);
    expect(first.history[1]).toEqual({
      at: at(1).toISOString(),
      by: 'Dana',
      revision: 2,
      action: 'Edited containment',
      changed: ['containment.done', 'containment.notes'],
    });

    const second = await updateIncident(
      db,
      record.id,
      (r) => ({ ...r, impact: { description: 'None' }, affected: { users: 'One' } }),
      { by: 'Sam', action: 'Assessed', note: 'From the call', now: at(2) },
    );
    expect(second.revision).toBe(3);
    expect(second.history.map((entry) => entry.revision)).toEqual([1, 2, 3]);
    expect(second.history[2]).toMatchObject({
      by: 'Sam',
      changed: ['affected.users', 'impact.description'],
      note: 'From the call',
    });
    expect(await stored(record.id)).toEqual(second);
  });

  it('refuses an evidence edit and writes nothing', async () => {
    const record = await seed();
    await expect(
      updateIncident(db, record.id, (r) => ({ ...r, evidence: { ...r.evidence, output: 'Edited' } }), {
        by: 'Mallory',
        action: 'Tamper',
      }),
    ).rejects.toThrow(/Evidence cannot be edited/);
    expect(await stored(record.id)).toEqual(record);
  });

  it('refuses a change that breaks the schema and writes nothing', async () => {
    const record = await seed();
    const error = await updateIncident(db, record.id, (r) => ({ ...r, restart: { approver: 'x'.repeat(201) } }), {
      by: 'Dana',
      action: 'Too long',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect(describeError(error)).toMatch(/^Approved by: /);
    expect(await stored(record.id)).toEqual(record);
  });

  it('throws NothingChangedError when nothing changed, unless a note is added', async () => {
    const record = await seed();
    const error = await updateIncident(db, record.id, (r) => r, { by: 'Dana', action: 'Nothing' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NothingChangedError);
    expect(describeError(error)).toBe('Nothing changed.');
    expect(await stored(record.id)).toEqual(record);

    const noted = await updateIncident(db, record.id, (r) => r, { by: 'Dana', action: 'Note', note: 'Called owner' });
    expect(noted.revision).toBe(2);
    expect(noted.history[1]).toMatchObject({ changed: [], note: 'Called owner' });
  });

  it('does not let a change set the managed fields', async () => {
    const record = await seed();
    const next = await updateIncident(
      db,
      record.id,
      (r) => ({ ...r, revision: 99, createdAt: at(60).toISOString(), history: [], status: 'reported' }),
      { by: 'Dana', action: 'Sneaky', now: at(1) },
    );
    expect(next.revision).toBe(2);
    expect(next.createdAt).toBe(record.createdAt);
    expect(next.history).toHaveLength(2);
    expect(next.history[1]?.changed).toEqual(['status']);
  });

  it('fails for a record that does not exist', async () => {
    await expect(updateIncident(db, crypto.randomUUID(), (r) => r, { by: 'Dana', action: 'Edit' })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('goes through all eight steps to learned with nine history entries', async () => {
    const record = await seed();
    let current = record;
    for (const [index, step] of LIFECYCLE_STEPS.entries()) {
      const by = index % 2 ? 'Sam' : 'Dana';
      current = await updateIncident(db, record.id, (r) => completeStep(r, step, by, at(index + 1)), {
        by,
        action: `Completed step: ${STEP_INFO[step].title}`,
        now: at(index + 1),
      });
      expect(current.status).toBe(step);
      expect(current.revision).toBe(index + 2);
      expect(current.history.at(-1)).toMatchObject({ changed: [`status`, `steps.${step}`], by });
    }
    expect(current.status).toBe('learned');
    expect(current.history).toHaveLength(9);
    expect(current.history.map((entry) => entry.action)).toEqual([
      'Flagged (button)',
      ...LIFECYCLE_STEPS.map((step) => `Completed step: ${STEP_INFO[step].title}`),
    ]);
    expect(IncidentSchema.safeParse(await stored(record.id)).success).toBe(true);
  });
});

describe('step forms', () => {
  it('every step form field addresses a schema field, and a full form round-trips', async () => {
    let record = await seed();
    for (const step of LIFECYCLE_STEPS) {
      record = applyStepValues(record, step, FULL_VALUES[step], at(1));
      expect(stepValues(record, step)).toEqual({
        ...Object.fromEntries(STEP_FIELDS[step].map((f) => [f.path, f.kind === 'categories' ? [] : ''])),
        ...FULL_VALUES[step],
      });
    }
    expect(IncidentSchema.safeParse(record).success).toBe(true);
    expect(record.restart?.decidedAt).toBe(at(1).toISOString());
    expect(record.containment).toEqual({
      done: [],
      notes: FULL_VALUES.contained['containment.notes'],
      containedAt: '2025-03-04T05:30:00.000Z',
    });
    expect(record.affected).toMatchObject({ userCount: 1, recordCount: 1 });
  });

  it('trims text and leaves no empty strings or empty groups behind', async () => {
    const record = await seed();
    const next = applyStepValues(record, 'impact-assessed', {
      'affected.users': '  two managers  ',
      'affected.records': '   ',
      'impact.description': '',
    });
    expect(next.affected).toEqual({ users: 'two managers' });
    expect(next.impact).toBeUndefined();
    expect(changedPaths(record, applyStepValues(record, 'learned', stepValues(record, 'learned')))).toEqual([]);
    expect(changedPaths(record, applyStepValues(record, 'corrected', stepValues(record, 'corrected')))).toEqual([]);
  });

  it('keeps the containment done list and times only a changed restart decision', async () => {
    const record = { ...(await seed()), containment: { done: ['pause'], notes: 'old' } };
    expect(applyStepValues(record, 'contained', { 'containment.notes': '' }).containment).toEqual({ done: ['pause'] });
    const decided = applyStepValues(record, 'resumed', FULL_VALUES.resumed, at(3));
    expect(decided.restart?.decidedAt).toBe(at(3).toISOString());
    const edited = applyStepValues(decided, 'resumed', { ...FULL_VALUES.resumed, 'restart.monitoring': 'x' }, at(9));
    expect(edited.restart?.decidedAt).toBe(at(3).toISOString());
    const cleared = applyStepValues(decided, 'resumed', { ...FULL_VALUES.resumed, 'restart.decision': '' }, at(9));
    expect(cleared.restart?.decidedAt).toBeUndefined();
  });

  it("names what each empty step needs before completion, in the form's words", async () => {
    const record = await seed();
    const empty = Object.fromEntries(LIFECYCLE_STEPS.map((step) => [step, missingForStep(record, step)]));
    expect(empty).toEqual({
      reported: [],
      contained: ['What was contained', 'Contained at'],
      'evidence-preserved': ['Where the evidence is kept'],
      'impact-assessed': ['Number of affected users', 'Number of affected records'],
      corrected: ['At least one corrective action'],
      diagnosed: ['Root cause', 'Failure kind', 'Failed control'],
      resumed: ['Restart decision', 'Approved by', 'Test result and evidence', 'Closer monitoring'],
      learned: ['At least one of: evaluation cases, policy, training or workflow design', 'Check effectiveness on'],
    });
    for (const step of LIFECYCLE_STEPS.filter((s) => s !== 'corrected'))
      expect(missingForStep(applyStepValues(record, step, FULL_VALUES[step]), step)).toEqual([]);
  });

  it('asks for a category only when a count is above 0, and refuses a count that is not a whole number', async () => {
    const record = await seed();
    const counts = (users: string, records: string) =>
      applyStepValues(record, 'impact-assessed', { 'affected.userCount': users, 'affected.recordCount': records });
    expect(counts('0', '0').affected).toEqual({ userCount: 0, recordCount: 0 });
    expect(missingForStep(counts('0', '0'), 'impact-assessed')).toEqual([]);
    expect(missingForStep(counts('3', '0'), 'impact-assessed')).toEqual(['At least one affected category']);
    expect(missingForStep(counts('0', '12'), 'impact-assessed')).toEqual(['At least one affected category']);
    expect(() => counts('two', '0')).toThrow('Number of affected users: enter a whole number, 0 or more.');
    expect(() => counts('0', '-1')).toThrow('Number of affected records: enter a whole number, 0 or more.');
    expect(() => counts('1.5', '0')).toThrow(StepValueError);
    const one = applyStepValues(record, 'learned', { 'learning.training': 'Briefing' });
    expect(missingForStep(one, 'learned')).toEqual(['Check effectiveness on']);
  });
});

describe('saveStep and reopenRecordStep', () => {
  it('completes each step with its fields, then learned with nine history entries', async () => {
    const record = await seed();
    let current = record;
    for (const [index, step] of LIFECYCLE_STEPS.entries()) {
      if (step === 'corrected')
        await addCorrectiveAction(db, record.id, { what: 'Delete the draft summary' }, { by: 'Dana', now: at(index) });
      current = await saveStep(db, record.id, step, FULL_VALUES[step], { by: 'Dana', now: at(index + 1) });
      expect(current.steps?.[step]).toEqual({ completedAt: at(index + 1).toISOString(), by: 'Dana' });
      expect(current.history.at(-1)?.action).toBe(`Completed step: ${STEP_INFO[step].title}`);
      expect(current.status).toBe(step);
    }
    expect(current.status).toBe('learned');
    expect(current.revision).toBe(10);
    expect(current.history).toHaveLength(10);
    expect(current.diagnosis).toEqual({
      rootCause: 'integration-logic',
      failureKind: 'workflow-design',
      failedControl: 'Retrieval scoping by account',
    });
    expect(current.history[4]?.changed).toEqual([
      'affected.categories',
      'affected.recordCount',
      'affected.records',
      'affected.userCount',
      'affected.users',
      'impact.description',
      'status',
      'steps.impact-assessed',
    ]);
    expect(await stored(record.id)).toEqual(current);
  });

  it('edits a completed step without moving its completion, and refuses an unchanged save', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(0) });
    await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(1) });
    const edited = await saveStep(
      db,
      record.id,
      'contained',
      { ...FULL_VALUES.contained, 'containment.notes': 'Paused and access revoked' },
      {
        by: 'Sam',
        now: at(2),
      },
    );
    expect(edited.steps?.contained).toEqual({ completedAt: at(1).toISOString(), by: 'Dana' });
    expect(edited.history.at(-1)).toMatchObject({
      action: 'Edited step: Contain',
      by: 'Sam',
      changed: ['containment.notes'],
    });
    const same = { ...FULL_VALUES.contained, 'containment.notes': ' Paused and access revoked ' };
    await expect(saveStep(db, record.id, 'contained', same, { by: 'Sam' })).rejects.toBeInstanceOf(NothingChangedError);
    // A completed step stays filled in: emptying a field it needs is refused.
    await expect(
      saveStep(db, record.id, 'contained', { ...same, 'containment.notes': '' }, { by: 'Sam' }),
    ).rejects.toThrow('To complete Contain, fill in: What was contained.');
    expect((await stored(record.id)).revision).toBe(4);
  });

  it('refuses to complete Diagnose without a root cause and failure kind, writing nothing', async () => {
    const record = await throughCorrect();
    const error = await saveStep(
      db,
      record.id,
      'diagnosed',
      { 'diagnosis.failedControl': 'Review' },
      { by: 'Dana' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepIncompleteError);
    expect(describeError(error)).toBe('To complete Diagnose, fill in: Root cause; Failure kind.');
    expect(await stored(record.id)).toEqual(record);
  });

  it('reports a schema error with the field label', async () => {
    const record = await throughCorrect();
    const error = await saveStep(
      db,
      record.id,
      'diagnosed',
      { ...FULL_VALUES.diagnosed, 'diagnosis.rootCause': 'luck' },
      {
        by: 'Dana',
      },
    ).catch((e: unknown) => e);
    expect(describeError(error)).toMatch(/^Root cause: /);
    expect(await stored(record.id)).toEqual(record);
  });

  it('reopens a step only with a reason, kept as the history note', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    const contained = await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(2) });
    await expect(reopenRecordStep(db, record.id, 'contained', '   ', { by: 'Sam' })).rejects.toThrow(
      'Say why Contain is reopened.',
    );
    expect(await stored(record.id)).toEqual(contained);
    const reopened = await reopenRecordStep(db, record.id, 'contained', ' Paused the wrong workflow ', {
      by: 'Sam',
      now: at(3),
    });
    expect(reopened.status).toBe('reported');
    expect(reopened.steps?.contained).toBeUndefined();
    expect(reopened.containment?.notes).toBe(FULL_VALUES.contained['containment.notes']);
    expect(reopened.history.at(-1)).toEqual({
      at: at(3).toISOString(),
      action: 'Reopened step: Contain',
      by: 'Sam',
      revision: 4,
      changed: ['status', 'steps.contained'],
      note: 'Paused the wrong workflow',
    });
    await expect(reopenRecordStep(db, record.id, 'contained', 'again', { by: 'Sam' })).rejects.toBeInstanceOf(
      NothingChangedError,
    );
  });

  it('falls back to the furthest step of the run when an earlier step is reopened, and returns when it is redone', async () => {
    const record = await throughCorrect();
    expect(record.status).toBe('corrected');
    const reopened = await reopenRecordStep(db, record.id, 'contained', 'Workflow restarted by mistake', {
      by: 'Sam',
      now: at(20),
    });
    // Detect and report and Preserve evidence still form a run; Assess impact needs Contain.
    expect(reopened.status).toBe('evidence-preserved');
    expect(reopened.steps?.corrected).toBeDefined();
    const error = await saveStep(db, record.id, 'diagnosed', FULL_VALUES.diagnosed, { by: 'Sam' }).catch(
      (e: unknown) => e,
    );
    expect(describeError(error)).toBe('Complete Contain first.');
    const redone = await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Sam', now: at(21) });
    expect(redone.status).toBe('corrected');
  });
});

describe('decline, merge and reopen record', () => {
  it('declines with a reason, refuses step edits while declined, and reopens to the step status', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    await expect(declineIncident(db, record.id, '   ', { by: 'Dana' })).rejects.toThrow(/reason/);
    const declined = await declineIncident(db, record.id, ' Expected output, not a fault ', { by: 'Sam', now: at(2) });
    expect(declined.status).toBe('declined');
    expect(declined.declined).toEqual({ reason: 'Expected output, not a fault' });
    expect(declined.history.at(-1)).toMatchObject({
      action: 'Declined: not an incident',
      changed: ['declined.reason', 'status'],
    });
    await expect(saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana' })).rejects.toBeInstanceOf(
      RecordClosedError,
    );
    await expect(declineIncident(db, record.id, 'again', { by: 'Dana' })).rejects.toBeInstanceOf(RecordClosedError);

    const reopened = await reopenIncident(db, record.id, { by: 'Dana', now: at(3) });
    expect(reopened.status).toBe('reported');
    expect(reopened.declined).toBeUndefined();
    expect('declined' in reopened).toBe(false);
    expect(reopened.history.at(-1)).toMatchObject({
      action: 'Reopened record',
      changed: ['declined.reason', 'status'],
    });
    await expect(reopenIncident(db, record.id, { by: 'Dana' })).rejects.toBeInstanceOf(NothingChangedError);
  });

  it('merges a duplicate into another record and reopens it as draft', async () => {
    const target = await seed();
    const duplicate = await seed(at(1));
    const merged = await mergeIncident(db, duplicate.id, target.id, { by: 'Dana', now: at(2) });
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto).toBe(target.id);
    expect(merged.history.at(-1)).toMatchObject({
      action: `Merged into record ${target.id}`,
      changed: ['mergedInto', 'status'],
    });
    expect(await stored(target.id)).toEqual(target);

    const reopened = await reopenIncident(db, duplicate.id, { by: 'Dana', now: at(3) });
    expect(reopened.status).toBe('draft');
    expect(reopened.mergedInto).toBeUndefined();
    expect(reopened.revision).toBe(3);
  });

  it('refuses to merge into itself, a missing record or a merged record', async () => {
    const a = await seed();
    const b = await seed(at(1));
    const c = await seed(at(2));
    await expect(mergeIncident(db, a.id, a.id, { by: 'Dana' })).rejects.toThrow(/itself/);
    await expect(mergeIncident(db, a.id, '', { by: 'Dana' })).rejects.toThrow(/Choose/);
    await expect(mergeIncident(db, a.id, crypto.randomUUID(), { by: 'Dana' })).rejects.toThrow(/no longer exists/);
    await mergeIncident(db, b.id, c.id, { by: 'Dana' });
    await expect(mergeIncident(db, a.id, b.id, { by: 'Dana' })).rejects.toThrow(/itself merged/);
    expect(await stored(a.id)).toEqual(a);
  });
});

describe('list labels for triage and discards', () => {
  const base = { assessment: undefined, declined: undefined };
  it('says "Needs assessment" for a submitted report with no assessment, at any open step', () => {
    expect(recordStatusLabel({ ...base, status: 'reported' })).toBe('Needs assessment');
    expect(recordStatusLabel({ ...base, status: 'contained' })).toBe('Needs assessment');
    expect(needsAssessment({ status: 'draft' })).toBe(false);
    expect(needsAssessment({ status: 'merged' })).toBe(false);
  });

  it('says "Discarded" only for a draft its reporter discarded, and keeps other declines as declined', () => {
    const discarded = { ...base, status: 'declined' as const, declined: { reason: DISCARDED_REASON } };
    expect(isDiscarded(discarded)).toBe(true);
    expect(needsAssessment(discarded)).toBe(false);
    expect(recordStatusLabel(discarded)).toBe('Discarded');
    const declined = { ...base, status: 'declined' as const, declined: { reason: 'Not an AI output' } };
    expect(isDiscarded(declined)).toBe(false);
    expect(recordStatusLabel(declined)).toBe(statusLabel('declined'));
  });
});

describe('step order', () => {
  it('cannot complete a step before the steps it needs, and writes nothing', async () => {
    const record = await seed();
    const early = await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana' }).catch(
      (e: unknown) => e,
    );
    expect(early).toBeInstanceOf(StepOrderError);
    expect(describeError(early)).toBe('Complete Detect and report first.');
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(2) });
    const before = await stored(record.id);
    const impact = await saveStep(db, record.id, 'impact-assessed', FULL_VALUES['impact-assessed'], {
      by: 'Dana',
    }).catch((e: unknown) => e);
    expect(describeError(impact)).toBe('Complete Preserve evidence first.');
    const learn = await saveStep(db, record.id, 'learned', FULL_VALUES.learned, { by: 'Dana' }).catch(
      (e: unknown) => e,
    );
    expect(describeError(learn)).toBe(
      'Complete Preserve evidence, Assess impact, Correct, Diagnose and Resume with controls first.',
    );
    expect(await stored(record.id)).toEqual(before);
  });

  it('completes an empty step nowhere: the first open step names what it needs', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    const error = await saveStep(db, record.id, 'contained', {}, { by: 'Dana' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepIncompleteError);
    expect((error as StepIncompleteError).missing).toEqual(['What was contained', 'Contained at']);
    expect(describeError(error)).toBe('To complete Contain, fill in: What was contained; Contained at.');
    const learned = await saveStep(
      db,
      record.id,
      'evidence-preserved',
      { 'preserved.modelVersion': 'gpt-x' },
      {
        by: 'Dana',
      },
    ).catch((e: unknown) => e);
    expect(describeError(learned)).toBe('To complete Preserve evidence, fill in: Where the evidence is kept.');
    expect((await stored(record.id)).revision).toBe(2);
  });

  it('takes Contain and Preserve evidence in either order; Assess impact needs both', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    expect(blockersOf(await stored(record.id), 'evidence-preserved')).toEqual([]);
    expect(blockersOf(await stored(record.id), 'impact-assessed')).toEqual(['contained', 'evidence-preserved']);
    const preserved = await saveStep(db, record.id, 'evidence-preserved', FULL_VALUES['evidence-preserved'], {
      by: 'Dana',
      now: at(2),
    });
    expect(preserved.status).toBe('evidence-preserved');
    expect(currentStep(preserved)).toBe('contained');
    const contained = await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Sam', now: at(3) });
    expect(contained.status).toBe('evidence-preserved');
    expect(currentStep(contained)).toBe('impact-assessed');
    const impact = await saveStep(db, record.id, 'impact-assessed', FULL_VALUES['impact-assessed'], {
      by: 'Sam',
      now: at(4),
    });
    expect(impact.status).toBe('impact-assessed');
    expect(impact.history.slice(1).map((e) => e.action)).toEqual([
      'Completed step: Detect and report',
      'Completed step: Preserve evidence',
      'Completed step: Contain',
      'Completed step: Assess impact',
    ]);
  });
});

describe('checklist ticks', () => {
  it('ticks with who and when at any time, unticks by removing the key, each a revision', async () => {
    const record = await seed();
    const ticked = await tickChecklistItem(db, record.id, 'contained.workflow-paused', true, { by: 'Sam', now: at(5) });
    expect(ticked.checklist).toEqual({ 'contained.workflow-paused': { at: at(5).toISOString(), by: 'Sam' } });
    expect(ticked.revision).toBe(2);
    expect(ticked.history.at(-1)).toEqual({
      at: at(5).toISOString(),
      by: 'Sam',
      revision: 2,
      action: 'Ticked: Workflow paused or limited',
      changed: ['checklist.contained.workflow-paused'],
    });
    const second = await tickChecklistItem(db, record.id, 'learned.log-updated', true, { by: 'Dana', now: at(6) });
    expect(second.checklist).toEqual({
      'contained.workflow-paused': { at: at(5).toISOString(), by: 'Sam' },
      'learned.log-updated': { at: at(6).toISOString(), by: 'Dana' },
    });
    await expect(
      tickChecklistItem(db, record.id, 'contained.workflow-paused', true, { by: 'Dana', now: at(7) }),
    ).rejects.toBeInstanceOf(NothingChangedError);
    const unticked = await tickChecklistItem(db, record.id, 'contained.workflow-paused', false, {
      by: 'Dana',
      now: at(8),
    });
    expect(unticked.checklist).toEqual({ 'learned.log-updated': { at: at(6).toISOString(), by: 'Dana' } });
    expect(unticked.history.at(-1)).toMatchObject({ action: 'Unticked: Workflow paused or limited', revision: 4 });
    const none = await tickChecklistItem(db, record.id, 'learned.log-updated', false, { by: 'Dana', now: at(9) });
    expect(none.checklist).toBeUndefined();
    await expect(tickChecklistItem(db, record.id, 'contained.nothing', true, { by: 'Dana' })).rejects.toThrow(
      'That checklist item does not exist.',
    );
  });

  it('gives every checklist item an id unique within its step', () => {
    for (const step of LIFECYCLE_STEPS) {
      const ids = STEP_INFO[step].checklist.map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

const ROUTING: NonNullable<Incident['routing']> = {
  severity: 'SEV2',
  routedAt: T0.toISOString(),
  within: '4 hours',
  dueAt: at(240).toISOString(),
  parties: [{ who: 'Workflow owner', why: 'owns the workflow' }],
  containment: [
    { id: 'pause', text: 'Pause the workflow before diagnosis' },
    { id: 'fallback', text: 'Switch to the fallback process' },
  ],
  failedControls: ['human review'],
};

describe('containment steps and suggestions', () => {
  it("ticks the routing's containment steps before and after Contain completes", async () => {
    const record = await seed();
    await updateIncident(db, record.id, (r) => ({ ...r, routing: ROUTING }), { by: 'Dana', action: 'Routed' });
    const before = await setContainmentStep(db, record.id, 'pause', true, { by: 'Sam', now: at(1) });
    expect(before.containment).toEqual({ done: ['pause'] });
    expect(before.history.at(-1)).toMatchObject({
      action: 'Containment step done: Pause the workflow before diagnosis',
      changed: ['containment.done'],
    });
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(2) });
    await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(3) });
    const after = await setContainmentStep(db, record.id, 'fallback', true, { by: 'Sam', now: at(4) });
    expect(after.containment?.done).toEqual(['pause', 'fallback']);
    const undone = await setContainmentStep(db, record.id, 'pause', false, { by: 'Sam', now: at(5) });
    expect(undone.containment?.done).toEqual(['fallback']);
    expect(undone.history.at(-1)?.action).toBe('Containment step not done: Pause the workflow before diagnosis');
    await expect(setContainmentStep(db, record.id, 'revoke', true, { by: 'Sam' })).rejects.toThrow(
      'That containment step is not in this record’s routing.',
    );
  });

  it('suggests the time now for containment only while none is recorded', async () => {
    const record = await seed();
    expect(stepSuggestions(record, 'contained', at(9))).toEqual({ 'containment.containedAt': at(9).toISOString() });
    const contained = applyStepValues(record, 'contained', FULL_VALUES.contained);
    expect(stepSuggestions(contained, 'contained', at(9))).toEqual({});
    const upgraded = completeStep(
      { ...record, containment: { done: [], notes: 'Paused' } },
      'contained',
      'Dana',
      at(1),
    );
    expect(stepSuggestions(upgraded, 'contained', at(9))).toEqual({});
  });

  it('prefills the failed control "human review" and its failure kind when a reviewer approved', async () => {
    const record = await seed();
    const humanReview = { 'diagnosis.failedControl': 'human review', 'diagnosis.failureKind': 'human-review' };
    expect(reviewerApproved(record)).toBe(false);
    expect(stepSuggestions(record, 'diagnosed')).toEqual({});
    const approved = { ...record, assessment: { answers: { reviewerApproved: 'yes' as const } } };
    expect(reviewerApproved(approved)).toBe(true);
    expect(stepSuggestions(approved, 'diagnosed')).toEqual(humanReview);
    const unsure = { ...record, assessment: { answers: { reviewerApproved: 'unsure' as const } } };
    expect(stepSuggestions(unsure, 'diagnosed')).toEqual({});
    expect(stepSuggestions({ ...record, routing: ROUTING }, 'diagnosed')).toEqual(humanReview);
    const named = { ...approved, diagnosis: { failedControl: 'Second reviewer sign-off' } };
    expect(stepSuggestions(named, 'diagnosed')).toEqual({ 'diagnosis.failureKind': 'human-review' });
  });

  it('shows a stored time as a local date and time and stores the entry as an ISO time', () => {
    const iso = '2025-03-04T05:06:00.000Z';
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
    expect(isoToLocalInput(iso)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('yesterday')).toBe('');
    expect(isoToLocalInput('')).toBe('');
  });
});
