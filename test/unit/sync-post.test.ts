// How one HTTP answer is sorted into the engine's next step (receiver/README.md, "Wire contract").
import { describe, expect, it } from 'vitest';
import { classify } from '../../lib/sync/post';

const secrets = { token: 'tok_abc123', signingSecret: 'whsec_xyz789' };

function answer(status: number, body = '', headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('classifying an answer', () => {
  it.each([405, 409, 415, 418, 451])(
    '%i, a 4xx the contract does not name: sync pauses for a person',
    async (status) => {
      const outcome = await classify(answer(status, '{"error":"Use PUT, tok_abc123."}'), secrets);
      expect(outcome).toEqual({
        kind: 'pause',
        reason: 'endpoint-refused',
        message: `The endpoint refused the batch (${status}): Use PUT, [redacted]. Check the endpoint and its receiver, then sync again.`,
      });
    },
  );

  it('an unnamed 4xx without a message still names the status', async () => {
    expect(await classify(answer(405), secrets)).toMatchObject({
      kind: 'pause',
      reason: 'endpoint-refused',
      message: 'The endpoint refused the batch (405). Check the endpoint and its receiver, then sync again.',
    });
  });

  it.each([408, 425, 429, 500, 502, 503])('%i is retried later', async (status) => {
    const outcome = await classify(answer(status, '', { 'retry-after': '120' }), secrets);
    expect(outcome).toMatchObject({ kind: 'retry', retryAfter: '120' });
  });

  it.each<[number, string, string?]>([
    [401, 'pause', 'token-needed'],
    [403, 'pause', 'token-needed'],
    [404, 'pause', 'check-endpoint'],
    [410, 'pause', 'check-endpoint'],
    [413, 'split'],
    [400, 'rejected'],
    [422, 'rejected'],
  ])('%i keeps its named meaning (%s)', async (status, kind, reason) => {
    const outcome = await classify(answer(status), secrets);
    expect(outcome.kind).toBe(kind);
    if (reason) expect(outcome).toMatchObject({ reason });
  });
});
