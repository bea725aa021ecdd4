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

describe('reading a 2xx strictly but tolerantly', () => {
  it.each([
    ['not JSON', '<html>OK</html>'],
    ['empty', ''],
    ['JSON without any list', '{"ok":true}'],
    ['a list item without a revision', '{"accepted":[{"id":"a"}]}'],
  ])('%s is no acknowledgement: a retry, suspect of the batch', async (_name, body) => {
    expect(await classify(answer(200, body), secrets)).toMatchObject({ kind: 'retry', suspect: true });
  });

  it('ignores unknown fields and cuts over-long messages', async () => {
    const body = JSON.stringify({
      accepted: [{ id: 'a', revision: 1, storedAt: 'now' }],
      rejected: [{ id: 'b', revision: 2, code: 'policy', message: 'y'.repeat(9_000), extra: true }],
      server: 'v2',
    });
    const outcome = await classify(answer(200, body), secrets);
    expect(outcome).toMatchObject({ kind: 'answered', ack: { accepted: [{ id: 'a', revision: 1 }] } });
    if (outcome.kind !== 'answered') throw new Error('unreachable');
    expect(outcome.ack.rejected?.[0]?.message).toHaveLength(2_000);
  });
});

describe('what the endpoint means beyond the status', () => {
  it('a redirect is not followed and says so', async () => {
    const outcome = await classify(answer(307, '', { location: 'https://elsewhere.example/' }), secrets);
    expect(outcome).toEqual({
      kind: 'pause',
      reason: 'check-endpoint',
      message: 'The endpoint redirected; check its URL.',
    });
  });

  it('a 401 with code clock-skew is skew, in minutes', async () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    const body = JSON.stringify({ error: 'timestamp', code: 'clock-skew', serverTime: '2026-01-01T00:00:00Z' });
    expect(await classify(answer(401, body), secrets, now)).toMatchObject({
      kind: 'skew',
      error:
        "This device's clock differs from the endpoint's by 10 minutes. Correct the clock; sync tries again on its own.",
    });
  });

  it('a plain 401 from an endpoint whose Date header is far off is skew too', async () => {
    const now = Date.parse('2026-01-01T02:00:00Z');
    const outcome = await classify(
      answer(401, '{"error":"bad signature"}', { date: 'Thu, 01 Jan 2026 00:00:00 GMT' }),
      secrets,
      now,
    );
    expect(outcome).toMatchObject({ kind: 'skew', skewMs: 7_200_000 });
  });

  it('a 401 with a matching clock is still "token needed"', async () => {
    const now = Date.parse('2026-01-01T00:00:30Z');
    const outcome = await classify(answer(401, '', { date: 'Thu, 01 Jan 2026 00:00:00 GMT' }), secrets, now);
    expect(outcome).toMatchObject({ kind: 'pause', reason: 'token-needed' });
  });

  it('a 500 may be a record’s fault; a 503 is the endpoint’s', async () => {
    expect(await classify(answer(500), secrets)).toMatchObject({ kind: 'retry', suspect: true });
    expect(await classify(answer(503), secrets)).toMatchObject({ kind: 'retry', suspect: false });
  });
});
