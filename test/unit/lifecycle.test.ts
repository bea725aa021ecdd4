import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlaglineDb } from '../../lib/db';
import { createDraft, evidenceFromCapture, type UnhashedEvidence } from '../../lib/incident/create';
import {
  completeStep,
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
  applyStepValues,
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
  contained: { 'containment.notes': 'Paused the CRM summary workflow; manual summaries in use.' },
  'evidence-preserved': {},
  'impact-assessed': {
    'affected.users': 'One account manager',
    'affected.records': 'Account 7 draft summary',
    'impact.description': 'Another customer named in a draft; not sent.',
  },
  corrected: { 'correction.actions': 'Draft deleted.', 'correction.done': true },
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
  },
};

describe('statusFor', () => {
  it('is draft when no step is complete', () => {
    expect(statusFor({ status: 'draft', steps: undefined })).toBe('draft');
    expect(statusFor({ status: 'draft', steps: {} })).toBe('draft');
  });

  it('is the furthest completed step, even when earlier ones are open', () => {
    const done = { completedAt: T0.toISOString(), by: 'Dana' };
    expect(statusFor({ status: 'draft', steps: { reported: done } })).toBe('reported');
    expect(statusFor({ status: 'reported', steps: { reported: done, contained: done } })).toBe('contained');
    expect(statusFor({ status: 'draft', steps: { contained: done, diagnosed: done } })).toBe('diagnosed');
    expect(statusFor({ status: 'learned', steps: { reported: done } })).toBe('reported');
  });

  it.each(['declined', 'merged'] as const)('keeps %s as it is', (status) => {
    const done = { completedAt: T0.toISOString(), by: 'Dana' };
    expect(statusFor({ status, steps: { reported: done, contained: done } })).toBe(status);
  });
});

describe('completeStep and reopenStep', () => {
  it('marks a step complete with time and actor and recomputes the status', async () => {
    const record = await seed();
    const next = completeStep(record, 'contained', 'Dana', at(5));
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
        ...Object.fromEntries(STEP_FIELDS[step].map((f) => [f.path, f.kind === 'checkbox' ? false : ''])),
        ...FULL_VALUES[step],
      });
    }
    expect(IncidentSchema.safeParse(record).success).toBe(true);
    expect(record.restart?.decidedAt).toBe(at(1).toISOString());
    expect(record.containment).toEqual({ done: [], notes: FULL_VALUES.contained['containment.notes'] });
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

  it('names what Diagnose and Resume need before completion', async () => {
    const record = await seed();
    expect(missingForStep(record, 'contained')).toEqual([]);
    expect(missingForStep(record, 'diagnosed')).toEqual(['Root cause', 'Failure kind']);
    expect(missingForStep(record, 'resumed')).toEqual(['Restart decision', 'Approved by']);
    expect(missingForStep(applyStepValues(record, 'resumed', FULL_VALUES.resumed), 'resumed')).toEqual([]);
  });
});

describe('saveStep and reopenRecordStep', () => {
  it('completes each step with its fields, then learned with nine history entries', async () => {
    const record = await seed();
    let current = record;
    for (const [index, step] of LIFECYCLE_STEPS.entries()) {
      current = await saveStep(db, record.id, step, FULL_VALUES[step], { by: 'Dana', now: at(index + 1) });
      expect(current.steps?.[step]).toEqual({ completedAt: at(index + 1).toISOString(), by: 'Dana' });
      expect(current.history.at(-1)?.action).toBe(`Completed step: ${STEP_INFO[step].title}`);
    }
    expect(current.status).toBe('learned');
    expect(current.revision).toBe(9);
    expect(current.history).toHaveLength(9);
    expect(current.diagnosis).toEqual({
      rootCause: 'integration-logic',
      failureKind: 'workflow-design',
      failedControl: 'Retrieval scoping by account',
    });
    expect(current.history[4]?.changed).toEqual([
      'affected.records',
      'affected.users',
      'impact.description',
      'status',
      'steps.impact-assessed',
    ]);
    expect(await stored(record.id)).toEqual(current);
  });

  it('edits a completed step without moving its completion, and refuses an unchanged save', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(1) });
    const edited = await saveStep(
      db,
      record.id,
      'contained',
      { 'containment.notes': 'Paused and access revoked' },
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
    await expect(
      saveStep(db, record.id, 'contained', { 'containment.notes': ' Paused and access revoked ' }, { by: 'Sam' }),
    ).rejects.toBeInstanceOf(NothingChangedError);
    expect((await stored(record.id)).revision).toBe(3);
  });

  it('refuses to complete Diagnose without a root cause and failure kind, writing nothing', async () => {
    const record = await seed();
    const error = await saveStep(
      db,
      record.id,
      'diagnosed',
      { 'diagnosis.failedControl': 'Review' },
      { by: 'Dana' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepIncompleteError);
    expect(describeError(error)).toBe('Diagnose needs: Root cause, Failure kind.');
    expect(await stored(record.id)).toEqual(record);
  });

  it('reports a schema error with the field label', async () => {
    const record = await seed();
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

  it('reopens a step and logs it', async () => {
    const record = await seed();
    await saveStep(db, record.id, 'reported', {}, { by: 'Dana', now: at(1) });
    await saveStep(db, record.id, 'contained', FULL_VALUES.contained, { by: 'Dana', now: at(2) });
    const reopened = await reopenRecordStep(db, record.id, 'contained', { by: 'Sam', now: at(3) });
    expect(reopened.status).toBe('reported');
    expect(reopened.steps?.contained).toBeUndefined();
    expect(reopened.containment?.notes).toBe(FULL_VALUES.contained['containment.notes']);
    expect(reopened.history.at(-1)).toMatchObject({
      action: 'Reopened step: Contain',
      by: 'Sam',
      changed: ['status', 'steps.contained'],
    });
    await expect(reopenRecordStep(db, record.id, 'contained', { by: 'Sam' })).rejects.toBeInstanceOf(
      NothingChangedError,
    );
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
