// @vitest-environment node
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, fullJitterDelay, parseRetryAfter } from '../../lib/sync/backoff';
import { checkEndpoint } from '../../lib/sync/endpoint';
import { originPattern } from '../../lib/shared/match-pattern';
import { isValidSigningSecret, signatureHeaders } from '../../lib/sync/signing';
import { wireContractJsonSchema } from '../../lib/sync/wire-schema';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('full-jitter backoff', () => {
  it.each([
    [0, 1, 30_000],
    [1, 1, 60_000],
    [3, 1, 240_000],
    [20, 1, BACKOFF_CAP_MS],
    [2, 0, 0],
  ])('attempt %i with random %f waits under %i ms', (attempt, random, ceiling) => {
    const delay = fullJitterDelay(attempt, () => (random === 1 ? 0.999999 : random));
    expect(delay).toBeLessThan(ceiling + 1);
    expect(delay).toBeGreaterThanOrEqual(random === 1 ? ceiling * 0.99 : 0);
  });
});

describe('Retry-After', () => {
  it.each<[string, string | null, number | undefined]>([
    ['seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:05:00 GMT', 300_000],
    ['a date in the past, clamped to now', 'Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['a huge number, clamped to an hour', '999999999', BACKOFF_CAP_MS],
    ['garbage', 'soon', undefined],
    ['a negative number', '-5', undefined],
    ['a fraction', '1.5', undefined],
    ['missing', null, undefined],
  ])('reads %s', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('endpoint URL', () => {
  it.each([
    ['https://incidents.example.com/flagline', true],
    ['http://127.0.0.1:8787/v1/batches', true],
    ['http://localhost:8787/v1/batches', true],
    ['http://incidents.example.com/flagline', false],
    ['ftp://example.com/', false],
    ['https://user:pass@example.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s is accepted: %s', (url, ok) => {
    expect(checkEndpoint(url).ok).toBe(ok);
  });

  it('says why http elsewhere is refused', () => {
    expect(checkEndpoint('http://example.com/')).toEqual({
      ok: false,
      error: 'Use https. Plain http is allowed only on localhost.',
    });
  });

  it('asks for the endpoint origin alone', () => {
    expect(originPattern('https://incidents.example.com:8443')).toBe('https://incidents.example.com/*');
  });
});

describe('Standard Webhooks signature', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('is verified by the standardwebhooks library', async () => {
    const body = '{"records":[]}';
    const headers = await signatureHeaders(secret, 'batch-1', body, new Date());
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ records: [] });
  });

  it('fails verification when the body changes', async () => {
    const headers = await signatureHeaders(secret, 'batch-1', '{"a":1}', new Date());
    expect(() => new Webhook(secret).verify('{"a":2}', headers)).toThrow();
  });

  it.each([
    [secret, true],
    ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true],
    ['whsec_short', false],
    ['not base64!', false],
  ])('secret %s is usable: %s', (value, ok) => {
    expect(isValidSigningSecret(value)).toBe(ok);
  });
});

describe('wire contract JSON Schema', () => {
  const file = path.resolve('receiver/schema/wire-contract.json');

  it('in the repository matches the Zod schemas (npm run schema:wire rewrites it)', async () => {
    // Formatted as Prettier formats the file, so the format gate and this check agree.
    const options = await prettier.resolveConfig(file);
    const generated = await prettier.format(JSON.stringify(wireContractJsonSchema()), { ...options, parser: 'json' });
    if (process.env.UPDATE_WIRE_SCHEMA) writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('describes the batch envelope and the acknowledgement', () => {
    const schema = wireContractJsonSchema() as { $defs: Record<string, { required?: string[] }> };
    expect(schema.$defs.Batch?.required).toEqual(['schemaVersion', 'batchId', 'deviceId', 'sentAt', 'records']);
    expect(Object.keys(schema.$defs)).toEqual(['Batch', 'Ack']);
  });
});
