// Flag fast: a draft becomes a report with only "what is wrong"; assessment comes then or later,
// the verdict reads as one calm line, a draft can be kept while typing and discarded, never lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { badgeOf, overdueRecordCount } from '../../lib/background/due-badge';
import { updateBadge } from '../../lib/background/sync';
import { QUESTIONS, type Answers } from '../../lib/assessment/questions';
import { assess } from '../../lib/assessment/rules';
import { NOT_ASSESSED, hasAnswers, openAnswers, plainReason, verdictLine } from '../../lib/assessment/verdict';
import type { FlaglineDb } from '../../lib/db';
import { draftFields } from '../../lib/incident/draft-store';
import { changedInWords, fieldInWords } from '../../lib/incident/history-words';
import { recordStatusLabel } from '../../lib/incident/lifecycle';
import { discardDraft, markTold, saveAssessment, submitReport } from '../../lib/incident/report-actions';
import type { Incident } from '../../lib/incident/schema';
import { reporterItem } from '../../lib/settings/items';
import { teamItem } from '../../lib/settings/team';
import { dispatch, flagged, pageSender, seedWorkflow, spyEffects } from './command-harness';
import { useFreshDb } from './fresh-db';

let db: FlaglineDb;
useFreshDb((fresh) => (db = fresh));
let record: Incident;
beforeEach(async () => {
  await reporterItem.setValue({ name: 'Dana Reyes', email: 'dana@example.com' });
  await seedWorkflow(db);
  record = await flagged(db, 'Refund approved for the wrong customer.');
});

const quick = { answers: {}, description: 'It names the wrong customer', containmentDone: [] };
const latest = async () => (await db.incidents.get(record.id))!;

describe('the questions', () => {
  it('ask what decides the class first, then the rest, each with one line of help', () => {
    expect(QUESTIONS.map((q) => q.key)).toEqual([
      'leftCompany',
      'tookAction',
      'actedUpon',
      'exposedData',
      'obligation',
      'reviewerApproved',
      'couldSpread',
      'recentChange',
    ]);
    for (const question of QUESTIONS) expect(question.hint).toMatch(/^[^\n]{10,80}$/);
  });
});

describe('the verdict line', () => {
  const line = (answers: Answers) => verdictLine(answers, assess(answers));

  it('says "Not assessed yet" before any answer, whatever the rules assume', () => {
    expect(hasAnswers({})).toBe(false);
    expect(line({})).toBe(NOT_ASSESSED);
  });

  it('counts the open answers and says a near miss could have been its severity', () => {
    expect(line({ leftCompany: 'no', tookAction: 'no', actedUpon: 'no' })).toBe(
      'Near miss · could have been SEV2 · 5 answers open',
    );
    expect(line({ leftCompany: 'yes' })).toBe('Incident · SEV1 · 7 answers open');
    expect(openAnswers({ leftCompany: 'unsure', tookAction: 'no' })).toBe(7);
  });

  it('drops the count once everything is answered, one answer open is singular', () => {
    const all: Answers = {
      leftCompany: 'no',
      tookAction: 'no',
      actedUpon: 'no',
      exposedData: 'no',
      obligation: 'no',
      reviewerApproved: 'no',
      couldSpread: 'no',
      recentChange: 'no',
    };
    expect(line(all)).toBe('Near miss · could have been SEV4');
    expect(line({ ...all, recentChange: 'unsure' })).toBe('Near miss · could have been SEV3 · 1 answer open');
  });

  it('words a conclusion on open answers as one that may change', () => {
    const [rule] = assess({ obligation: 'unsure' }).firedRules;
    expect(plainReason(rule!.reason)).toContain('(may change:');
    expect(plainReason(rule!.reason)).not.toContain('provisional');
  });
});

describe('submitting a draft', () => {
  it('with only what is wrong: reported, no assessment, needs assessment', async () => {
    const { record: saved } = await submitReport(db, record.id, quick, { by: 'Dana Reyes' });
    expect(saved.status).toBe('reported');
    expect(saved.whatHappened).toBe('It names the wrong customer');
    expect(saved.assessment).toBeUndefined();
    expect(saved.workflow).toBeUndefined();
    expect(saved.history.at(-1)).toMatchObject({ revision: 2, action: 'Reported: needs assessment' });
    expect(recordStatusLabel(saved)).toBe('Needs assessment');
    // Detected at capture, 05:00 UTC: nobody owns it yet, and it is due 4 hours later.
    expect(saved.triage).toEqual({ dueAt: '2026-03-04T09:00:00.000Z' });
    expect(saved.routing).toBeUndefined();
  });

  it('in triage is the workflow owner’s to assess, else the team’s triage reviewer’s', async () => {
    await teamItem.setValue({ timeZone: 'Europe/Berlin', workDays: [1, 2, 3, 4, 5], triageReviewer: 'Kim Park' });
    const { record: unowned } = await submitReport(db, record.id, quick, { by: 'Dana Reyes' });
    expect(unowned.triage).toEqual({ owner: 'Kim Park', dueAt: '2026-03-04T09:00:00.000Z' });
    const other = await flagged(db, 'Another one.');
    const { record: owned } = await submitReport(db, other.id, { ...quick, workflowId: 'wf-refunds' }, { by: 'A' });
    expect(owned.triage).toEqual({ owner: 'Sam Lee', dueAt: '2026-03-04T09:00:00.000Z' });
  });

  it('with an unknown workflow saves no workflow; a missing one is refused in plain words', async () => {
    const { record: saved } = await submitReport(db, record.id, { ...quick, workflowId: 'unknown' }, { by: 'A' });
    expect(saved.workflow).toBeUndefined();
    const other = await flagged(db, 'Another one.');
    await expect(submitReport(db, other.id, { ...quick, workflowId: 'gone' }, { by: 'A' })).rejects.toThrow(
      /no longer exists/,
    );
  });

  it('twice writes one revision: the second is refused', async () => {
    const effects = spyEffects();
    const message = { type: 'ui-bg:save-report', id: record.id, report: quick };
    const replies = await Promise.all([
      dispatch(db, message, pageSender(), effects),
      dispatch(db, message, pageSender(), effects),
    ]);
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(await db.incidents.count()).toBe(1);
    expect((await latest()).revision).toBe(2);
  });

  it('saves the reporter asked on first run to the settings and the record', async () => {
    await reporterItem.setValue({ name: '', email: '' });
    const message = {
      type: 'ui-bg:save-report',
      id: record.id,
      report: quick,
      reporter: { name: 'Sam Lee', email: 'sam@example.com' },
    };
    const reply = await dispatch(db, message, pageSender(), spyEffects());
    expect(reply).toMatchObject({
      ok: true,
      said: 'Report submitted. A reviewer will assess it — or answer the questions now.',
    });
    expect(await reporterItem.getValue()).toEqual({ name: 'Sam Lee', email: 'sam@example.com' });
    const saved = await latest();
    expect(saved.reporter).toEqual({ name: 'Sam Lee', email: 'sam@example.com' });
    expect(saved.history.at(-1)?.by).toBe('Sam Lee');
  });

  it('forgets the kept draft fields; a late keystroke is refused', async () => {
    await dispatch(
      db,
      { type: 'ui-bg:save-draft', id: record.id, draft: { description: 'x' } },
      pageSender(),
      spyEffects(),
    );
    expect(await draftFields(record.id)).toEqual({ description: 'x' });
    await dispatch(db, { type: 'ui-bg:save-report', id: record.id, report: quick }, pageSender(), spyEffects());
    expect(await draftFields(record.id)).toEqual({});
    const late = await dispatch(db, { type: 'ui-bg:save-draft', id: record.id, draft: {} }, pageSender(), spyEffects());
    expect(late.ok).toBe(false);
  });
});

describe('assessing later', () => {
  it('is a new revision with a plain history line; clearing it returns to triage', async () => {
    await submitReport(db, record.id, quick, { by: 'Dana Reyes' });
    const answers: Answers = { leftCompany: 'no', tookAction: 'no', actedUpon: 'no' };
    const { record: assessed } = await saveAssessment(
      db,
      record.id,
      { answers, workflowId: 'wf-refunds', containmentDone: [] },
      { by: 'Sam Lee', now: new Date('2026-03-04T06:00:00.000Z') },
    );
    expect(assessed).toMatchObject({
      revision: 3,
      status: 'reported',
      assessment: { class: 'near-miss', severity: 'SEV2' },
    });
    expect(assessed.workflow).toEqual({
      id: 'wf-refunds',
      name: 'Refund assistant',
      owner: 'Sam Lee',
      fallbackProcess: 'Manual refunds',
    });
    // SEV2: 4 hours on the clock from detection (05:00 UTC).
    expect(assessed.routing).toMatchObject({
      severity: 'SEV2',
      routedAt: '2026-03-04T06:00:00.000Z',
      within: '4 hours',
      dueAt: '2026-03-04T09:00:00.000Z',
    });
    expect(assessed.routing?.parties.map((p) => p.who)).toEqual([
      'Owner: Sam Lee',
      'Security / privacy',
      'Legal',
      'Whoever owns the change',
    ]);
    expect(assessed.history.at(-1)).toMatchObject({ by: 'Sam Lee', action: 'Assessed: near miss SEV2 provisional' });
    expect(changedInWords(assessed.history.at(-1)!.changed!)).not.toContain('assessment.');
    const { record: cleared } = await saveAssessment(db, record.id, { answers: {}, containmentDone: [] }, { by: 'S' });
    expect(cleared.assessment).toBeUndefined();
    expect(cleared.routing).toBeUndefined();
    expect(cleared.history.at(-1)?.action).toBe('Assessment cleared');
    expect(recordStatusLabel(cleared)).toBe('Needs assessment');
  });

  it('stays editable: each save is a revision saying how the verdict moved, and who was told is kept', async () => {
    await teamItem.setValue({ timeZone: 'Europe/Berlin', workDays: [1, 2, 3, 4, 5], triageReviewer: '' });
    await submitReport(db, record.id, quick, { by: 'Dana Reyes' });
    const first: Answers = { leftCompany: 'no', tookAction: 'no', actedUpon: 'no' };
    await saveAssessment(db, record.id, { answers: first, workflowId: 'wf-refunds', containmentDone: [] }, { by: 'S' });
    const told = await markTold(
      db,
      record.id,
      'Owner: Sam Lee',
      { how: 'chat', reference: '#refunds' },
      {
        by: 'Sam Lee',
        now: new Date('2026-03-04T05:30:00.000Z'),
      },
    );
    expect(told.revision).toBe(4);
    expect(told.history.at(-1)?.action).toBe('Marked as told: Owner: Sam Lee');
    const firm: Answers = { ...first, exposedData: 'no', obligation: 'no', reviewerApproved: 'no', recentChange: 'no' };
    const { record: again } = await saveAssessment(
      db,
      record.id,
      { answers: { ...firm, couldSpread: 'yes' }, workflowId: 'wf-refunds', containmentDone: [] },
      { by: 'S' },
    );
    expect(again.revision).toBe(5);
    expect(again.history.at(-1)?.action).toBe('Re-assessed: near miss SEV2 provisional → near miss SEV3');
    expect(again.routing?.parties).toEqual([
      {
        who: 'Owner: Sam Lee',
        why: 'Accountable for the workflow and coordinates the response',
        told: { at: '2026-03-04T05:30:00.000Z', how: 'chat', reference: '#refunds', by: 'Sam Lee' },
      },
    ]);
    // Detected Wednesday 4 March 06:00 in Berlin: one business day is Thursday 06:00 Berlin.
    expect(again.routing).toMatchObject({ within: '1 business day', dueAt: '2026-03-05T05:00:00.000Z' });
  });

  it('is refused on a draft: submit it first', async () => {
    await expect(saveAssessment(db, record.id, { answers: {}, containmentDone: [] }, { by: 'A' })).rejects.toThrow(
      'Submit the report first.',
    );
  });
});

describe('the toolbar badge', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts records past their due time, before what waits to sync', async () => {
    // In triage, detected 05:00 UTC: due 09:00 UTC.
    await submitReport(db, record.id, quick, { by: 'Dana Reyes' });
    expect(await overdueRecordCount(db, new Date('2026-03-04T08:59:00.000Z'))).toBe(0);
    expect(await overdueRecordCount(db, new Date('2026-03-04T09:01:00.000Z'))).toBe(1);
    const text = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue();
    const title = vi.spyOn(fakeBrowser.action, 'setTitle').mockResolvedValue();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T09:30:00.000Z') });
    await updateBadge(db);
    expect(text).toHaveBeenLastCalledWith({ text: '1' });
    expect(title).toHaveBeenLastCalledWith({ title: 'Open Flagline (1 overdue)' });
    vi.setSystemTime(new Date('2026-03-04T08:00:00.000Z'));
    await updateBadge(db);
    expect(text).toHaveBeenLastCalledWith({ text: '' });
  });

  it('says how many are overdue and how many wait to sync', () => {
    expect(badgeOf(2, 3)).toEqual({ text: '2', title: 'Open Flagline (2 overdue, 3 not synced yet)', alert: true });
    expect(badgeOf(0, 3)).toEqual({ text: '3', title: 'Open Flagline (3 not synced yet)', alert: false });
    expect(badgeOf(0, 0)).toEqual({ text: '', title: 'Open Flagline', alert: false });
  });
});

describe('discarding a draft', () => {
  it('keeps it in the log as declined by its reporter, only while it is a draft', async () => {
    const discarded = await discardDraft(db, record.id, { by: 'Dana Reyes' });
    expect(discarded).toMatchObject({ status: 'declined', declined: { reason: 'Discarded by the reporter' } });
    expect(discarded.history.map((entry) => entry.action)).toEqual([expect.any(String), 'Discarded by the reporter']);
    expect(recordStatusLabel(discarded)).toBe('Discarded');
    expect(await db.incidents.count()).toBe(1);
    await expect(discardDraft(db, record.id, { by: 'A' })).rejects.toThrow(/Only a draft/);
  });
});

describe('history in plain words', () => {
  it('names fields, steps and groups without their paths', () => {
    expect(changedInWords(['assessment.answers', 'assessment.class', 'assessment.computedClass', 'status'])).toBe(
      'answers, class and status',
    );
    expect(fieldInWords('steps.contained')).toBe('step “Contain”');
    expect(fieldInWords('containment.notes')).toBe('what was contained');
    expect(fieldInWords('learning.somethingNew')).toBe('something new');
    expect(changedInWords(['routing.parties', 'routing.dueAt', 'routing.routedAt', 'triage.dueAt'])).toBe(
      'who must be told, due time, routing and triage due time',
    );
  });
});
