import { describe, expect, it } from 'vitest';
import type { CapturePayload } from '../../lib/capture/schema';
import { FlaglineDb } from '../../lib/db';
import {
  actorName,
  createDraft,
  evidenceFromCapture,
  hashEvidence,
  type UnhashedEvidence,
} from '../../lib/incident/create';
import { INCIDENT_SCHEMA_VERSION, IncidentSchema, type Evidence, type Incident } from '../../lib/incident/schema';
import { canonicalJson } from '../../lib/integrity/canonical-json';
import { sha256Hex } from '../../lib/integrity/sha256';
import { useFreshDb } from './fresh-db';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2025-03-04T05:06:07.000Z');

function capture(overrides: Partial<CapturePayload> = {}): CapturePayload {
  return {
    shownText: 'The refund is approved.',
    quote: {
      type: 'TextQuoteSelector',
      exact: 'The refund is approved.',
      prefix: 'Assistant: ',
      suffix: ' Anything else?',
    },
    source: 'selection',
    containerText: 'Assistant: The refund is approved. Anything else?',
    page: {
      url: 'https://crm.example.com/accounts/7',
      title: 'Account 7',
      frameUrl: 'https://widget.example.com/chat',
      lang: 'en',
    },
    capturedAt: '2025-03-04T05:00:00.000Z',
    ...overrides,
  };
}

function evidence(): UnhashedEvidence {
  return evidenceFromCapture(capture(), 'button');
}

function withoutHash(value: Evidence): UnhashedEvidence {
  const { hash: _hash, ...rest } = value;
  return rest;
}

let db: FlaglineDb;
useFreshDb((opened) => (db = opened));

describe('evidenceFromCapture', () => {
  it('maps every capture field to the evidence group', () => {
    const input = capture();
    expect(evidenceFromCapture(input, 'context-menu')).toEqual({
      output: input.shownText,
      source: 'selection',
      trigger: 'context-menu',
      selectors: [input.quote],
      page: {
        url: input.page.url,
        title: input.page.title,
        frameUrl: input.page.frameUrl,
        lang: input.page.lang,
        capturedAt: input.capturedAt,
      },
      containerText: input.containerText,
      // Built here, from the redacted URL and quote, so the link goes through the detectors too.
      textFragmentLink:
        'https://widget.example.com/chat#:~:text=Assistant%3A-,The%20refund%20is%20approved.,-Anything%20else%3F',
    });
  });

  it.each(['button', 'context-menu', 'command', 'manual'] as const)('records the trigger %s', (trigger) => {
    expect(evidenceFromCapture(capture(), trigger).trigger).toBe(trigger);
  });

  it('keeps a text-field source and leaves absent optional fields undefined', () => {
    const { containerText: _c, ...rest } = capture({ source: 'text-field' });
    const result = evidenceFromCapture({ ...rest, page: { url: 'http://localhost/', title: '' } }, 'button');
    expect(result.source).toBe('text-field');
    expect(result.containerText).toBeUndefined();
    expect(result.page.frameUrl).toBeUndefined();
    expect(result.page.lang).toBeUndefined();
  });
});

describe('hashEvidence', () => {
  it('is SHA-256 over the canonical JSON of the evidence', async () => {
    const value = evidence();
    expect(hashEvidence(value)).toEqual({ algorithm: 'SHA-256', value: sha256Hex(canonicalJson(value)) });
  });

  it('does not depend on key order', async () => {
    const value = evidence();
    const reordered = Object.fromEntries(Object.entries(value).reverse()) as UnhashedEvidence;
    expect(hashEvidence(reordered)).toEqual(hashEvidence(value));
  });

  it.each<[string, (e: UnhashedEvidence) => UnhashedEvidence]>([
    ['output', (e) => ({ ...e, output: `${e.output}!` })],
    ['source', (e) => ({ ...e, source: 'text-field' })],
    ['trigger', (e) => ({ ...e, trigger: 'command' })],
    [
      'selectors (quote exact)',
      (e) => ({ ...e, selectors: [{ type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }] }),
    ],
    ['selectors (added)', (e) => ({ ...e, selectors: [...e.selectors, { type: 'CssSelector', value: 'p' }] })],
    ['page.url', (e) => ({ ...e, page: { ...e.page, url: 'https://crm.example.com/accounts/8' } })],
    ['page.title', (e) => ({ ...e, page: { ...e.page, title: 'Account 8' } })],
    ['page.frameUrl', (e) => ({ ...e, page: { ...e.page, frameUrl: undefined } })],
    ['page.lang', (e) => ({ ...e, page: { ...e.page, lang: 'fr' } })],
    ['page.capturedAt', (e) => ({ ...e, page: { ...e.page, capturedAt: '2025-03-04T05:00:01.000Z' } })],
    ['containerText', (e) => ({ ...e, containerText: 'other' })],
    ['prompt', (e) => ({ ...e, prompt: { value: 'Summarise', foundBy: 'generic' } })],
    ['model', (e) => ({ ...e, model: { value: 'gpt-x', foundBy: 'adapter' } })],
    ['inputs', (e) => ({ ...e, inputs: 'rows 1-4' })],
    ['toolCalls', (e) => ({ ...e, toolCalls: 'refund(500)' })],
    ['approvals', (e) => ({ ...e, approvals: 'none' })],
  ])('changes when %s changes', async (_field, change) => {
    const base = evidence();
    const before = hashEvidence(base);
    const after = hashEvidence(change(base));
    expect(after.value).toMatch(/^[0-9a-f]{64}$/);
    expect(after.value).not.toBe(before.value);
  });
});

describe('createDraft', () => {
  it('hashes the evidence as stored, after validation trims it', async () => {
    const padded: UnhashedEvidence = {
      ...evidence(),
      prompt: { value: '  Summarise the account  ', foundBy: 'generic' },
      inputs: 'rows\n',
    };
    const stored = await createDraft(db, { evidence: padded, reporter: {}, now: NOW });
    expect(stored.evidence.prompt?.value).toBe('Summarise the account');
    expect(hashEvidence(withoutHash(stored.evidence))).toEqual(stored.evidence.hash);
  });

  it('writes exactly one valid revision-1 draft with a UUIDv7 id and a correct evidence hash', async () => {
    const reporter = { name: 'Dana Reyes', email: 'dana@example.com' };
    const returned = await createDraft(db, { evidence: evidence(), reporter, now: NOW });

    const all = await db.incidents.toArray();
    expect(all).toHaveLength(1);
    const stored = all[0] as Incident;
    expect(stored).toEqual(returned);
    expect(IncidentSchema.safeParse(stored).success).toBe(true);

    expect(stored.schemaVersion).toBe(2);
    expect(stored.schemaVersion).toBe(INCIDENT_SCHEMA_VERSION);
    expect(stored.id).toMatch(UUID_V7);
    expect(stored.id.charAt(14)).toBe('7');
    expect(stored.revision).toBe(1);
    expect(stored.status).toBe('draft');
    expect(stored.createdAt).toBe(NOW.toISOString());
    expect(stored.updatedAt).toBe(NOW.toISOString());
    expect(stored.timeline.detectedAt).toBe(capture().capturedAt);
    expect(stored.reporter).toEqual(reporter);

    expect(stored.history).toHaveLength(1);
    expect(stored.history[0]).toEqual({
      at: NOW.toISOString(),
      by: 'Dana Reyes',
      revision: 1,
      action: 'Flagged (button)',
    });

    // Recompute the hash from the stored evidence without its hash.
    expect(stored.evidence.hash.algorithm).toBe('SHA-256');
    expect(stored.evidence.hash).toEqual(hashEvidence(withoutHash(stored.evidence)));
    expect(stored.evidence.hash.value).toBe(sha256Hex(canonicalJson(evidence())));
  });

  it('gives each draft its own time-ordered id', async () => {
    const first = await createDraft(db, { evidence: evidence(), reporter: {}, now: NOW });
    const second = await createDraft(db, { evidence: evidence(), reporter: {}, now: NOW });
    expect(first.id).not.toBe(second.id);
    expect(second.id > first.id).toBe(true);
    expect(await db.incidents.count()).toBe(2);
  });

  it.each([
    [{ name: 'Dana', email: 'dana@example.com' }, 'Dana'],
    [{ name: '', email: 'dana@example.com' }, 'dana@example.com'],
    [{ name: '', email: '' }, 'Reporter (unnamed)'],
    [{}, 'Reporter (unnamed)'],
  ])('names the reporter %j as %s in the history', async (reporter, by) => {
    expect(actorName(reporter)).toBe(by);
    const record = await createDraft(db, { evidence: evidence(), reporter, now: NOW });
    expect(record.history[0]?.by).toBe(by);
  });

  it('defaults the creation time to now', async () => {
    const before = Date.now();
    const record = await createDraft(db, { evidence: evidence(), reporter: {} });
    const created = Date.parse(record.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Date.now());
  });

  it.each<[string, UnhashedEvidence]>([
    ['an oversized output', { ...evidence(), output: 'x'.repeat(20_001) }],
    ['a capture time that is not ISO', { ...evidence(), page: { ...evidence().page, capturedAt: 'yesterday' } }],
    [
      'an empty quote',
      { ...evidence(), selectors: [{ type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' }] },
    ],
  ])('rejects evidence with %s and writes nothing', async (_name, bad) => {
    await expect(createDraft(db, { evidence: bad, reporter: {}, now: NOW })).rejects.toThrow();
    expect(await db.incidents.count()).toBe(0);
  });

  it('rejects a reporter with a bad email and writes nothing', async () => {
    await expect(
      createDraft(db, { evidence: evidence(), reporter: { email: 'not-an-email' }, now: NOW }),
    ).rejects.toThrow(/valid email/);
    expect(await db.incidents.count()).toBe(0);
  });

  it('rolls back the record and its chain link when a later write of the revision fails', async () => {
    const first = await createDraft(db, { evidence: evidence(), reporter: {}, now: NOW });
    // Make the last write of the revision (the outbox entry) fail inside the transaction.
    const table = db.outbox;
    const originalPut = table.bulkPut.bind(table);
    table.bulkPut = (() => Promise.reject(new Error('disk full'))) as unknown as typeof table.bulkPut;
    try {
      await expect(createDraft(db, { evidence: evidence(), reporter: {}, now: NOW })).rejects.toThrow('disk full');
    } finally {
      table.bulkPut = originalPut as typeof table.bulkPut;
    }
    expect(await db.incidents.toArray()).toEqual([first]);
    expect(await db.chain.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('writes the screenshot with the record, and neither when the write fails', async () => {
    const screenshot = {
      id: 'shot-1',
      blob: new Blob(['png'], { type: 'image/png' }),
      mediaType: 'image/png' as const,
      capturedAt: NOW.toISOString(),
    };
    const table = db.outbox;
    const originalPut = table.bulkPut.bind(table);
    table.bulkPut = (() => Promise.reject(new Error('disk full'))) as unknown as typeof table.bulkPut;
    try {
      await expect(createDraft(db, { evidence: evidence(), reporter: {}, now: NOW, screenshot })).rejects.toThrow();
    } finally {
      table.bulkPut = originalPut as typeof table.bulkPut;
    }
    expect(await db.screenshots.count()).toBe(0);
    await createDraft(db, { evidence: evidence(), reporter: {}, now: NOW, screenshot });
    expect(await db.screenshots.get('shot-1')).toBeDefined();
  });
});

describe('IncidentSchema', () => {
  async function validRecord(): Promise<Incident> {
    return createDraft(db, { evidence: evidence(), reporter: { name: 'Dana', email: 'dana@example.com' }, now: NOW });
  }

  it('accepts a record made by createDraft', async () => {
    expect(IncidentSchema.safeParse(await validRecord()).success).toBe(true);
  });

  it.each<[string, (r: Incident) => unknown, string]>([
    ['revision 0', (r) => ({ ...r, revision: 0 }), 'revision'],
    ['a fractional revision', (r) => ({ ...r, revision: 1.5 }), 'revision'],
    ['an empty history', (r) => ({ ...r, history: [] }), 'history'],
    [
      'a history entry with revision 0',
      (r) => ({ ...r, history: [{ ...r.history[0], revision: 0 }] }),
      'history.0.revision',
    ],
    [
      'an upper-case hash',
      (r) => ({
        ...r,
        evidence: { ...r.evidence, hash: { ...r.evidence.hash, value: r.evidence.hash.value.toUpperCase() } },
      }),
      'evidence.hash.value',
    ],
    [
      'a short hash',
      (r) => ({ ...r, evidence: { ...r.evidence, hash: { ...r.evidence.hash, value: 'abc123' } } }),
      'evidence.hash.value',
    ],
    [
      'another hash algorithm',
      (r) => ({ ...r, evidence: { ...r.evidence, hash: { ...r.evidence.hash, algorithm: 'MD5' } } }),
      'evidence.hash.algorithm',
    ],
    ['a bad reporter email', (r) => ({ ...r, reporter: { name: 'Dana', email: 'dana@' } }), 'reporter.email'],
    ['schema version 3', (r) => ({ ...r, schemaVersion: 3 }), 'schemaVersion'],
    ['an id that is not a UUID', (r) => ({ ...r, id: 'incident-1' }), 'id'],
    ['an unknown status', (r) => ({ ...r, status: 'closed' }), 'status'],
    ['a createdAt that is not ISO', (r) => ({ ...r, createdAt: '4 March 2025' }), 'createdAt'],
  ])('rejects a record with %s', async (_name, mutate, path) => {
    const result = IncidentSchema.safeParse(mutate(await validRecord()));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('accepts an empty reporter email (the field is optional in a draft)', async () => {
    const record = await validRecord();
    expect(IncidentSchema.safeParse({ ...record, reporter: { name: 'Dana', email: '' } }).success).toBe(true);
  });
});
