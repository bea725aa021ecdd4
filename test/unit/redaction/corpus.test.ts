import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { saveCapture } from '../../../lib/background/flag';
import { CapturePayloadSchema, type CapturePayload } from '../../../lib/capture/schema';
import { FlaglineDb } from '../../../lib/db';
import { createManualDraft } from '../../../lib/incident/manual';
import { verifyExportText } from '../../../lib/integrity/verify';
import { buildExport } from '../../../lib/log/export';
import { captureLevels, redactionLevelItem } from '../../../lib/settings/redaction';
import { runSync } from '../../../lib/sync/engine';
import { syncSettingsItem } from '../../../lib/sync/settings';
import { BENIGN, PERSONAL, SECRETS, type Planted } from './corpus';

/** Each captured field, and how a planted text gets into it. */
const FIELDS: Record<string, (text: string) => Partial<CapturePayload>> = {
  quote: (text) => ({ shownText: `Answer: ${text} done.`, quote: quote(`Answer: ${text} done.`) }),
  context: (text) => ({ quote: { ...quote('The refund is approved.'), prefix: `${text} `, suffix: ` ${text}` } }),
  containerText: (text) => ({ containerText: `Ticket notes. ${text}. End.` }),
  title: (text) => ({ page: { ...page(), title: `Chat about ${text}` } }),
  url: (text) => ({ page: { ...page(), url: `https://app.example.com/chat?q=${encodeURIComponent(text)}&tab=2` } }),
  frameUrl: (text) => ({
    page: { ...page(), frameUrl: `https://frame.example.com/embed#note=${encodeURIComponent(text)}` },
  }),
  css: (text) => ({ css: `[data-note="${text.replace(/\n/g, ' ')}"]` }),
  prompt: (text) => ({ context: { prompt: { value: `Summarise ${text}`, foundBy: 'test' } } }),
  model: (text) => ({ context: { model: { value: text, foundBy: 'test' } } }),
  aiTool: (text) => ({ context: { aiTool: { value: `Tool ${text}`, foundBy: 'test' } } }),
  conversationId: (text) => ({ context: { conversationId: { value: text, foundBy: 'test' } } }),
  messageId: (text) => ({ context: { messageId: { value: text, foundBy: 'test' } } }),
};

function quote(exact: string) {
  return { type: 'TextQuoteSelector' as const, exact, prefix: 'Assistant: ', suffix: ' Thanks.' };
}
function page() {
  return { url: 'https://app.example.com/chat/7', title: 'Chat' };
}
function capture(overrides: Partial<CapturePayload>): CapturePayload {
  return CapturePayloadSchema.parse({
    shownText: 'The refund is approved.',
    quote: quote('The refund is approved.'),
    source: 'selection',
    page: page(),
    capturedAt: '2026-03-04T05:00:00.000Z',
    ...overrides,
  });
}

/** The spellings a value can take in a stored string: as is, URL-encoded, text-fragment-encoded, digits only. */
function spellings(value: string): string[] {
  const encoded = encodeURIComponent(value);
  const forms = [
    value,
    encoded,
    encoded.replace(/-/g, '%2D').replace(/,/g, '%2C'),
    new URLSearchParams({ v: value }).toString().slice(2),
  ];
  if (/^[\d -]+$/.test(value)) forms.push(value.replace(/\D/g, ''));
  return forms;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => strings(item, out));
  return out;
}

/** The planted values any of `texts` still holds. */
function leaked(planted: readonly Planted[], texts: readonly string[]): string[] {
  return planted
    .filter((p) => spellings(p.value).some((form) => texts.some((t) => t.includes(form))))
    .map((p) => `${p.kind}: ${p.value}`);
}

async function dumpDb(db: FlaglineDb): Promise<string[]> {
  const tables = await Promise.all(db.tables.map((table) => table.toArray()));
  return strings(tables);
}

let db: FlaglineDb;
const bodies: string[] = [];

async function plantEverywhere(planted: readonly Planted[]): Promise<number> {
  let count = 0;
  for (const [field, plant] of Object.entries(FIELDS)) {
    for (const p of planted) {
      await saveCapture(db, capture(plant(p.text)), 'context-menu');
      count += 1;
      expect(field).toBeTruthy();
    }
  }
  for (const p of planted) {
    await createManualDraft(
      db,
      {
        url: `https://app.example.com/report?about=${encodeURIComponent(p.text)}`,
        title: `Report on ${p.text}`,
        output: `The assistant wrote ${p.text} in reply.`,
        description: `It disclosed ${p.text} to the wrong customer.`,
      },
      { name: 'Ana Reviewer', email: 'ana.reviewer@flagline.test' },
      new Date(),
      await captureLevels(),
    );
    count += 1;
  }
  return count;
}

async function syncAll(): Promise<string[]> {
  await syncSettingsItem.setValue({ endpoint: 'https://sync.example.com/incidents', autoSync: true });
  // An endpoint that stores everything: it accepts each record it was sent, by reference.
  const fetch = (async (_url: string, init?: RequestInit) => {
    const body = String(init?.body);
    bodies.push(body);
    const { records } = JSON.parse(body) as { records: { id: string; revision: number }[] };
    const accepted = records.map(({ id, revision }) => ({ id, revision }));
    return new Response(JSON.stringify({ accepted }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  await runSync({ db, fetch, now: () => Date.now() }, { force: true });
  // Every revision went out, so the bodies hold everything that would leave the device.
  expect(await db.outbox.count()).toBe(0);
  return bodies.flatMap((body) => strings(JSON.parse(body)));
}

async function exportAll(format: 'json' | 'ndjson' | 'csv'): Promise<string> {
  const out = await buildExport(db, { scope: 'all', format, extensionVersion: 'test' });
  return out.parts.join('');
}

beforeEach(async () => {
  db = new FlaglineDb(`t-${crypto.randomUUID()}`);
  await db.open();
  bodies.length = 0;
  fakeBrowser.reset();
});

afterEach(async () => {
  await db.delete();
});

describe('the redaction corpus at the default level', () => {
  it('plants at least 40 values, every kind in every captured field', () => {
    expect(SECRETS.length + PERSONAL.length).toBeGreaterThanOrEqual(40);
    expect(new Set([...SECRETS, ...PERSONAL].map((p) => p.kind)).size).toBeGreaterThanOrEqual(25);
  });

  it('keeps no secret anywhere in IndexedDB, the sync body or an export', { timeout: 120_000 }, async () => {
    const flags = await plantEverywhere(SECRETS);
    expect(await db.incidents.count()).toBe(flags);
    expect(leaked(SECRETS, await dumpDb(db))).toEqual([]);
    const sent = await syncAll();
    expect(bodies.length).toBeGreaterThan(0);
    expect(leaked(SECRETS, sent)).toEqual([]);
    for (const format of ['json', 'ndjson', 'csv'] as const)
      expect(leaked(SECRETS, [await exportAll(format)])).toEqual([]);
  });

  it(
    'keeps no personal data in a sync body or an export, and the export still verifies',
    { timeout: 120_000 },
    async () => {
      await plantEverywhere(PERSONAL);
      // The default level keeps personal data on the device: the reviewer sees what was flagged.
      expect(leaked(PERSONAL, await dumpDb(db)).length).toBeGreaterThan(0);
      const sent = await syncAll();
      expect(sent.join('\n')).toContain('ana.reviewer@flagline.test');
      expect(leaked(PERSONAL, sent)).toEqual([]);
      const json = await exportAll('json');
      expect(leaked(PERSONAL, [json])).toEqual([]);
      expect(leaked(PERSONAL, [await exportAll('ndjson')])).toEqual([]);
      expect(leaked(PERSONAL, [await exportAll('csv')])).toEqual([]);
      expect(verifyExportText(json)).toMatchObject({ ok: true });
    },
  );

  it('keeps no personal data in IndexedDB either under the strict level', { timeout: 120_000 }, async () => {
    await redactionLevelItem.setValue('strict');
    await plantEverywhere(PERSONAL);
    expect(leaked(PERSONAL, await dumpDb(db))).toEqual([]);
  });

  it('leaves the near-misses alone: fewer than 2 % of benign cases are masked, and they are listed', async () => {
    const ids = new Map<string, string>();
    for (const text of BENIGN) {
      const id = await saveCapture(
        db,
        capture({ ...FIELDS.quote!(text), ...FIELDS.containerText!(text) }),
        'context-menu',
      );
      ids.set(id, text);
    }
    const file = JSON.parse(await exportAll('json')) as {
      records: { id: string; evidence: { output: string; containerText?: string } }[];
    };
    const falsePositives = file.records
      .filter((r) => !r.evidence.output.includes(ids.get(r.id)!) || !r.evidence.containerText?.includes(ids.get(r.id)!))
      .map((r) => ids.get(r.id));
    // Listed so a change in the rules shows which ordinary text it starts to mask.
    expect({ falsePositives, rate: falsePositives.length / BENIGN.length < 0.02 }).toEqual({
      falsePositives: [],
      rate: true,
    });
    expect(BENIGN.length).toBeGreaterThanOrEqual(50);
  });
});
