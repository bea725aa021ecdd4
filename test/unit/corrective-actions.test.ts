import { describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { createDraft, evidenceFromCapture } from '../../lib/incident/create';
import {
  ActionInputError,
  addAction,
  changeAction,
  hasOpenRemediation,
  localDate,
  openActionCount,
  openActions,
  openActionsLabel,
} from '../../lib/incident/corrective-actions';
import {
  addCorrectiveAction,
  describeError,
  saveStep,
  updateCorrectiveAction,
} from '../../lib/incident/lifecycle-actions';
import type { Incident } from '../../lib/incident/schema';
import { NothingChangedError } from '../../lib/incident/update';
import { useFreshDb } from './fresh-db';

const T0 = new Date('2025-03-04T05:06:07.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
// Noon local time: the same calendar day in every time zone the tests may run in.
const NOON = new Date(2025, 2, 4, 12, 0, 0);

let db: FlaglineDb;
useFreshDb((opened) => (db = opened));

function seed(): Promise<Incident> {
  const evidence = evidenceFromCapture(
    {
      shownText: 'Refund approved for order 1182.',
      quote: { type: 'TextQuoteSelector', exact: 'Refund approved for order 1182.', prefix: '', suffix: '' },
      source: 'selection',
      page: { url: 'https://support.example.com/tickets/9', title: 'Ticket 9' },
      capturedAt: '2025-03-04T05:00:00.000Z',
    },
    'button',
  );
  return createDraft(db, { evidence, reporter: { name: 'Dana Reyes' }, now: T0 });
}

async function stored(id: string): Promise<Incident> {
  const record = await db.incidents.get(id);
  if (!record) throw new Error('missing record');
  return record;
}

describe('corrective actions (pure)', () => {
  it('adds an open action with its owner and due date, trimming and dropping empty ones', async () => {
    const record = await seed();
    const one = addAction(record, { what: ' Recall the refund ', owner: ' Sam Lee ', dueOn: '2025-03-07' }, 'a1');
    expect(one.correction).toEqual({
      actions: [{ id: 'a1', what: 'Recall the refund', owner: 'Sam Lee', dueOn: '2025-03-07', status: 'open' }],
    });
    const two = addAction(one, { what: 'Add an approval limit', owner: '  ', dueOn: '' }, 'a2');
    expect(two.correction?.actions[1]).toEqual({ id: 'a2', what: 'Add an approval limit', status: 'open' });
    expect(() => addAction(two, { what: '   ' }, 'a3')).toThrow('Say what will be done.');
    expect(record.correction).toBeUndefined();
  });

  it('moves an action through its statuses; dropped needs a reason; done gets a date', async () => {
    let record = addAction(await seed(), { what: 'Recall the refund' }, 'a1');
    record = changeAction(record, 'a1', { status: 'in-progress' }, NOON);
    expect(record.correction?.actions[0]).toEqual({ id: 'a1', what: 'Recall the refund', status: 'in-progress' });
    const done = changeAction(record, 'a1', { status: 'done' }, NOON);
    expect(done.correction?.actions[0]).toMatchObject({ status: 'done', doneOn: '2025-03-04' });
    const redated = changeAction(done, 'a1', { status: 'done', doneOn: '2025-03-03' }, NOON);
    expect(redated.correction?.actions[0]?.doneOn).toBe('2025-03-03');
    const kept = changeAction(redated, 'a1', { status: 'done' }, new Date(2025, 2, 9, 12));
    expect(kept.correction?.actions[0]?.doneOn).toBe('2025-03-03');
    const reopened = changeAction(kept, 'a1', { status: 'open' }, NOON);
    expect(reopened.correction?.actions[0]).toEqual({ id: 'a1', what: 'Recall the refund', status: 'open' });
    expect(() => changeAction(reopened, 'a1', { status: 'dropped', droppedReason: '  ' })).toThrow(
      'Give a reason for dropping the action.',
    );
    const dropped = changeAction(reopened, 'a1', { status: 'dropped', droppedReason: ' Refund already reversed ' });
    expect(dropped.correction?.actions[0]).toEqual({
      id: 'a1',
      what: 'Recall the refund',
      status: 'dropped',
      droppedReason: 'Refund already reversed',
    });
    expect(() => changeAction(dropped, 'zz', { status: 'done' })).toThrow(ActionInputError);
    expect(localDate(NOON)).toBe('2025-03-04');
  });

  it('counts open and in-progress actions as open remediation, until every one is done or dropped', async () => {
    let record = await seed();
    expect(openActionCount(record)).toBe(0);
    expect(openActionsLabel(record)).toBe('');
    expect(hasOpenRemediation(record)).toBe(false);
    record = addAction(record, { what: 'Recall the refund' }, 'a1');
    record = addAction(record, { what: 'Add an approval limit' }, 'a2');
    record = addAction(record, { what: 'Brief the support team' }, 'a3');
    record = changeAction(record, 'a2', { status: 'in-progress' }, NOON);
    record = changeAction(record, 'a3', { status: 'done' }, NOON);
    expect(openActions(record).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(openActionsLabel(record)).toBe('2 actions open');
    record = changeAction(record, 'a1', { status: 'dropped', droppedReason: 'Reversed by the bank' }, NOON);
    expect(openActionsLabel(record)).toBe('1 action open');
    expect(hasOpenRemediation(record)).toBe(true);
    record = changeAction(record, 'a2', { status: 'done' }, NOON);
    expect(openActionCount(record)).toBe(0);
    expect(hasOpenRemediation(record)).toBe(false);
  });
});

describe('corrective actions (stored)', () => {
  it('makes each add and status change a revision with its own history entry', async () => {
    const record = await seed();
    const added = await addCorrectiveAction(
      db,
      record.id,
      { what: 'Recall the refund', owner: 'Sam Lee', dueOn: '2025-03-07' },
      { by: 'Dana', now: at(1) },
    );
    const id = added.correction!.actions[0]!.id;
    expect(added.revision).toBe(2);
    expect(added.history.at(-1)).toEqual({
      at: at(1).toISOString(),
      by: 'Dana',
      revision: 2,
      action: 'Added corrective action: Recall the refund',
      changed: ['correction.actions'],
    });
    const started = await updateCorrectiveAction(
      db,
      record.id,
      id,
      { status: 'in-progress' },
      { by: 'Sam', now: at(2) },
    );
    expect(started.history.at(-1)).toMatchObject({ action: 'Corrective action in progress: Recall the refund' });
    const done = await updateCorrectiveAction(
      db,
      record.id,
      id,
      { status: 'done', doneOn: '2025-03-05' },
      { by: 'Sam', now: at(3) },
    );
    expect(done.correction?.actions[0]).toEqual({
      id,
      what: 'Recall the refund',
      owner: 'Sam Lee',
      dueOn: '2025-03-07',
      status: 'done',
      doneOn: '2025-03-05',
    });
    expect(done.revision).toBe(4);
    expect(await stored(record.id)).toEqual(done);
  });

  it('refuses a drop without a reason and writes nothing; keeps the reason as the history note', async () => {
    const record = await seed();
    const added = await addCorrectiveAction(db, record.id, { what: 'Recall the refund' }, { by: 'Dana', now: at(1) });
    const id = added.correction!.actions[0]!.id;
    const error = await updateCorrectiveAction(db, record.id, id, { status: 'dropped' }, { by: 'Sam' }).catch(
      (e: unknown) => e,
    );
    expect(describeError(error)).toBe('Give a reason for dropping the action.');
    expect(await stored(record.id)).toEqual(added);
    const dropped = await updateCorrectiveAction(
      db,
      record.id,
      id,
      { status: 'dropped', droppedReason: 'The bank reversed it' },
      { by: 'Sam', now: at(2) },
    );
    expect(dropped.history.at(-1)).toMatchObject({
      action: 'Corrective action dropped: Recall the refund',
      note: 'The bank reversed it',
    });
    await expect(
      updateCorrectiveAction(
        db,
        record.id,
        id,
        { status: 'dropped', droppedReason: 'The bank reversed it' },
        { by: 'Sam' },
      ),
    ).rejects.toBeInstanceOf(NothingChangedError);
    expect((await stored(record.id)).revision).toBe(3);
    await expect(addCorrectiveAction(db, record.id, { what: ' ' }, { by: 'Sam' })).rejects.toThrow(
      'Say what will be done.',
    );
    const badDate = await addCorrectiveAction(
      db,
      record.id,
      { what: 'Audit', dueOn: '07/03/2025' },
      { by: 'Sam' },
    ).catch((e: unknown) => e);
    expect(describeError(badDate)).toMatch(/^Due date: /);
  });

  it('adds and changes actions whether or not Correct is complete; completing Correct needs one', async () => {
    const record = await seed();
    const steps = [
      ['reported', {}],
      ['contained', { 'containment.notes': 'Refund bot paused', 'containment.containedAt': at(1).toISOString() }],
      ['evidence-preserved', { 'preserved.logsLocation': 'Ticket 9 export in the case folder' }],
      ['impact-assessed', { 'affected.userCount': '0', 'affected.recordCount': '0' }],
    ] as const;
    for (const [step, values] of steps) await saveStep(db, record.id, step, values, { by: 'Dana', now: at(2) });
    await expect(saveStep(db, record.id, 'corrected', {}, { by: 'Dana' })).rejects.toThrow(
      'To complete Correct, fill in: At least one corrective action.',
    );
    const added = await addCorrectiveAction(db, record.id, { what: 'Recall the refund' }, { by: 'Dana', now: at(3) });
    const corrected = await saveStep(db, record.id, 'corrected', {}, { by: 'Dana', now: at(4) });
    expect(corrected.status).toBe('corrected');
    const id = added.correction!.actions[0]!.id;
    const after = await updateCorrectiveAction(db, record.id, id, { status: 'done' }, { by: 'Sam', now: at(5) });
    expect(after.status).toBe('corrected');
    expect(hasOpenRemediation(after)).toBe(false);
    const more = await addCorrectiveAction(db, record.id, { what: 'Approval limit' }, { by: 'Sam', now: at(6) });
    expect(openActionsLabel(more)).toBe('1 action open');
  });
});
