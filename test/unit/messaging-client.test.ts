// The typed client of the extension pages: each request's reply type follows from its type, and
// every way a request can go wrong comes back as a failure in words, never as a throw.
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { afterWrite } from '../../lib/background/after-write';
import { getDb } from '../../lib/db';
import { send } from '../../lib/messaging/client';
import type { Workflow } from '../../lib/workflows/schema';
import { spyEffects } from './command-harness';

const WORKFLOW = {
  id: 'wf-1',
  name: 'Refund assistant',
  owner: 'Sam',
  fallbackProcess: 'Manual refunds',
  reviewStandard: '',
  escalationPath: [],
  urlPatterns: [],
  updatedAt: '2026-03-04T05:00:00.000Z',
};

describe('send', () => {
  it('types and parses the reply of each request', async () => {
    const reply = await send({ type: 'ui-bg:save-workflow', workflow: WORKFLOW }, async () => ({
      ok: true,
      workflow: WORKFLOW,
    }));
    expect(reply).toEqual({ ok: true, workflow: WORKFLOW });
    if (reply.ok) expectTypeOf(reply.workflow).toEqualTypeOf<Workflow>();
    const created = await send(
      { type: 'ui-bg:create-report', report: { url: '', title: '', output: 'x', description: 'y' } },
      async () => ({ ok: true, id: 'a' }),
    );
    if (created.ok) expectTypeOf(created.id).toEqualTypeOf<string>();
    else expectTypeOf(created.error).toEqualTypeOf<string>();
  });

  it('passes a failure through with its details', async () => {
    const failure = { ok: false, error: 'Nothing was imported.', details: ['workflows.0.name: required'] };
    expect(await send({ type: 'ui-bg:import-workflows', text: '{}' }, async () => failure)).toEqual(failure);
  });

  it.each([
    ['throws (no listener)', () => Promise.reject(new Error('Could not establish connection.')), /did not answer/],
    ['answers nothing', () => Promise.resolve(undefined), /did not answer/],
    ['answers a reply of the wrong shape', () => Promise.resolve({ ok: true, workflow: 'x' }), /does not understand/],
    ['answers without ok', () => Promise.resolve({ workflow: WORKFLOW }), /does not understand/],
  ])('turns a background that %s into a failure', async (_, transport, error) => {
    const reply = await send({ type: 'ui-bg:save-workflow', workflow: WORKFLOW }, transport);
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(error) });
  });
});

describe('afterWrite', () => {
  it('runs every effect, and a failing one neither stops the others nor fails the write', async () => {
    const effects = spyEffects();
    effects.updateBadge.mockRejectedValue(new Error('no action API'));
    effects.refreshHighlights.mockImplementation(() => {
      throw new Error('tabs unavailable');
    });
    await expect(afterWrite(getDb(), { pages: ['https://a.example/'] }, effects)).resolves.toBeUndefined();
    expect(effects.refreshHighlights).toHaveBeenCalledWith(getDb(), ['https://a.example/']);
    expect(effects.updateBadge).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(effects.kickSync).toHaveBeenCalledOnce());
  });
});
