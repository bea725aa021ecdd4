// Every write command of the extension pages, through the background's message handler: the write
// happens, the post-write effects run once it did, and a forged sender is refused with nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { addCorrectiveAction, declineIncident, saveStep } from '../../lib/incident/lifecycle-actions';
import { updateIncident } from '../../lib/incident/update';
import { draftFields } from '../../lib/incident/draft-store';
import { submitReport } from '../../lib/incident/report-actions';
import type { Incident } from '../../lib/incident/schema';
import type { CommandType } from '../../lib/messaging/commands';
import { COMMAND_SCHEMAS } from '../../lib/messaging/commands';
import { reporterItem } from '../../lib/settings/items';
import { SYNC_SECRETS_KEY } from '../../lib/sync/secrets';
import {
  NAME,
  PAGE_URL,
  dispatch,
  flagged,
  forgedSenders,
  pageSender,
  seedWorkflow,
  snapshot,
  spyEffects,
} from './command-harness';

let db: FlaglineDb;
let record: Incident;
let other: Incident;

beforeEach(async () => {
  db = new FlaglineDb(`commands-${crypto.randomUUID()}`);
  await db.open();
  await reporterItem.setValue({ name: 'Dana Reyes', email: 'dana@example.com' });
  await seedWorkflow(db);
  record = await flagged(db, `${NAME} is owed a refund of $120.`, true);
  other = await flagged(db, 'The same refund, flagged twice.');
});
afterEach(async () => {
  await db.delete();
});

const latest = async (id = record.id) => (await db.incidents.get(id))!;
const lastEntry = async (id = record.id) => (await latest(id)).history.at(-1);

interface Case {
  type: CommandType;
  /** The command; may prepare the record first (directly, as the background would have). */
  command: () => Promise<Record<string, unknown>>;
  /** Checks the write; `reply` is the background's answer. */
  check: (reply: Record<string, unknown>) => Promise<void>;
  /** Pages whose highlights the write affects. */
  pages: () => string[];
  /** False for a command that keeps unsubmitted input only: no revision, so no post-write effect. */
  writes?: false;
}

const recordPages = () => [PAGE_URL];
const CONTAINED_VALUES = {
  'containment.notes': 'Paused the bot',
  'containment.containedAt': '2026-03-04T05:30:00.000Z',
};
const CASES: Case[] = [
  {
    type: 'ui-bg:save-report',
    command: async () => ({
      id: record.id,
      report: {
        answers: { leftCompany: 'yes' },
        workflowId: 'wf-refunds',
        description: 'Approved a refund nobody asked for',
        containmentDone: [],
      },
    }),
    check: async (reply) => {
      expect(reply).toEqual({ ok: true, id: record.id, said: expect.stringMatching(/^Report submitted: Incident · /) });
      const saved = await latest();
      expect(saved.whatHappened).toBe('Approved a refund nobody asked for');
      expect(saved.workflow).toEqual({
        id: 'wf-refunds',
        name: 'Refund assistant',
        owner: 'Sam Lee',
        fallbackProcess: 'Manual refunds',
      });
      expect(saved.steps?.reported?.by).toBe('Dana Reyes');
      expect(await lastEntry()).toMatchObject({
        by: 'Dana Reyes',
        action: expect.stringMatching(/^Reported and assessed: incident SEV1 provisional$/),
      });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:create-report',
    command: async () => ({
      report: {
        url: 'https://tool.example.com/chat',
        title: 'Chat',
        output: 'Your claim is denied.',
        description: 'Wrong',
      },
    }),
    check: async (reply) => {
      const created = await latest(String(reply.id));
      expect(created).toMatchObject({ status: 'draft', reporter: { name: 'Dana Reyes' }, whatHappened: 'Wrong' });
      expect(created.evidence).toMatchObject({ source: 'manual', output: 'Your claim is denied.' });
    },
    pages: () => ['https://tool.example.com/chat'],
  },
  {
    type: 'ui-bg:save-step',
    command: async () => {
      await saveStep(db, record.id, 'reported', {}, { by: 'Ana' });
      return { id: record.id, step: 'contained', values: CONTAINED_VALUES };
    },
    check: async () => {
      expect((await latest()).containment?.notes).toBe('Paused the bot');
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Completed step: Contain' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:reopen-step',
    command: async () => {
      await saveStep(db, record.id, 'reported', {}, { by: 'Ana' });
      await saveStep(db, record.id, 'contained', CONTAINED_VALUES, { by: 'Ana' });
      return { id: record.id, step: 'contained', reason: 'The bot was still sending' };
    },
    check: async () => {
      expect((await latest()).steps?.contained).toBeUndefined();
      expect(await lastEntry()).toMatchObject({
        by: 'Dana Reyes',
        action: 'Reopened step: Contain',
        note: 'The bot was still sending',
      });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:decline',
    command: async () => ({ id: record.id, reason: 'A test prompt, not an incident' }),
    check: async () => {
      expect(await latest()).toMatchObject({
        status: 'declined',
        declined: { reason: 'A test prompt, not an incident' },
      });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:merge',
    command: async () => ({ id: record.id, targetId: other.id }),
    check: async () => expect(await latest()).toMatchObject({ status: 'merged', mergedInto: other.id }),
    pages: recordPages,
  },
  {
    type: 'ui-bg:reopen-record',
    command: async () => {
      await declineIncident(db, record.id, 'Too hasty', { by: 'Ana' });
      return { id: record.id };
    },
    check: async () => {
      const reopened = await latest();
      expect(reopened.status).toBe('draft');
      expect(reopened.declined).toBeUndefined();
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:redact-text',
    command: async () => ({ id: record.id, text: NAME }),
    check: async () => {
      const redacted = await latest();
      expect(redacted.evidence.output).not.toContain(NAME);
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Redacted evidence' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:delete-screenshot',
    command: async () => ({ id: record.id }),
    check: async () => {
      expect((await latest()).evidence.screenshot).toBeUndefined();
      expect(await db.screenshots.count()).toBe(0);
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:save-workflow',
    command: async () => ({
      workflow: { id: 'wf-billing', name: 'Billing bot', owner: 'Kim', fallbackProcess: 'Manual billing' },
    }),
    check: async (reply) => {
      const stored = await db.workflows.get('wf-billing');
      expect(stored).toMatchObject({ name: 'Billing bot', owner: 'Kim', urlPatterns: [] });
      expect(reply).toEqual({ ok: true, workflow: stored });
    },
    pages: () => [],
  },
  {
    type: 'ui-bg:delete-workflow',
    command: async () => ({ id: 'wf-refunds' }),
    check: async () => expect(await db.workflows.count()).toBe(0),
    pages: () => [],
  },
  {
    type: 'ui-bg:import-workflows',
    command: async () => ({
      text: JSON.stringify({
        kind: 'flagline-workflows',
        schemaVersion: 1,
        exportedAt: '2026-03-04T05:00:00.000Z',
        workflows: [
          {
            id: 'wf-hr',
            name: 'HR bot',
            owner: 'Lee',
            fallbackProcess: 'Ask HR',
            updatedAt: '2026-03-04T05:00:00.000Z',
          },
        ],
      }),
    }),
    check: async (reply) => {
      expect(reply).toEqual({ ok: true, added: 1, updated: 0 });
      expect(await db.workflows.get('wf-hr')).toMatchObject({ name: 'HR bot' });
    },
    pages: () => [],
  },
  {
    type: 'ui-bg:save-draft',
    command: async () => ({ id: record.id, draft: { description: 'Half typ', answers: { leftCompany: 'no' } } }),
    check: async () => {
      expect(await draftFields(record.id)).toEqual({ description: 'Half typ', answers: { leftCompany: 'no' } });
      expect((await latest()).revision).toBe(1);
    },
    pages: () => [],
    writes: false,
  },
  {
    type: 'ui-bg:save-assessment',
    command: async () => {
      const form = { answers: {}, description: 'Wrong refund', containmentDone: [] };
      await submitReport(db, record.id, form, { by: 'Ana' });
      return {
        id: record.id,
        assessment: { answers: { leftCompany: 'no', tookAction: 'no', actedUpon: 'no' }, containmentDone: [] },
      };
    },
    check: async (reply) => {
      expect(reply.said).toMatch(
        /^Assessment saved: Near miss · could have been SEV2 · 5 answers open\. Next: contain\.$/,
      );
      const saved = await latest();
      expect(saved).toMatchObject({ status: 'reported', revision: 3, assessment: { class: 'near-miss' } });
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Assessed: near miss SEV2 provisional' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:discard',
    command: async () => ({ id: record.id }),
    check: async () => {
      expect(await latest()).toMatchObject({ status: 'declined', declined: { reason: 'Discarded by the reporter' } });
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Discarded by the reporter' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:save-sync-secrets',
    command: async () => ({ token: 'tok_new', signingSecret: 'whsec_c2F2ZWQtc2VjcmV0LTE2Ynl0ZXM=' }),
    check: async () => {
      expect((await db.meta.get(SYNC_SECRETS_KEY))?.value).toEqual({
        token: 'tok_new',
        signingSecret: 'whsec_c2F2ZWQtc2VjcmV0LTE2Ynl0ZXM=',
      });
    },
    pages: () => [],
  },
  {
    type: 'ui-bg:tick-checklist',
    command: async () => ({ id: record.id, key: 'contained.fallback-in-use', ticked: true }),
    check: async () => {
      expect((await latest()).checklist?.['contained.fallback-in-use']).toMatchObject({ by: 'Dana Reyes' });
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Ticked: Fallback process in use' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:tick-containment',
    command: async () => {
      const routing = {
        severity: 'SEV2' as const,
        routedAt: '2026-03-04T05:00:00.000Z',
        within: '4 hours',
        dueAt: '2026-03-04T09:00:00.000Z',
        parties: [],
        containment: [{ id: 'pause', text: 'Pause the workflow' }],
        failedControls: [],
      };
      await updateIncident(db, record.id, (r) => ({ ...r, routing }), { by: 'Ana', action: 'Routed' });
      return { id: record.id, stepId: 'pause', done: true };
    },
    check: async () => {
      expect((await latest()).containment?.done).toEqual(['pause']);
      expect(await lastEntry()).toMatchObject({ action: 'Containment step done: Pause the workflow' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:add-action',
    command: async () => ({
      id: record.id,
      action: { what: 'Reverse the refund', owner: 'Sam Lee', dueOn: '2026-03-06' },
    }),
    check: async () => {
      expect((await latest()).correction?.actions).toEqual([
        { id: expect.any(String), what: 'Reverse the refund', owner: 'Sam Lee', dueOn: '2026-03-06', status: 'open' },
      ]);
      expect(await lastEntry()).toMatchObject({
        by: 'Dana Reyes',
        action: 'Added corrective action: Reverse the refund',
      });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:update-action',
    command: async () => {
      const added = await addCorrectiveAction(db, record.id, { what: 'Reverse the refund' }, { by: 'Ana' });
      return {
        id: record.id,
        actionId: added.correction!.actions[0]!.id,
        status: 'dropped',
        droppedReason: 'Customer kept it',
      };
    },
    check: async () => {
      expect((await latest()).correction?.actions[0]).toMatchObject({
        status: 'dropped',
        droppedReason: 'Customer kept it',
      });
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', note: 'Customer kept it' });
    },
    pages: recordPages,
  },
  {
    type: 'ui-bg:mark-told',
    command: async () => {
      const form = { answers: { tookAction: 'yes' as const }, description: 'Wrong refund', containmentDone: [] };
      await submitReport(db, record.id, { ...form, workflowId: 'wf-refunds' }, { by: 'Ana' });
      return { id: record.id, who: 'Owner: Sam Lee', told: { how: 'email', reference: 'MSG-1' } };
    },
    check: async () => {
      const saved = await latest();
      expect(saved.routing?.parties[0]).toMatchObject({
        who: 'Owner: Sam Lee',
        told: { how: 'email', reference: 'MSG-1', by: 'Dana Reyes', at: expect.any(String) },
      });
      expect(await lastEntry()).toMatchObject({ by: 'Dana Reyes', action: 'Marked as told: Owner: Sam Lee' });
    },
    pages: recordPages,
  },
];

describe('write commands through the background', () => {
  it.each(CASES.map((c) => [c.type, c] as const))('%s writes, then runs every post-write effect', async (_, c) => {
    const message = { type: c.type, ...(await c.command()) };
    const effects = spyEffects();
    const reply = await dispatch(db, message, pageSender(), effects);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    await c.check(reply as Record<string, unknown>);
    if (c.writes === false) {
      expect(effects.updateBadge).not.toHaveBeenCalled();
      expect(effects.kickSync).not.toHaveBeenCalled();
      return;
    }
    expect(effects.updateBadge).toHaveBeenCalledExactlyOnceWith(db);
    expect(effects.kickSync).toHaveBeenCalledExactlyOnceWith(db);
    expect(effects.refreshHighlights).toHaveBeenCalledExactlyOnceWith(db, c.pages());
  });

  it.each(CASES.flatMap((c) => forgedSenders.map(([who, sender]) => [c.type, who, c, sender] as const)))(
    '%s from %s is refused and writes nothing',
    async (_type, _who, c, sender) => {
      const message = { type: c.type, ...(await c.command()) };
      const before = await snapshot(db);
      const effects = spyEffects();
      const reply = await dispatch(db, message, sender(), effects);
      expect(reply).toEqual({ ok: false, error: 'Changes are only accepted from Flagline’s own pages.' });
      expect(await snapshot(db)).toEqual(before);
      expect(effects.updateBadge).not.toHaveBeenCalled();
      expect(effects.kickSync).not.toHaveBeenCalled();
      expect(effects.refreshHighlights).not.toHaveBeenCalled();
    },
  );

  it('covers every write command the protocol names (the log import has its own tests)', () => {
    const types = COMMAND_SCHEMAS.map((schema) => schema.shape.type.value).filter(
      (t) => !t.startsWith('ui-bg:import-') || t === 'ui-bg:import-workflows',
    );
    expect(CASES.map((c) => c.type).sort()).toEqual(types.sort());
  });

  it('a refused action answers in plain words, writes nothing and runs no effect', async () => {
    const before = await snapshot(db);
    const effects = spyEffects();
    const reply = await dispatch(db, { type: 'ui-bg:decline', id: record.id, reason: '  ' }, pageSender(), effects);
    expect(reply).toEqual({ ok: false, error: 'Enter a reason for declining.' });
    expect(await snapshot(db)).toEqual(before);
    expect(effects.kickSync).not.toHaveBeenCalled();
    expect(effects.updateBadge).not.toHaveBeenCalled();
  });

  it('a malformed command is refused by the protocol before any handler runs', async () => {
    const effects = spyEffects();
    const reply = await dispatch(db, { type: 'ui-bg:decline', id: 'not-a-uuid', reason: 'x' }, pageSender(), effects);
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/^Rejected message at id/) });
    expect((await latest()).status).toBe('draft');
  });
});
