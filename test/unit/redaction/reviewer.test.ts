import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapturePayloadSchema } from '../../../lib/capture/schema';
import { FlaglineDb } from '../../../lib/db';
import { createDraft, evidenceFromCapture } from '../../../lib/incident/create';
import { deleteScreenshot, redactText } from '../../../lib/incident/redact';
import type { Incident } from '../../../lib/incident/schema';
import { buildExport } from '../../../lib/log/export';
import { verifyExportText } from '../../../lib/integrity/verify';
import { checkAgainstOriginal } from '../../../lib/redaction/original';
import { shareableRecord } from '../../../lib/redaction/share';

const NAME = 'Maria Gonzalez';
let db: FlaglineDb;

async function flag(withShot = false): Promise<Incident> {
  const capture = CapturePayloadSchema.parse({
    shownText: `${NAME} is owed a refund of $120.`,
    quote: { type: 'TextQuoteSelector', exact: `${NAME} is owed a refund of $120.`, prefix: 'Bot: ', suffix: ' Done.' },
    source: 'selection',
    containerText: `Case for ${NAME}. ${NAME} is owed a refund of $120. Done.`,
    page: { url: `https://crm.example.com/cases?customer=${encodeURIComponent(NAME)}`, title: `Case – ${NAME}` },
    capturedAt: '2026-03-04T05:00:00.000Z',
  });
  const evidence = evidenceFromCapture(capture, 'context-menu');
  const screenshot = withShot
    ? {
        id: '0192f7a8-3b4c-7d5e-8f90-a1b2c3d4e5f6',
        blob: new Blob(['png']),
        mediaType: 'image/png' as const,
        capturedAt: capture.capturedAt,
      }
    : undefined;
  if (screenshot) evidence.screenshot = { id: screenshot.id, mediaType: 'image/png', bytes: 3, sha256: 'a'.repeat(64) };
  return createDraft(db, { evidence, reporter: { name: 'Ana' }, screenshot });
}

beforeEach(async () => {
  db = new FlaglineDb(`t-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe("the reviewer's own redaction", () => {
  it('masks every occurrence as a new revision, keeps the capture hash, and names no value in the history', async () => {
    const original = await flag();
    const redacted = await redactText(db, original.id, NAME, { by: 'Ana' });
    expect(redacted.revision).toBe(2);
    expect(JSON.stringify(redacted)).not.toContain('Maria');
    expect(redacted.evidence.output).toBe('[redacted] is owed a refund of $120.');
    expect(redacted.evidence.hash).toEqual(original.evidence.hash);
    expect(redacted.history.at(-1)).toMatchObject({ action: 'Redacted evidence', by: 'Ana', revision: 2 });
    expect(redacted.evidence.masked?.every((m) => m.by === 'reviewer' && m.kind !== NAME)).toBe(true);
    expect(await db.incidents.get(original.id)).toEqual(redacted);
  });

  it('keeps the original verifiable by whoever holds it, and a tampered original fails', async () => {
    const original = await flag();
    const redacted = await redactText(db, original.id, NAME, { by: 'Ana' });
    expect(await checkAgainstOriginal(redacted.evidence, original.evidence)).toEqual({
      hashMatches: true,
      masksMatch: true,
    });
    const forged = { ...original.evidence, output: original.evidence.output.replace('$120', '$12') };
    expect((await checkAgainstOriginal(redacted.evidence, forged)).hashMatches).toBe(false);
    // The shared form adds its own masks after the reviewer's, and still replays from the original.
    const shared = shareableRecord(redacted);
    expect(await checkAgainstOriginal(shared.evidence, original.evidence)).toEqual({
      hashMatches: true,
      masksMatch: true,
    });
  });

  it('drops the earlier revision still waiting in the outbox, so the name is not sent after all', async () => {
    const original = await flag();
    await redactText(db, original.id, NAME, { by: 'Ana' });
    const queued = await db.outbox.toArray();
    expect(queued.map((e) => e.revision)).toEqual([2]);
    expect(JSON.stringify(queued)).not.toContain('Maria');
  });

  it('exports [redacted] in a file that verifies', async () => {
    const original = await flag();
    await redactText(db, original.id, NAME, { by: 'Ana' });
    const json = (await buildExport(db, { scope: 'all', format: 'json', extensionVersion: 't' })).parts.join('');
    expect(json).toContain('[redacted] is owed');
    expect(json).not.toContain('Maria');
    expect(verifyExportText(json)).toMatchObject({ ok: true });
  });

  it('refuses text that is not in the evidence or too short', async () => {
    const original = await flag();
    await expect(redactText(db, original.id, 'Somebody else', { by: 'Ana' })).rejects.toThrow(/not in the evidence/);
    await expect(redactText(db, original.id, 'M', { by: 'Ana' })).rejects.toThrow(/at least 2/);
  });
});

describe('deleting a screenshot', () => {
  it('is a revision that records the deletion, and the image is gone from the database', async () => {
    const original = await flag(true);
    expect(await db.screenshots.count()).toBe(1);
    const after = await deleteScreenshot(db, original.id, { by: 'Ana' });
    expect(after.evidence.screenshot).toBeUndefined();
    expect(after.history.at(-1)?.action).toBe('Deleted the screenshot');
    expect(await db.screenshots.count()).toBe(0);
    expect(await checkAgainstOriginal(after.evidence, original.evidence)).toEqual({
      hashMatches: true,
      masksMatch: true,
    });
    await expect(deleteScreenshot(db, original.id, { by: 'Ana' })).rejects.toThrow(/no screenshot/);
  });
});
