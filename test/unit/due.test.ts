import { describe, expect, it } from 'vitest';
import { SEVERITY_DEADLINES, dueAt, dueState, isValidTimeZone, triageDeadline } from '@/lib/assessment/due';
import {
  dueBadge,
  dueWords,
  isOverdue,
  missingWords,
  recordDue,
  spanWords,
  triageWords,
} from '@/lib/incident/due-state';
import type { Incident, Routing } from '@/lib/incident/schema';

const berlin = { timeZone: 'Europe/Berlin' };
const at = (iso: string) => new Date(iso);

describe('due times on the clock', () => {
  it('gives SEV1 one hour and SEV2 four hours from detection, whatever the day', () => {
    const saturdayNight = at('2026-12-05T22:30:00Z');
    expect(dueAt(saturdayNight, SEVERITY_DEADLINES.SEV1, berlin).toISOString()).toBe('2026-12-05T23:30:00.000Z');
    expect(dueAt(saturdayNight, SEVERITY_DEADLINES.SEV2, berlin).toISOString()).toBe('2026-12-06T02:30:00.000Z');
  });

  it('gives triage one hour when the reporter says the output left the company or was acted upon', () => {
    expect(triageDeadline(undefined)).toEqual({ kind: 'clock', minutes: 240 });
    expect(triageDeadline({ leftCompany: 'unsure' })).toEqual({ kind: 'clock', minutes: 240 });
    expect(triageDeadline({ leftCompany: 'yes' })).toEqual({ kind: 'clock', minutes: 60 });
    expect(triageDeadline({ actedUpon: 'yes' })).toEqual({ kind: 'clock', minutes: 60 });
  });
});

describe('due times in business days', () => {
  it('keeps the local time of day on the next working day', () => {
    // Tuesday 15:00 in Berlin (14:00 UTC in winter) → Wednesday 15:00.
    expect(dueAt(at('2026-12-01T14:00:00Z'), SEVERITY_DEADLINES.SEV3, berlin).toISOString()).toBe(
      '2026-12-02T14:00:00.000Z',
    );
  });

  it('skips the weekend: Friday afternoon is due on Monday afternoon', () => {
    expect(dueAt(at('2026-12-04T14:00:00Z'), SEVERITY_DEADLINES.SEV3, berlin).toISOString()).toBe(
      '2026-12-07T14:00:00.000Z',
    );
  });

  it('starts a weekend detection when Monday begins, so one business day ends with Monday', () => {
    // Saturday 11:00 Berlin → Monday 00:00 → Tuesday 00:00 Berlin (Monday 23:00 UTC).
    expect(dueAt(at('2026-12-05T10:00:00Z'), SEVERITY_DEADLINES.SEV3, berlin).toISOString()).toBe(
      '2026-12-07T23:00:00.000Z',
    );
  });

  it('counts a week as five business days in the team time zone, not the machine one', () => {
    // Wednesday 09:00 in New York (14:00 UTC) → next Wednesday 09:00 New York.
    const newYork = { timeZone: 'America/New_York' };
    expect(dueAt(at('2026-12-02T14:00:00Z'), SEVERITY_DEADLINES.SEV4, newYork).toISOString()).toBe(
      '2026-12-09T14:00:00.000Z',
    );
    // Late Friday evening in New York is already Saturday in Berlin: the calendars disagree.
    const fridayEvening = at('2026-12-05T02:00:00Z');
    expect(dueAt(fridayEvening, SEVERITY_DEADLINES.SEV3, newYork).toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(dueAt(fridayEvening, SEVERITY_DEADLINES.SEV3, berlin).toISOString()).toBe('2026-12-07T23:00:00.000Z');
  });

  it('keeps the wall-clock time across a change to summer time', () => {
    // Friday 27 March 2026, 10:00 CET (09:00 UTC) → Monday 30 March, 10:00 CEST (08:00 UTC).
    expect(dueAt(at('2026-03-27T09:00:00Z'), SEVERITY_DEADLINES.SEV3, berlin).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('moves a time the clock change skips forward by the change', () => {
    // Saturday 28 March 2026 02:30 Berlin with a Sunday working week: Sunday 02:30 does not exist.
    const calendar = { timeZone: 'Europe/Berlin', workDays: [6, 7] };
    expect(dueAt(at('2026-03-28T01:30:00Z'), { kind: 'business-days', days: 1 }, calendar).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('honours the team working days', () => {
    // Sunday to Thursday week: Thursday 10:00 Jerusalem → Sunday 10:00.
    const calendar = { timeZone: 'Asia/Jerusalem', workDays: [7, 1, 2, 3, 4] };
    expect(dueAt(at('2026-12-03T08:00:00Z'), SEVERITY_DEADLINES.SEV3, calendar).toISOString()).toBe(
      '2026-12-06T08:00:00.000Z',
    );
  });

  it('refuses a calendar without working days and tells valid time zones apart', () => {
    expect(() =>
      dueAt(at('2026-12-01T10:00:00Z'), SEVERITY_DEADLINES.SEV3, { timeZone: 'UTC', workDays: [8] }),
    ).toThrow(RangeError);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('due state', () => {
  const from = at('2026-12-01T10:00:00Z');
  const due = at('2026-12-01T14:00:00Z');
  it('is due, then due soon in the last hour (at most a quarter of the window), then overdue', () => {
    expect(dueState(due, at('2026-12-01T12:00:00Z'), from)).toBe('due');
    expect(dueState(due, at('2026-12-01T13:00:00Z'), from)).toBe('due-soon');
    expect(dueState(due, at('2026-12-01T14:00:01Z'), from)).toBe('overdue');
    // A one-hour window is due soon in its last 15 minutes.
    expect(dueState(at('2026-12-01T11:00:00Z'), at('2026-12-01T10:40:00Z'), from)).toBe('due');
    expect(dueState(at('2026-12-01T11:00:00Z'), at('2026-12-01T10:46:00Z'), from)).toBe('due-soon');
  });
});

describe('a record against its due time', () => {
  const detectedAt = '2026-12-01T10:00:00.000Z';
  const told = { at: '2026-12-01T10:20:00.000Z', how: 'email' as const, by: 'Dana Reyes' };
  const routing: Routing = {
    severity: 'SEV2',
    routedAt: '2026-12-01T10:10:00.000Z',
    within: '4 hours',
    dueAt: '2026-12-01T14:00:00.000Z',
    parties: [
      { who: 'Owner: Sam Lee', why: 'Accountable' },
      { who: 'Legal', why: 'Obligation' },
    ],
    containment: [{ id: 'pause-before-diagnosis', text: 'Pause the workflow before diagnosing the cause' }],
    failedControls: [],
  };
  type Fields = Parameters<typeof recordDue>[0];
  const inTriage: Fields = {
    status: 'reported',
    timeline: { detectedAt },
    triage: { owner: 'Kim Park', dueAt: '2026-12-01T14:00:00.000Z' },
  };
  const assessed: Fields = {
    ...inTriage,
    assessment: { answers: { tookAction: 'yes' }, class: 'incident', severity: 'SEV2' },
    routing,
  };

  it('in triage is due to be assessed by the triage time, due soon in its last hour, then overdue', () => {
    expect(recordDue(inTriage, at('2026-12-01T10:20:00Z'))).toEqual({
      kind: 'triage',
      dueAt: at('2026-12-01T14:00:00Z'),
      state: 'due',
      missing: ['assessment'],
    });
    expect(recordDue(inTriage, at('2026-12-01T13:25:00Z'))?.state).toBe('due-soon');
    expect(isOverdue(inTriage, at('2026-12-01T14:20:00Z'))).toBe(true);
    // Declined, merged and draft records are due nothing.
    expect(recordDue({ ...inTriage, status: 'declined' }, at('2026-12-01T15:00:00Z'))).toBeUndefined();
  });

  it('once assessed, is overdue until every party is told and containment is recorded', () => {
    const late = at('2026-12-01T14:20:00Z');
    expect(recordDue(assessed, late)).toEqual({
      kind: 'response',
      dueAt: at('2026-12-01T14:00:00Z'),
      state: 'overdue',
      missing: [{ party: 'Owner: Sam Lee' }, { party: 'Legal' }, 'containment'],
    });
    const allTold = { ...routing, parties: routing.parties.map((p) => ({ ...p, told })) };
    expect(recordDue({ ...assessed, routing: allTold }, late)?.missing).toEqual(['containment']);
    const contained: Partial<Incident> = { containment: { done: [], containedAt: '2026-12-01T10:30:00.000Z' } };
    expect(recordDue({ ...assessed, ...contained }, late)?.missing).toEqual([
      { party: 'Owner: Sam Lee' },
      { party: 'Legal' },
    ]);
    expect(recordDue({ ...assessed, ...contained, routing: allTold }, late)).toBeUndefined();
    expect(isOverdue({ ...assessed, ...contained, routing: allTold }, late)).toBe(false);
  });
});

describe('the due line in words', () => {
  const due = at('2026-12-01T14:00:00Z');

  it('counts time left rounding up and time over rounding down, in whole minutes', () => {
    expect(dueWords({ dueAt: due, state: 'due' }, at('2026-12-01T10:00:00Z'))).toBe('Due in 4 hours');
    expect(dueWords({ dueAt: due, state: 'due' }, at('2026-12-01T10:20:00Z'))).toBe('Due in 3 h 40 min');
    expect(dueWords({ dueAt: due, state: 'due-soon' }, at('2026-12-01T13:25:30Z'))).toBe('Due in 35 min');
    expect(dueWords({ dueAt: due, state: 'overdue' }, at('2026-12-01T14:20:45Z'))).toBe('Overdue by 20 min');
    expect(dueWords({ dueAt: due, state: 'overdue' }, at('2026-12-01T14:00:10Z'))).toBe('Overdue by 1 min');
    expect(spanWords(60)).toBe('1 hour');
    expect(spanWords(24 * 60)).toBe('1 day');
    expect(spanWords(3 * 24 * 60 + 5 * 60 + 7)).toBe('3 days 5 h');
  });

  it('names what is missing, the triage owner, and the short form for log rows', () => {
    expect(missingWords({ party: 'Owner: Sam Lee' })).toBe('Owner not told yet');
    expect(missingWords({ party: 'Legal' })).toBe('Legal not told yet');
    expect(missingWords('containment')).toBe('Containment not recorded');
    expect(triageWords('Kim Park', { dueAt: due, state: 'due' }, at('2026-12-01T10:20:00Z'))).toBe(
      'Needs assessment · owner Kim Park · due in 3 h 40 min',
    );
    expect(triageWords(undefined, { dueAt: due, state: 'overdue' }, at('2026-12-01T14:20:00Z'))).toBe(
      'Needs assessment · no owner yet · overdue by 20 min',
    );
    expect(dueBadge({ state: 'overdue' })).toBe('Overdue');
    expect(dueBadge({ state: 'due-soon' })).toBe('Due soon');
    expect(dueBadge({ state: 'due' })).toBeUndefined();
  });
});
