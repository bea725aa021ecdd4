import { describe, expect, it } from 'vitest';
import type { Deadline } from '../../lib/assessment/due';
import { escalate, type WorkflowRouting } from '../../lib/assessment/escalation';
import {
  AnswersSchema,
  FACT_KEYS,
  QUESTIONS,
  QUESTION_KEYS,
  type Answers,
  type FactKey,
} from '../../lib/assessment/questions';
import { ClassOverrideSchema, assess, type RuleId, type Severity } from '../../lib/assessment/rules';

/** Every fact a firm No, then the given answers on top. */
function allNo(overrides: Answers = {}): Answers {
  const base: Answers = {};
  for (const key of FACT_KEYS) base[key] = 'no';
  return { ...base, ...overrides };
}

const ids = (answers: Answers): RuleId[] => assess(answers).firedRules.map((r) => r.id);

const workflow: WorkflowRouting = {
  name: 'CRM monthly summaries',
  owner: 'Dana Reyes',
  fallbackProcess: 'Account managers write summaries by hand',
  escalationPath: ['Priya Shah (Security)', 'Tom Ng (Legal)'],
};

const workedExample: Answers = {
  leftCompany: 'no',
  exposedData: 'yes',
  tookAction: 'no',
  reviewerApproved: 'no',
  couldSpread: 'yes',
  recentChange: 'yes',
  obligation: 'unsure',
  actedUpon: 'no',
};

describe('questions', () => {
  it('asks the seven questions and actedUpon, the facts that decide the class first', () => {
    expect(new Set(QUESTIONS.map((q) => q.key))).toEqual(new Set([...QUESTION_KEYS, 'actedUpon']));
    expect(QUESTIONS.slice(0, 3).map((q) => q.key)).toEqual(['leftCompany', 'tookAction', 'actedUpon']);
    expect(QUESTIONS[0]?.text).toBe(
      'Did the output leave the company, or reach a customer, employee, vendor, lender or investor?',
    );
    expect(QUESTIONS[2]).toEqual({
      key: 'actedUpon',
      text: 'Was the output acted upon?',
      hint: 'Sent, saved to a system, or relied on in a decision.',
    });
  });
});

describe('AnswersSchema', () => {
  it('accepts empty and partial answers', () => {
    expect(AnswersSchema.parse({})).toEqual({});
    expect(AnswersSchema.parse({ exposedData: 'unsure' })).toEqual({ exposedData: 'unsure' });
  });
  it.each([
    ['an unknown key', { leftcompany: 'yes' }],
    ['a bad value', { leftCompany: 'maybe' }],
    ['a boolean', { tookAction: true }],
    ['a null', { actedUpon: null }],
  ])('rejects %s', (_label, input) => {
    expect(AnswersSchema.safeParse(input).success).toBe(false);
  });
});

describe('severity rules', () => {
  it.each<[RuleId, Answers, Severity]>([
    ['R0', allNo(), 'SEV4'],
    ['R1', allNo({ exposedData: 'yes', leftCompany: 'yes' }), 'SEV1'],
    ['R2', allNo({ obligation: 'yes', leftCompany: 'yes' }), 'SEV1'],
    ['R2', allNo({ obligation: 'yes', tookAction: 'yes' }), 'SEV1'],
    ['R3', allNo({ tookAction: 'yes', couldSpread: 'yes' }), 'SEV1'],
    ['R4', allNo({ exposedData: 'yes' }), 'SEV2'],
    ['R5', allNo({ leftCompany: 'yes' }), 'SEV2'],
    ['R6', allNo({ tookAction: 'yes' }), 'SEV2'],
    ['R7', allNo({ obligation: 'yes' }), 'SEV2'],
    ['R8', allNo({ reviewerApproved: 'yes' }), 'SEV3'],
    ['R9', allNo({ couldSpread: 'yes' }), 'SEV3'],
    ['R10', allNo({ recentChange: 'yes' }), 'SEV3'],
    ['R11', allNo({ actedUpon: 'yes' }), 'SEV3'],
  ])('%s fires and gives its severity', (id, answers, severity) => {
    const result = assess(answers);
    expect(result.severity).toBe(severity);
    expect(result.firedRules.map((r) => r.id)).toContain(id);
    expect(result.firedRules[0]?.severity).toBe(severity);
    expect(result.provisional).toBe(false);
  });

  it.each<[string, Answers, RuleId[], Severity]>([
    ['R1 over R4 and R5', allNo({ exposedData: 'yes', leftCompany: 'yes' }), ['R1', 'R4', 'R5'], 'SEV1'],
    ['R3 over R6 and R9', allNo({ tookAction: 'yes', couldSpread: 'yes' }), ['R3', 'R6', 'R9'], 'SEV1'],
    ['R4 over R8', allNo({ exposedData: 'yes', reviewerApproved: 'yes' }), ['R4', 'R8'], 'SEV2'],
    [
      'R7 over R10 and R11',
      allNo({ obligation: 'yes', recentChange: 'yes', actedUpon: 'yes' }),
      ['R7', 'R10', 'R11'],
      'SEV2',
    ],
    [
      'R2 over R6, R7, R11',
      allNo({ obligation: 'yes', tookAction: 'yes', actedUpon: 'yes' }),
      ['R2', 'R6', 'R7', 'R11'],
      'SEV1',
    ],
  ])('highest rule wins: %s', (_label, answers, fired, severity) => {
    const result = assess(answers);
    expect(result.firedRules.map((r) => r.id)).toEqual(fired);
    expect(result.severity).toBe(severity);
  });

  it('R0 fires only when nothing else does', () => {
    expect(ids(allNo({ actedUpon: 'yes' }))).not.toContain('R0');
    expect(ids(allNo())).toEqual(['R0']);
    expect(assess(allNo()).severityLabel).toBe('SEV4 low');
  });

  it('does not fire R2 on obligation alone, nor R1 on exposure alone', () => {
    expect(ids(allNo({ obligation: 'yes' }))).toEqual(['R7']);
    expect(ids(allNo({ exposedData: 'yes' }))).toEqual(['R4']);
  });

  it('names the effect that triggered R2', () => {
    const rule = assess(allNo({ obligation: 'yes', tookAction: 'yes' })).firedRules[0];
    expect(rule?.id).toBe('R2');
    expect(rule?.basis).toEqual(['obligation', 'tookAction']);
    expect(rule?.reason).toBe(
      'SEV1 because it could create a notification, contractual, insurance or legal obligation' +
        ' and the AI took an action rather than only drafting',
    );
  });

  it('explains each rule in plain words', () => {
    const rule = assess(allNo({ exposedData: 'yes' })).firedRules[0];
    expect(rule?.reason).toBe('SEV2 because the workflow exposed confidential data');
    expect(rule?.basis).toEqual(['exposedData']);
    expect(assess(allNo({ exposedData: 'yes' })).severityLabel).toBe('SEV2 high');
  });
});

describe('classification', () => {
  it.each<[string, Answers, 'incident' | 'near-miss']>([
    ['leftCompany', allNo({ leftCompany: 'yes' }), 'incident'],
    ['tookAction', allNo({ tookAction: 'yes' }), 'incident'],
    ['actedUpon', allNo({ actedUpon: 'yes' }), 'incident'],
    ['exposedData only', allNo({ exposedData: 'yes' }), 'near-miss'],
    ['couldSpread and recentChange', allNo({ couldSpread: 'yes', recentChange: 'yes' }), 'near-miss'],
    ['all No', allNo(), 'near-miss'],
  ])('%s gives %s', (_label, answers, cls) => {
    const result = assess(answers);
    expect(result.computedClass).toBe(cls);
    expect(result.class).toBe(cls);
    expect(result.potential).toBe(cls === 'near-miss');
    expect(result.classProvisional).toBe(false);
    expect(result.classReasons.length).toBeGreaterThan(0);
  });

  it('names the effect that made it an incident', () => {
    expect(assess(allNo({ actedUpon: 'yes' })).classReasons).toEqual(['Incident: the output was acted upon']);
  });
});

describe('worked example (CRM summary caught before sending)', () => {
  const result = assess(workedExample, { workflow });

  it('is a provisional near miss at potential SEV2', () => {
    expect(result.class).toBe('near-miss');
    expect(result.severity).toBe('SEV2');
    expect(result.severityLabel).toBe('SEV2 high');
    expect(result.potential).toBe(true);
    expect(result.provisional).toBe(true);
    expect(result.classProvisional).toBe(false);
    expect(result.unsure).toEqual(['obligation']);
    expect(result.unanswered).toEqual([]);
  });

  it('fires R4, R7 (provisional), R9 and R10', () => {
    expect(result.firedRules.map((r) => [r.id, r.provisional])).toEqual([
      ['R4', false],
      ['R7', true],
      ['R9', false],
      ['R10', false],
    ]);
    expect(result.firedRules[1]?.reason).toContain('is Unsure');
  });

  it('pauses the workflow and tells the owner and security/privacy', () => {
    const who = result.escalation.notify.map((n) => n.who);
    expect(who[0]).toBe('Owner: Dana Reyes');
    expect(who).toContain('Security / privacy');
    expect(result.escalation.containment.map((c) => c.id)).toContain('pause-before-diagnosis');
    expect(result.escalation.within).toBe('4 hours');
  });
});

describe('unanswered and Unsure', () => {
  it('treats an empty questionnaire as the worst case, provisionally', () => {
    const result = assess({});
    expect(result.unanswered).toEqual([...FACT_KEYS]);
    expect(result.severity).toBe('SEV1');
    expect(result.class).toBe('incident');
    expect(result.provisional).toBe(true);
    expect(result.classProvisional).toBe(true);
    expect(result.firedRules.map((r) => r.id)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'R8',
      'R9',
      'R10',
      'R11',
    ]);
    expect(result.firedRules.every((r) => r.provisional)).toBe(true);
  });

  it.each<[FactKey, Severity, boolean]>([
    ['exposedData', 'SEV2', false],
    ['leftCompany', 'SEV2', true],
    ['recentChange', 'SEV3', false],
    ['actedUpon', 'SEV3', true],
  ])('Unsure %s counts as Yes and is provisional', (key, severity, classProvisional) => {
    const result = assess(allNo({ [key]: 'unsure' }));
    expect(result.severity).toBe(severity);
    expect(result.provisional).toBe(true);
    expect(result.unsure).toEqual([key]);
    expect(result.classProvisional).toBe(classProvisional);
    expect(result.firedRules[0]?.reason).toContain('(provisional:');
  });

  it('marks only the rules resting on an open answer as provisional', () => {
    const result = assess(allNo({ exposedData: 'yes', couldSpread: 'unsure' }));
    expect(result.firedRules.map((r) => [r.id, r.provisional])).toEqual([
      ['R4', false],
      ['R9', true],
    ]);
    expect(result.provisional).toBe(true);
  });

  it('prefers a firm Yes in R2 so an open alternative does not make it provisional', () => {
    const rule = assess(allNo({ obligation: 'yes', leftCompany: 'yes', tookAction: 'unsure' })).firedRules[0];
    expect(rule?.id).toBe('R2');
    expect(rule?.basis).toEqual(['obligation', 'leftCompany']);
    expect(rule?.provisional).toBe(false);
  });

  it('keeps the class firm when one effect is firm and another unsure', () => {
    const result = assess(allNo({ leftCompany: 'yes', actedUpon: 'unsure' }));
    expect(result.class).toBe('incident');
    expect(result.classProvisional).toBe(false);
  });
});

describe('class override', () => {
  it('applies the override and keeps the computed class', () => {
    const override = { class: 'incident' as const, reason: 'Customer saw it in a screen share' };
    const result = assess(workedExample, { override });
    expect(result.class).toBe('incident');
    expect(result.computedClass).toBe('near-miss');
    expect(result.override).toEqual(override);
    expect(result.potential).toBe(false);
    expect(result.severity).toBe('SEV2');
    expect(result.classReasons.at(-1)).toContain('Customer saw it in a screen share');
  });

  it('leaves override undefined when none is given', () => {
    expect(assess(workedExample).override).toBeUndefined();
  });

  it.each(['', '   '])('rejects an empty reason (%j)', (reason) => {
    const parsed = ClassOverrideSchema.safeParse({ class: 'near-miss', reason });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Give a reason for the override');
    expect(() => assess({}, { override: { class: 'near-miss', reason } })).toThrow();
  });

  it('rejects an unknown class', () => {
    expect(ClassOverrideSchema.safeParse({ class: 'incidentish', reason: 'x' }).success).toBe(false);
  });
});

describe('escalation', () => {
  it.each<[Severity, Answers, string, Deadline, string[]]>([
    [
      'SEV1',
      allNo({ exposedData: 'yes', leftCompany: 'yes' }),
      '1 hour',
      { kind: 'clock', minutes: 60 },
      ['pause-now', 'revoke-access', 'stop-outbound-actions', 'switch-to-fallback'],
    ],
    [
      'SEV2',
      allNo({ tookAction: 'yes' }),
      '4 hours',
      { kind: 'clock', minutes: 240 },
      ['pause-before-diagnosis', 'switch-to-fallback'],
    ],
    [
      'SEV3',
      allNo({ actedUpon: 'yes' }),
      '1 business day',
      { kind: 'business-days', days: 1 },
      ['owner-decides-pause', 'switch-to-fallback'],
    ],
    ['SEV4', allNo(), '1 week', { kind: 'business-days', days: 5 }, []],
  ])('%s: within %s and its containment steps', (severity, answers, within, deadline, containment) => {
    const result = assess(answers).escalation;
    expect(result.severity).toBe(severity);
    expect(result.within).toBe(within);
    expect(result.deadline).toEqual(deadline);
    expect(result.containment.map((c) => c.id)).toEqual(containment);
  });

  it('SEV1 tells owner, security, legal, sponsor and starts a notification assessment, then the path', () => {
    const result = escalate({ severity: 'SEV1', answers: allNo({ exposedData: 'yes', leftCompany: 'yes' }) }, workflow);
    expect(result.notify.map((n) => n.who)).toEqual([
      'Owner: Dana Reyes',
      'Security',
      'Legal',
      'Executive sponsor',
      'Notification assessment',
      'Priya Shah (Security)',
      'Tom Ng (Legal)',
    ]);
    const fallback = result.containment.find((c) => c.id === 'switch-to-fallback');
    expect(fallback?.text).toContain('Account managers write summaries by hand');
  });

  it.each<[Severity, string]>([
    ['SEV2', 'Switch to the fallback process: Account managers write summaries by hand'],
    ['SEV3', 'If paused, switch to the fallback process: account managers write summaries by hand'],
  ])('%s containment names the workflow fallback', (severity, text) => {
    const result = escalate({ severity, answers: allNo() }, workflow);
    expect(result.containment.find((c) => c.id === 'switch-to-fallback')?.text).toBe(text);
  });

  it('falls back to generic wording without a workflow', () => {
    const result = escalate({ severity: 'SEV1', answers: {} });
    expect(result.notify[0]?.who).toBe('Workflow owner');
    expect(result.containment.find((c) => c.id === 'switch-to-fallback')?.text).toBe(
      'Switch to the documented fallback process',
    );
  });

  it.each<[string, Answers, string[]]>([
    ['tookAction only', allNo({ tookAction: 'yes' }), ['Workflow owner']],
    ['exposedData', allNo({ exposedData: 'yes' }), ['Workflow owner', 'Security / privacy']],
    [
      'exposedData unsure',
      allNo({ tookAction: 'yes', exposedData: 'unsure' }),
      ['Workflow owner', 'Security / privacy'],
    ],
    ['obligation', allNo({ obligation: 'yes' }), ['Workflow owner', 'Legal']],
  ])('SEV2 notify for %s', (_label, answers, who) => {
    const result = assess(answers).escalation;
    expect(result.severity).toBe('SEV2');
    expect(result.notify.map((n) => n.who)).toEqual(who);
  });

  it('SEV2 appends the escalation path; SEV3 does not', () => {
    const sev2 = escalate({ severity: 'SEV2', answers: allNo({ tookAction: 'yes' }) }, workflow);
    expect(sev2.notify.map((n) => n.who)).toEqual(['Owner: Dana Reyes', 'Priya Shah (Security)', 'Tom Ng (Legal)']);
    const sev3 = escalate({ severity: 'SEV3', answers: allNo({ actedUpon: 'yes' }) }, workflow);
    expect(sev3.notify.map((n) => n.who)).toEqual(['Owner: Dana Reyes']);
  });

  it('SEV4 puts the owner in the weekly review', () => {
    const result = assess(allNo(), { workflow }).escalation;
    expect(result.notify).toHaveLength(1);
    expect(result.notify[0]?.who).toBe('Owner: Dana Reyes');
    expect(result.notify[0]?.why).toContain('weekly review');
    expect(result.failedControls).toEqual([]);
  });

  it('routes a recent change to its owner with a roll-back option', () => {
    const result = assess(allNo({ recentChange: 'yes' })).escalation;
    expect(result.notify.map((n) => n.who)).toEqual(['Workflow owner', 'Whoever owns the change']);
    expect(result.containment).toContainEqual({
      id: 'roll-back-change',
      text: 'Roll the recent change back',
    });
  });

  it('records human review as a failed control when a reviewer approved', () => {
    expect(assess(allNo({ reviewerApproved: 'yes' })).escalation.failedControls).toEqual(['human review']);
    expect(assess(allNo({ couldSpread: 'yes' })).escalation.failedControls).toEqual([]);
  });

  it('does not list a contact twice', () => {
    const result = escalate(
      { severity: 'SEV1', answers: allNo({ tookAction: 'yes', couldSpread: 'yes' }) },
      { owner: ' ', escalationPath: ['Legal', 'security', 'CFO', ''] },
    );
    expect(result.notify.map((n) => n.who)).toEqual([
      'Workflow owner',
      'Security',
      'Legal',
      'Executive sponsor',
      'Notification assessment',
      'CFO',
    ]);
  });
});
