import { describe, expect, it } from 'vitest';
import type { CorrectiveAction, Incident } from '../../lib/incident/schema';
import { sampleRecord } from '../../lib/log/sample';
import { computeReview, median, reviewFileName, reviewToJson } from '../../lib/review/compute';
import { parseQuarter, quarterOf, quarterRange, recentQuarters } from '../../lib/review/quarter';

const CRM = { name: 'CRM account summaries', owner: 'Dana Reyes' };
const SUPPORT = { name: 'Support ticket answers', owner: 'Sam Okafor' };
const INVOICE = { name: 'Invoice approvals', owner: 'Lee Park' };
const by = 'Reviewer';

/** A corrective action with a status. */
const action = (id: string, what: string, status: CorrectiveAction['status']): CorrectiveAction => ({
  id,
  what,
  status,
  ...(status === 'dropped' ? { droppedReason: 'Not needed' } : {}),
});
const NOW = new Date('2026-07-02T00:00:00.000Z');

/** A fixed record: detected at `detected`, with the containment time `contained` entered when given. */
function rec(
  n: number,
  detected: string,
  fields: {
    cls?: 'incident' | 'near-miss';
    sev?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
    contained?: string;
    extra?: Partial<Incident>;
    answers?: Record<string, 'yes' | 'no'>;
  },
): Incident {
  const base = sampleRecord(n);
  const { cls, sev, contained, extra, answers } = fields;
  return {
    ...base,
    status: 'reported',
    timeline: { detectedAt: detected },
    assessment: cls ? { answers: answers ?? {}, class: cls, severity: sev } : undefined,
    diagnosis: undefined,
    containment: contained ? { done: [], containedAt: contained } : undefined,
    steps: undefined,
    ...extra,
  };
}

const A = rec(1, '2026-04-01T10:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV1',
  contained: '2026-04-01T10:30:00.000Z',
  answers: { exposedData: 'yes' },
  extra: {
    workflow: CRM,
    diagnosis: { rootCause: 'data' },
    correction: { actions: [action('a1', 'Mask customer names', 'done')] },
  },
});
// Detected 09:00, contained 09:45: 45 minutes.
const B = rec(2, '2026-04-10T09:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV2',
  contained: '2026-04-10T09:45:00.000Z',
  extra: {
    workflow: CRM,
    diagnosis: { rootCause: 'data' },
    correction: {
      actions: [
        action('b1', 'Recall the drafts', 'open'),
        action('b2', 'Retrain the team', 'dropped'),
        action('b3', 'Block the export', 'done'),
      ],
    },
  },
});
const C: Incident = {
  ...rec(3, '2026-05-01T00:00:00.000Z', {
    cls: 'near-miss',
    sev: 'SEV2',
    extra: {
      workflow: SUPPORT,
      diagnosis: { rootCause: 'prompt-design' },
      learning: { workflowDesign: 'Added a review gate' },
    },
  }),
  // Contained at 01:30 as entered (90 minutes); the Contain step was only saved the next day.
  containment: { done: [], containedAt: '2026-05-01T01:30:00.000Z' },
  steps: {
    contained: { completedAt: '2026-05-02T00:00:00.000Z', by },
    corrected: { completedAt: '2026-05-02T00:00:00.000Z', by },
  },
};
const D = rec(4, '2026-05-20T00:00:00.000Z', { cls: 'near-miss', sev: 'SEV3', extra: { workflow: SUPPORT } });
const E = rec(5, '2026-06-30T23:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV3',
  contained: '2026-07-01T00:00:00.000Z',
  extra: {
    workflow: INVOICE,
    diagnosis: { rootCause: 'permissions' },
    restart: { decision: 'resume-with-controls' },
    learning: { policy: 'Approvals over 1,000 need a person' },
    correction: { actions: [action('e1', 'Cap approvals', 'done'), action('e2', 'Audit approvals', 'dropped')] },
  },
});
const F = rec(6, '2026-05-05T00:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV1',
  extra: {
    status: 'declined',
    declined: { reason: 'Not AI output' },
    correction: { actions: [action('f1', 'Not to be done', 'open')] },
  },
});
const G = rec(7, '2026-05-06T00:00:00.000Z', { extra: { status: 'draft', workflow: CRM } });
const H = rec(8, '2026-03-15T00:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV4',
  extra: {
    workflow: CRM,
    correction: {
      actions: [action('h1', 'Review the prompt', 'in-progress'), action('h2', 'Add a test case', 'open')],
    },
  },
});
const I = rec(9, '2026-07-01T00:00:00.000Z', {
  cls: 'incident',
  sev: 'SEV1',
  extra: { workflow: CRM, correction: { actions: [action('i1', 'Next quarter', 'open')] } },
});

const review = computeReview([A, B, C, D, E, F, G, H, I], { year: 2026, q: 2 }, NOW);

describe('computeReview, 2026-Q2 from fixed records', () => {
  it('counts incidents and near misses detected in the quarter, leaving out declined and merged', () => {
    expect(review.quarter).toBe('2026-Q2');
    expect(review.counts).toEqual({ incidents: 3, nearMisses: 2, unassessed: 1, declinedOrMerged: 1 });
  });

  it('splits by severity, workflow and root cause', () => {
    expect(review.bySeverity).toEqual([
      { key: 'SEV1', incidents: 1, nearMisses: 0 },
      { key: 'SEV2', incidents: 1, nearMisses: 1 },
      { key: 'SEV3', incidents: 1, nearMisses: 1 },
      { key: 'SEV4', incidents: 0, nearMisses: 0 },
      { key: 'unrated', incidents: 0, nearMisses: 0 },
    ]);
    expect(review.byWorkflow).toEqual([
      { key: 'CRM account summaries', incidents: 2, nearMisses: 0 },
      { key: 'Support ticket answers', incidents: 0, nearMisses: 2 },
      { key: 'Invoice approvals', incidents: 1, nearMisses: 0 },
    ]);
    expect(review.byRootCause).toEqual([
      { key: 'data', incidents: 2, nearMisses: 0 },
      { key: 'model-behaviour', incidents: 0, nearMisses: 0 },
      { key: 'prompt-design', incidents: 0, nearMisses: 1 },
      { key: 'permissions', incidents: 1, nearMisses: 0 },
      { key: 'integration-logic', incidents: 0, nearMisses: 0 },
      { key: 'human-review', incidents: 0, nearMisses: 0 },
      { key: 'undiagnosed', incidents: 0, nearMisses: 1 },
    ]);
  });

  it('finds repeated causes: the same workflow and root cause twice or more', () => {
    expect(review.repeatedCauses).toEqual([
      { workflow: 'CRM account summaries', rootCause: 'data', count: 2, inQuarter: 2, ids: [A.id, B.id] },
    ]);
  });

  it('breaks the assessed records down by failure kind', () => {
    expect(review.byFailureKind).toEqual([
      { key: 'model', incidents: 0, nearMisses: 0 },
      { key: 'workflow-design', incidents: 0, nearMisses: 0 },
      { key: 'data', incidents: 0, nearMisses: 0 },
      { key: 'human-review', incidents: 0, nearMisses: 0 },
      { key: 'undiagnosed', incidents: 3, nearMisses: 2 },
    ]);
  });

  it('lists records with open corrective actions up to the quarter end, oldest first, with how many are open', () => {
    // H (Q1): one in progress, one open. B: one open, one dropped, one done. A and E: every action
    // done or dropped; D: no actions; F: declined; I: after the quarter.
    expect(review.openRemediation).toEqual([
      {
        id: H.id,
        workflow: 'CRM account summaries',
        severity: 'SEV4',
        detectedAt: H.timeline.detectedAt,
        openActions: 2,
        actions: 'Review the prompt; Add a test case',
      },
      {
        id: B.id,
        workflow: 'CRM account summaries',
        severity: 'SEV2',
        detectedAt: B.timeline.detectedAt,
        openActions: 1,
        actions: 'Recall the drafts',
      },
    ]);
    expect(review.openActions).toBe(3);
  });

  it('gives the median minutes from the detection time to the containment time entered (30, 45, 60, 90 → 52.5)', () => {
    // A 10:00→10:30, B 09:00→09:45, C 00:00→01:30 (its Contain step saved a day later does not
    // count), E 23:00→00:00 the next day.
    expect(review.detectionToContainment).toEqual({ medianMinutes: 52.5, contained: 4 });
  });

  it('lists workflows changed', () => {
    expect(review.workflowsChanged).toEqual([
      { workflow: 'Invoice approvals', changes: ['resumed with added controls'], ids: [E.id] },
      { workflow: 'Support ticket answers', changes: ['design: Added a review gate'], ids: [C.id] },
    ]);
  });

  it('names records that should change the approved-use policy, and why: near misses of SEV1 or SEV2 too', () => {
    expect(review.policyCandidates).toEqual([
      {
        id: A.id,
        workflow: 'CRM account summaries',
        severity: 'SEV1',
        reasons: ['SEV1 critical', 'exposed confidential or personal data', 'the same cause repeated in this workflow'],
        policyUpdated: false,
      },
      {
        id: B.id,
        workflow: 'CRM account summaries',
        severity: 'SEV2',
        reasons: ['the same cause repeated in this workflow'],
        policyUpdated: false,
      },
      {
        id: C.id,
        workflow: 'Support ticket answers',
        severity: 'SEV2',
        reasons: ['a near miss that could have been SEV2'],
        policyUpdated: false,
      },
      {
        id: E.id,
        workflow: 'Invoice approvals',
        severity: 'SEV3',
        reasons: ['the AI had permissions beyond approved use'],
        policyUpdated: true,
      },
    ]);
  });

  it('exports the review as versioned JSON', () => {
    const json = JSON.parse(reviewToJson(review, new Date('2026-07-02T00:00:00.000Z')));
    expect(json).toMatchObject({ kind: 'flagline-review', schemaVersion: 2, generatedAt: '2026-07-02T00:00:00.000Z' });
    expect(json.counts).toEqual(review.counts);
    expect(json.openActions).toBe(3);
    expect(json.openRemediation.map((r: { openActions: number }) => r.openActions)).toEqual([2, 1]);
    expect(json.detectionToContainment).toEqual({ medianMinutes: 52.5, contained: 4 });
    expect(json.overdue).toEqual(review.overdue);
    expect(json.computedAt).toBe('2026-07-02T00:00:00.000Z');
    expect(reviewFileName(review)).toBe('flagline-review-2026-Q2.json');
  });

  it('is empty for a quarter without records', () => {
    const empty = computeReview([A], { year: 2025, q: 1 }, NOW);
    expect(empty.counts).toEqual({ incidents: 0, nearMisses: 0, unassessed: 0, declinedOrMerged: 0 });
    expect(empty.detectionToContainment).toEqual({ medianMinutes: null, contained: 0 });
    expect(empty.openRemediation).toEqual([]);
  });
});

describe('quarters and the median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('parses, ranges and lists quarters in UTC', () => {
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, q: 3 });
    expect(parseQuarter('2026-Q5')).toBeUndefined();
    expect(quarterRange({ year: 2026, q: 4 })).toEqual({ start: Date.UTC(2026, 9, 1), end: Date.UTC(2027, 0, 1) });
    expect(quarterOf(new Date('2026-03-31T23:59:59.999Z'))).toEqual({ year: 2026, q: 1 });
    expect(recentQuarters(new Date('2026-02-01T00:00:00Z'), 3)).toEqual([
      { year: 2026, q: 1 },
      { year: 2025, q: 4 },
      { year: 2025, q: 3 },
    ]);
  });
});

describe('repeated causes across quarters and renames, failure kinds', () => {
  const MAIL = { id: 'wf-mail', name: 'Mail drafts', owner: 'Ana Ruiz' };
  const diagnosed = (n: number, detected: string, workflow: Incident['workflow'], extra: Partial<Incident> = {}) =>
    rec(n, detected, {
      cls: 'incident',
      sev: 'SEV3',
      extra: { workflow, diagnosis: { rootCause: 'prompt-design', failureKind: 'workflow-design' }, ...extra },
    });
  // Q3 2025 (three quarters before Q2 2026 is Q3 2025), Q4 2025, Q2 2026 under a new name, and
  // Q2 2025, which is outside the look-back.
  const older = diagnosed(21, '2025-05-01T00:00:00.000Z', MAIL);
  const first = diagnosed(22, '2025-08-01T00:00:00.000Z', MAIL);
  const second = diagnosed(23, '2025-11-01T00:00:00.000Z', MAIL);
  const renamed = diagnosed(24, '2026-04-02T00:00:00.000Z', { ...MAIL, name: 'Outbound mail drafts' });
  // Same name, another registry entry: a different workflow.
  const namesake = diagnosed(25, '2026-04-03T00:00:00.000Z', { id: 'wf-other', name: 'Outbound mail drafts' });
  // A repeat wholly in earlier quarters is not this quarter's finding.
  const oldPairA = diagnosed(26, '2025-09-01T00:00:00.000Z', SUPPORT, { diagnosis: { rootCause: 'data' } });
  const oldPairB = diagnosed(27, '2025-10-01T00:00:00.000Z', SUPPORT, { diagnosis: { rootCause: 'data' } });
  const records = [older, first, second, renamed, namesake, oldPairA, oldPairB];
  const q2 = computeReview(records, { year: 2026, q: 2 }, NOW);

  it('joins a cause over the quarter and the three before it, by workflow id, named as the workflow is now', () => {
    expect(q2.repeatedCauses).toEqual([
      {
        workflow: 'Outbound mail drafts',
        rootCause: 'prompt-design',
        count: 3,
        inQuarter: 1,
        ids: [first.id, second.id, renamed.id],
      },
    ]);
    // The repeat makes the quarter's record a policy candidate.
    expect(q2.policyCandidates.map((c) => [c.id, c.reasons])).toEqual([
      [renamed.id, ['the same cause repeated in this workflow']],
    ]);
  });

  it('counts failure kinds in the quarter only', () => {
    expect(q2.byFailureKind.find((row) => row.key === 'workflow-design')).toEqual({
      key: 'workflow-design',
      incidents: 2,
      nearMisses: 0,
    });
  });

  it('leaves near misses that could only have been SEV3 or SEV4 out of the policy candidates', () => {
    const minor = rec(28, '2026-04-05T00:00:00.000Z', {
      cls: 'near-miss',
      sev: 'SEV3',
      answers: { exposedData: 'yes' },
    });
    const serious = rec(29, '2026-04-06T00:00:00.000Z', {
      cls: 'near-miss',
      sev: 'SEV1',
      answers: { exposedData: 'yes' },
    });
    const candidates = computeReview([minor, serious], { year: 2026, q: 2 }, NOW).policyCandidates;
    expect(candidates.map((c) => [c.id, c.reasons])).toEqual([
      [serious.id, ['a near miss that could have been SEV1', 'exposed confidential or personal data']],
    ]);
  });
});

describe('detection to containment from the times entered', () => {
  const contained = (n: number, detected: string, containedAt?: string, stepAt?: string) => ({
    ...rec(n, detected, { cls: 'incident', sev: 'SEV3' }),
    containment: containedAt ? { done: [], containedAt } : undefined,
    steps: stepAt ? { contained: { completedAt: stepAt, by } } : undefined,
  });
  it('takes the median over an odd count and ignores when the Contain step was saved', () => {
    const records = [
      // 09:00 → 09:45: 45 minutes.
      contained(41, '2026-04-07T09:00:00.000Z', '2026-04-07T09:45:00.000Z'),
      // 10:00 → 10:10 entered, the step saved at 14:00: 10 minutes.
      contained(42, '2026-04-08T10:00:00.000Z', '2026-04-08T10:10:00.000Z', '2026-04-08T14:00:00.000Z'),
      // 09:00 → 11:00: 120 minutes.
      contained(43, '2026-04-09T09:00:00.000Z', '2026-04-09T11:00:00.000Z'),
      // The Contain step saved but no containment time entered: not counted.
      contained(44, '2026-04-10T09:00:00.000Z', undefined, '2026-04-10T09:05:00.000Z'),
      // Containment before detection is a typing error, not a negative delay: not counted.
      contained(45, '2026-04-11T09:00:00.000Z', '2026-04-11T08:00:00.000Z'),
    ];
    expect(computeReview(records, { year: 2026, q: 2 }, NOW).detectionToContainment).toEqual({
      medianMinutes: 45,
      contained: 3,
    });
  });
});

describe('overdue records of the quarter, by severity', () => {
  const now = new Date('2026-05-10T12:00:00.000Z');
  const party = (who: string, told: boolean) => ({
    who,
    why: 'owns the workflow',
    ...(told ? { told: { at: '2026-05-10T07:00:00.000Z', how: 'chat' as const, by } } : {}),
  });
  const routed = (
    n: number,
    detected: string,
    sev: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4',
    dueAt: string,
    fields: { told?: boolean; containedAt?: string; cls?: 'incident' | 'near-miss'; extra?: Partial<Incident> } = {},
  ): Incident => ({
    ...rec(n, detected, { cls: fields.cls ?? 'incident', sev }),
    routing: {
      severity: sev,
      routedAt: detected,
      within: '4 hours',
      dueAt,
      parties: [party('Workflow owner', fields.told ?? false)],
      containment: [{ id: 'pause', text: 'Pause the workflow' }],
      failedControls: [],
    },
    containment: fields.containedAt ? { done: ['pause'], containedAt: fields.containedAt } : undefined,
    ...fields.extra,
  });
  const records: Incident[] = [
    // SEV2, due 10:00, nobody told: overdue.
    routed(51, '2026-05-10T06:00:00.000Z', 'SEV2', '2026-05-10T10:00:00.000Z'),
    // SEV2, due 10:00, told and contained: met, not overdue.
    routed(52, '2026-05-10T06:00:00.000Z', 'SEV2', '2026-05-10T10:00:00.000Z', {
      told: true,
      containedAt: '2026-05-10T07:30:00.000Z',
    }),
    // SEV2, told but containment not recorded: overdue.
    routed(53, '2026-05-10T05:00:00.000Z', 'SEV2', '2026-05-10T09:00:00.000Z', { told: true }),
    // SEV1 due at 13:00: not yet overdue.
    routed(54, '2026-05-10T12:00:00.000Z', 'SEV1', '2026-05-10T13:00:00.000Z'),
    // A SEV3 near miss past its business day: overdue.
    routed(55, '2026-05-07T09:00:00.000Z', 'SEV3', '2026-05-08T09:00:00.000Z', { cls: 'near-miss' }),
    // Overdue, but detected in the quarter before: not this quarter's.
    routed(56, '2026-03-30T09:00:00.000Z', 'SEV4', '2026-04-06T09:00:00.000Z'),
    // Overdue, but declined: not counted.
    routed(57, '2026-05-09T09:00:00.000Z', 'SEV1', '2026-05-09T10:00:00.000Z', {
      extra: { status: 'declined', declined: { reason: 'Test data' } },
    }),
    // Nobody assessed it by its triage time: overdue in triage.
    {
      ...rec(58, '2026-05-08T09:00:00.000Z', {}),
      triage: { owner: 'AI governance lead', dueAt: '2026-05-09T09:00:00.000Z' },
    },
    // Still within its triage time.
    {
      ...rec(59, '2026-05-10T11:00:00.000Z', {}),
      triage: { owner: 'AI governance lead', dueAt: '2026-05-11T11:00:00.000Z' },
    },
    // A draft is not yet a report: never overdue.
    {
      ...rec(60, '2026-05-01T09:00:00.000Z', { extra: { status: 'draft' } }),
      triage: { dueAt: '2026-05-02T09:00:00.000Z' },
    },
  ];

  it('counts each severity and the reports in triage at the time given', () => {
    const review = computeReview(records, { year: 2026, q: 2 }, now);
    expect(review.overdue).toEqual({ SEV1: 0, SEV2: 2, SEV3: 1, SEV4: 0, triage: 1, total: 4 });
    expect(review.computedAt).toBe('2026-05-10T12:00:00.000Z');
  });

  it('counts the SEV1 once its hour has passed', () => {
    const later = computeReview(records, { year: 2026, q: 2 }, new Date('2026-05-10T13:00:01.000Z'));
    expect(later.overdue).toEqual({ SEV1: 1, SEV2: 2, SEV3: 1, SEV4: 0, triage: 1, total: 5 });
  });
});

describe('repeated causes keyed by workflow id and root cause', () => {
  const cause = (n: number, workflow: Incident['workflow'], rootCause: 'data' | 'permissions') =>
    rec(n, `2026-04-${String(n - 60).padStart(2, '0')}T00:00:00.000Z`, {
      cls: 'incident',
      sev: 'SEV3',
      extra: { workflow, diagnosis: { rootCause } },
    });
  it('falls back to the name only without an id, and keeps root causes apart', () => {
    const records = [
      cause(61, { name: 'Quote letters' }, 'data'),
      cause(62, { name: 'quote letters' }, 'data'),
      // Same name with a registry id: another workflow.
      cause(63, { id: 'wf-quotes', name: 'Quote letters' }, 'data'),
      // Same workflow, another cause: no repeat.
      cause(64, { name: 'Quote letters' }, 'permissions'),
    ];
    expect(computeReview(records, { year: 2026, q: 2 }, NOW).repeatedCauses).toEqual([
      { workflow: 'quote letters', rootCause: 'data', count: 2, inQuarter: 2, ids: [records[0]!.id, records[1]!.id] },
    ]);
  });
});
