// Routing stored on the record: the workflow as it was, who is told and why, containment, and the
// due time from detection in the team's calendar; re-assessment keeps who was already told.
import { describe, expect, it } from 'vitest';
import { FACT_KEYS, type Answers } from '../../lib/assessment/questions';
import { assess } from '../../lib/assessment/rules';
import { assessmentAction, markParty, routeRecord, triageFor, workflowSnapshot } from '../../lib/incident/routing';
import type { Incident } from '../../lib/incident/schema';

const berlin = { timeZone: 'Europe/Berlin' };
// Friday 4 December 2026, 15:00 in Berlin.
const DETECTED = '2026-12-04T14:00:00.000Z';
const NOW = new Date('2026-12-04T14:30:00.000Z');

const workflow = {
  id: 'wf-refunds',
  name: 'Refund assistant',
  owner: 'Sam Lee',
  fallbackProcess: 'Manual refunds',
  escalationPath: ['Privacy desk', 'Security / privacy'],
};

function allNo(overrides: Answers = {}): Answers {
  return { ...Object.fromEntries(FACT_KEYS.map((key) => [key, 'no'])), ...overrides } as Answers;
}

/** A reported record with the given answers, as the routing reads it (only the fields it touches). */
function reported(answers: Answers | undefined, extra: Partial<Incident> = {}): Incident {
  const result = answers && assess(answers);
  return {
    status: 'reported',
    timeline: { detectedAt: DETECTED },
    ...(result
      ? {
          assessment: {
            answers: answers!,
            class: result.class,
            computedClass: result.computedClass,
            severity: result.severity,
            provisional: result.provisional,
          },
        }
      : {}),
    ...extra,
  } as Incident;
}

const route = (answers: Answers, extra: Partial<Incident> = {}, wf: typeof workflow | undefined = workflow) =>
  routeRecord(reported(answers, extra), assess(answers), wf, berlin, NOW);

describe('routing an assessment', () => {
  it('keeps when it was routed when the same routing is made again, so an unchanged save is no change', () => {
    const answers = allNo({ exposedData: 'yes' });
    const first = route(answers);
    const later = routeRecord(first, assess(answers), workflow, berlin, new Date('2026-12-04T15:10:00.000Z'));
    expect(later.routing).toEqual(first.routing);
    // A different result is a new routing, made now.
    const changed = routeRecord(first, assess(allNo()), workflow, berlin, new Date('2026-12-04T15:10:00.000Z'));
    expect(changed.routing?.routedAt).toBe('2026-12-04T15:10:00.000Z');
  });

  it('stores the workflow snapshot with fallback and escalation path, the parties and containment', () => {
    // The worked example: near miss, SEV2 potential, provisional.
    const answers = allNo({ exposedData: 'yes', couldSpread: 'yes', recentChange: 'yes', obligation: 'unsure' });
    const record = route(answers);
    expect(record.workflow).toEqual(workflow);
    expect(record.routing).toEqual({
      severity: 'SEV2',
      routedAt: '2026-12-04T14:30:00.000Z',
      within: '4 hours',
      dueAt: '2026-12-04T18:00:00.000Z',
      parties: [
        { who: 'Owner: Sam Lee', why: 'Accountable for the workflow and coordinates the response' },
        { who: 'Security / privacy', why: 'The workflow may have exposed confidential or personal data' },
        { who: 'Legal', why: 'It could create a notification, contractual, insurance or legal obligation' },
        {
          who: 'Whoever owns the change',
          why: 'A recent model, prompt, permission, data or integration change may be the cause',
        },
        { who: 'Privacy desk', why: 'On the escalation path for Refund assistant' },
      ],
      containment: [
        { id: 'pause-before-diagnosis', text: 'Pause the workflow before diagnosing the cause' },
        { id: 'switch-to-fallback', text: 'Switch to the fallback process: Manual refunds' },
        { id: 'roll-back-change', text: 'Roll the recent change back' },
      ],
      failedControls: [],
    });
  });

  it('records human review as the failed control when a reviewer approved the output', () => {
    expect(route(allNo({ reviewerApproved: 'yes' })).routing?.failedControls).toEqual(['human review']);
  });

  it.each([
    // SEV1 and SEV2 run on the clock from Friday 15:00 Berlin.
    ['SEV1', allNo({ exposedData: 'yes', leftCompany: 'yes' }), '1 hour', '2026-12-04T15:00:00.000Z'],
    ['SEV2', allNo({ tookAction: 'yes' }), '4 hours', '2026-12-04T18:00:00.000Z'],
    // One business day over the weekend: Monday 15:00 Berlin.
    ['SEV3', allNo({ actedUpon: 'yes' }), '1 business day', '2026-12-07T14:00:00.000Z'],
    // A week is five business days: Mon, Tue, Wed, Thu, Fri → next Friday 15:00 Berlin.
    ['SEV4', allNo(), '1 week', '2026-12-11T14:00:00.000Z'],
  ])('%s is due within %s: %s', (severity, answers, within, due) => {
    expect(route(answers).routing).toMatchObject({ severity, within, dueAt: due });
  });

  it('follows the team working days', () => {
    // A team working Sunday to Thursday: Friday is off, so one business day ends Sunday at 00:00 + 1 day.
    const calendar = { timeZone: 'Europe/Berlin', workDays: [7, 1, 2, 3, 4] };
    const record = routeRecord(
      reported(allNo({ actedUpon: 'yes' })),
      assess(allNo({ actedUpon: 'yes' })),
      workflow,
      calendar,
      NOW,
    );
    // Friday off → the clock starts Sunday 00:00 Berlin → Monday 00:00 Berlin = Sunday 23:00 UTC.
    expect(record.routing?.dueAt).toBe('2026-12-06T23:00:00.000Z');
  });

  it('keeps the previous snapshot when the workflow is unknown now', () => {
    const before = route(allNo({ tookAction: 'yes' }));
    const again = routeRecord(before, assess(allNo({ tookAction: 'yes' })), undefined, berlin, NOW);
    expect(again.workflow).toEqual(workflow);
    expect(again.routing?.parties[0]?.who).toBe('Owner: Sam Lee');
  });

  it('on re-assessment keeps each party told while the same who is still named', () => {
    const told = { at: '2026-12-04T14:10:00.000Z', how: 'email' as const, reference: 'MSG-7', by: 'Dana Reyes' };
    const first = route(allNo({ exposedData: 'unsure' }));
    const marked = markParty(markParty(first, 'Owner: Sam Lee', told), 'Security / privacy', { ...told, how: 'chat' });
    const second = routeRecord(
      { ...marked, assessment: { ...marked.assessment!, answers: allNo({ couldSpread: 'yes' }), severity: 'SEV3' } },
      assess(allNo({ couldSpread: 'yes' })),
      workflow,
      berlin,
      NOW,
    );
    expect(second.routing?.severity).toBe('SEV3');
    expect(second.routing?.parties).toEqual([
      { who: 'Owner: Sam Lee', why: 'Accountable for the workflow and coordinates the response', told },
    ]);
  });

  it('has no routing without an assessment', () => {
    const routed = route(allNo({ tookAction: 'yes' }));
    const cleared = routeRecord({ ...routed, assessment: undefined }, assess({}), undefined, berlin, NOW);
    expect(cleared.routing).toBeUndefined();
  });
});

describe('who was told', () => {
  const record = route(allNo({ tookAction: 'yes' }));
  const told = { at: '2026-12-04T14:05:00.000Z', how: 'phone' as const, reference: '  ', by: 'Dana Reyes' };

  it('marks one party told, drops an empty reference, and undoes it', () => {
    const marked = markParty(record, 'Owner: Sam Lee', told);
    expect(marked.routing?.parties[0]?.told).toEqual({ at: told.at, how: 'phone', by: 'Dana Reyes' });
    expect(marked.routing?.parties[1]?.told).toBeUndefined();
    expect(markParty(marked, 'Owner: Sam Lee', null).routing?.parties[0]).toEqual({
      who: 'Owner: Sam Lee',
      why: 'Accountable for the workflow and coordinates the response',
    });
  });

  it('refuses a party the routing does not name', () => {
    expect(() => markParty(record, 'Nobody', told)).toThrow('Nobody is not among the people');
  });
});

describe('triage', () => {
  it('is the workflow owner’s, else the triage reviewer’s, within 4 hours of detection', () => {
    const withWorkflow = reported(undefined, { workflow: workflowSnapshot(workflow) });
    expect(triageFor(withWorkflow, {}, 'Kim Park')).toEqual({ owner: 'Sam Lee', dueAt: '2026-12-04T18:00:00.000Z' });
    expect(triageFor(reported(undefined), {}, 'Kim Park')).toEqual({
      owner: 'Kim Park',
      dueAt: '2026-12-04T18:00:00.000Z',
    });
    expect(triageFor(reported(undefined), {}, '  ')).toEqual({ dueAt: '2026-12-04T18:00:00.000Z' });
  });

  it('is due within 1 hour when the reporter says the output left the company or was acted upon', () => {
    expect(triageFor(reported(undefined), { actedUpon: 'yes' }, '').dueAt).toBe('2026-12-04T15:00:00.000Z');
    expect(triageFor(reported(undefined), { leftCompany: 'yes' }, '').dueAt).toBe('2026-12-04T15:00:00.000Z');
  });
});

describe('the history line of an assessment', () => {
  const provisional = { class: 'near-miss' as const, severity: 'SEV2' as const, provisional: true };
  const firm = { class: 'near-miss' as const, severity: 'SEV3' as const, provisional: false };

  it('says how the verdict moved', () => {
    expect(assessmentAction(undefined, provisional)).toBe('Assessed: near miss SEV2 provisional');
    expect(assessmentAction(provisional, firm)).toBe('Re-assessed: near miss SEV2 provisional → near miss SEV3');
    expect(assessmentAction(firm, firm)).toBe('Re-assessed: near miss SEV3 (unchanged)');
    expect(assessmentAction(firm, undefined)).toBe('Assessment cleared');
  });
});
