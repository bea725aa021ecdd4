// Imported revisions obey the rules of local edits; a file cannot rewrite evidence, jump
// revisions or borrow another record's screenshot, and a huge broken file is refused quickly.
import { afterEach, describe, expect, it } from 'vitest';
import { screenshotBelongs } from '../../lib/capture/screenshot-owner';
import { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import type { Incident } from '../../lib/incident/schema';
import { canonicalJson } from '../../lib/integrity/canonical-json';
import { sha256Hex } from '../../lib/integrity/sha256';
import { buildExport } from '../../lib/log/export';
import { describeImport, importExportText, type ImportResult } from '../../lib/log/import';
import { sampleRecord } from '../../lib/log/sample';
import type { Pacer } from '../../lib/log/pace';

const dbs: FlaglineDb[] = [];
async function dbWith(records: Incident[]): Promise<FlaglineDb> {
  const db = new FlaglineDb(`import-rules-${crypto.randomUUID()}`);
  await db.open();
  dbs.push(db);
  if (records.length) await db.transaction('rw', revisionTables(db), () => writeRevisions(db, records));
  return db;
}
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

/** An export whose chain is whole: what anyone can produce with a copy of Flagline. */
async function fileOf(records: Incident[]): Promise<string> {
  const db = await dbWith(records);
  return (await buildExport(db, { scope: 'all', format: 'json', extensionVersion: '0.1.0' })).parts.join('');
}

const withHash = (evidence: Omit<Incident['evidence'], 'hash'>): Incident['evidence'] => ({
  ...evidence,
  hash: { algorithm: 'SHA-256', value: sha256Hex(canonicalJson(evidence)) },
});

function nextRevision(record: Incident, changes: Partial<Incident> = {}, revision = record.revision + 1): Incident {
  const at = `2026-03-0${Math.min(revision, 9)}T00:00:00.000Z`;
  return {
    ...record,
    ...changes,
    revision,
    updatedAt: at,
    history: [...record.history, { at, by: 'Them', revision, action: 'Edited', changed: ['whatHappened'] }],
  };
}

function refused(result: ImportResult): { message: string; details: string[] } {
  if (result.ok) throw new Error(`Expected a refusal, got ${JSON.stringify(result.summary)}`);
  return result;
}

describe('an imported later revision', () => {
  const ours = sampleRecord(0);

  it('refuses a crafted file: quote and URL changed, old hash kept, revision 1 → 999,999', async () => {
    const target = await dbWith([ours]);
    const before = await target.chain.count();
    const { hash: _hash, ...unhashed } = ours.evidence;
    const forged: Incident = {
      ...ours,
      revision: 999_999,
      evidence: {
        ...unhashed,
        output: 'The refund was denied.',
        selectors: [{ type: 'TextQuoteSelector', exact: 'The refund was denied.', prefix: '', suffix: '' }],
        page: { ...ours.evidence.page, url: 'https://evil.example/' },
        hash: ours.evidence.hash,
      },
      history: [...ours.history, { at: '2026-03-01T00:00:00.000Z', by: 'Them', revision: 999_999, action: 'Edited' }],
    };
    const result = refused(await importExportText(target, await fileOf([forged])));
    expect(result.details.join(' ')).toContain(`Record ${ours.id} (revision 999999): its evidence does not match`);
    expect(await target.incidents.get(ours.id)).toEqual(ours);
    expect(await target.chain.count()).toBe(before);
    expect(await target.outbox.count()).toBe(1);
  });

  it('refuses changed evidence even with its hash recomputed, naming the record', async () => {
    const target = await dbWith([ours]);
    const { hash: _hash, ...unhashed } = ours.evidence;
    const rewritten = nextRevision(ours, { evidence: withHash({ ...unhashed, output: 'Something else.' }) });
    const result = refused(await importExportText(target, await fileOf([rewritten])));
    expect(result.details).toEqual([
      `Record ${ours.id} (revision 2): its evidence differs from ours, and evidence is never edited after capture.`,
    ]);
    expect(await target.incidents.get(ours.id)).toEqual(ours);
  });

  it('refuses a revision number without a history entry for every revision', async () => {
    const target = await dbWith([ours]);
    const jumped = nextRevision(ours, { whatHappened: 'Jumped.' }, 999_999);
    const result = refused(await importExportText(target, await fileOf([jumped])));
    expect(result.details[0]).toContain('it has 2 history entries; every revision adds exactly one');
    const gap = nextRevision(nextRevision(ours, { whatHappened: 'Edited.' }), {}, 3);
    gap.history[1] = { ...gap.history[1]!, revision: 5 };
    const again = refused(await importExportText(target, await fileOf([gap])));
    expect(again.details[0]).toContain('history entry 2 is numbered 5');
  });

  it('refuses a changed creation time', async () => {
    const target = await dbWith([ours]);
    const moved = nextRevision(ours, { createdAt: '2020-01-01T00:00:00.000Z' });
    const result = refused(await importExportText(target, await fileOf([moved])));
    expect(result.details[0]).toContain('its creation time differs from ours');
  });

  it('refuses a new record whose evidence hash does not hold', async () => {
    const target = await dbWith([]);
    const other = sampleRecord(1);
    const tampered = { ...other, evidence: { ...other.evidence, output: 'Changed after capture.' } };
    const result = refused(await importExportText(target, await fileOf([tampered])));
    expect(result.details[0]).toContain(`Record ${other.id} (revision 1): its evidence does not match`);
    expect(await target.incidents.count()).toBe(0);
  });

  it('still takes a genuine later revision', async () => {
    const target = await dbWith([ours]);
    const result = await importExportText(target, await fileOf([nextRevision(ours, { whatHappened: 'More.' })]));
    expect(result.ok && result.summary).toMatchObject({ updated: 1, conflicts: [] });
  });
});

describe('screenshot references', () => {
  const shotRef = (blob: Blob) => ({
    id: '0190f000-0000-7000-8000-00000000aaaa',
    mediaType: 'image/png' as const,
    bytes: blob.size,
    sha256: '',
  });

  async function setUp(rowHasOwner: boolean) {
    const blob = new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], { type: 'image/png' });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
    const ref = { ...shotRef(blob), sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') };
    const base = sampleRecord(0);
    const { hash: _h, ...unhashed } = base.evidence;
    const mine: Incident = { ...base, evidence: withHash({ ...unhashed, screenshot: ref }) };
    const target = await dbWith([mine]);
    await target.screenshots.put({
      id: ref.id,
      blob,
      mediaType: 'image/png',
      capturedAt: mine.createdAt,
      ...(rowHasOwner ? { recordId: mine.id } : {}),
    });
    // Another record, new here, whose (hashed, intact) evidence names our screenshot.
    const other = sampleRecord(1);
    const { hash: _o, ...otherUnhashed } = other.evidence;
    const borrowing: Incident = { ...other, evidence: withHash({ ...otherUnhashed, screenshot: ref }) };
    return { target, mine, borrowing, ref };
  }

  for (const rowHasOwner of [true, false]) {
    it(`a new record pointing at another record's image is imported without it (row ${rowHasOwner ? 'with' : 'without'} owner)`, async () => {
      const { target, mine, borrowing, ref } = await setUp(rowHasOwner);
      const result = await importExportText(target, await fileOf([borrowing]));
      if (!result.ok) throw new Error(result.details.join(' '));
      expect(result.summary).toMatchObject({ added: 1, screenshotsDropped: [borrowing.id] });
      expect(describeImport(result.summary)).toContain("1 screenshot reference to another record's image ignored");
      const row = (await target.screenshots.get(ref.id))!;
      expect(row.recordId).toBe(mine.id);
      expect(await screenshotBelongs(row, borrowing.id, ref)).toBe(false);
      expect(await screenshotBelongs(row, mine.id, ref)).toBe(true);
    });
  }

  it('a row from before owners were kept shows only for a matching digest', async () => {
    const { ref } = await setUp(false);
    const blob = new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], { type: 'image/png' });
    expect(await screenshotBelongs({ blob }, 'any', ref)).toBe(true);
    expect(await screenshotBelongs({ blob }, 'any', { ...ref, sha256: '0'.repeat(64) })).toBe(false);
  });
});

describe('huge or broken files', () => {
  const envelope = (records: string, count: number, links = '') =>
    `{"kind":"flagline-incidents","schemaVersion":1,"exportedAt":"2026-01-01T00:00:00.000Z","extensionVersion":"0.1.0","scope":"all","count":${count},"records":[${records}],"chain":{"algorithm":"SHA-256","links":[${links}]}}`;

  it('refuses 1,000,000 empty records by counting, without a stack overflow', async () => {
    const target = await dbWith([]);
    const text = envelope(Array(1_000_000).fill('{}').join(','), 1_000_000);
    expect(text.length).toBeGreaterThan(2_900_000);
    const result = refused(await importExportText(target, text));
    expect(result.message).toBe('The file is not a whole Flagline export.');
    expect(result.details[0]).toContain('holds 1000000 records and 0 chain links');
    expect(await target.incidents.count()).toBe(0);
  });

  it('stops at the first few problems of a broken file', async () => {
    const target = await dbWith([]);
    const junk = `{"note":"${'x'.repeat(400)}"}`;
    const link = `{"pad":"${'y'.repeat(300)}"}`;
    const text = envelope(Array(2_000).fill(junk).join(','), 2_000, Array(2_000).fill(link).join(','));
    const result = refused(await importExportText(target, text));
    expect(result.message).toBe('The file does not match the export schema.');
    expect(result.details).toHaveLength(6);
    expect(result.details[0]).toMatch(/^records\[0\]\./);
    expect(result.details.at(-1)).toBe('…checking stopped there.');
  });

  it('gives the page back while it checks a large file', async () => {
    const records = Array.from({ length: 600 }, (_, index) => sampleRecord(index));
    const text = await fileOf(records);
    const target = await dbWith([]);
    let pauses = 0;
    // A clock that always says the budget is spent: every chance to pause is taken and counted.
    const pace: Pacer = { due: () => true, pause: async () => void (pauses += 1) };
    const result = await importExportText(target, text, { pace });
    expect(result.ok).toBe(true);
    // Records and links are each checked in several passes; each pass pauses at least every 128 items.
    expect(pauses).toBeGreaterThan(4 * Math.floor(600 / 128));
  });
});

/** A record holding personal data, as this device stores it at the default level. */
function withPersonalData(index: number): Incident {
  const record = sampleRecord(index);
  return {
    ...record,
    evidence: withHash({
      output: 'Send the refund to maria.gonzalez@example.org today.',
      source: 'manual',
      trigger: 'manual',
      selectors: [],
      page: record.evidence.page,
    }),
  };
}

describe('an imported masked record (personal data masked when it left its device)', () => {
  it('takes a new record whose evidence carries its masks, and keeps it masked', async () => {
    const file = await fileOf([withPersonalData(2)]);
    expect(file).not.toContain('maria.gonzalez');
    const target = await dbWith([]);
    const result = await importExportText(target, file);
    expect(result.ok && result.summary).toMatchObject({ added: 1, conflicts: [] });
    const stored = await target.incidents.get(withPersonalData(2).id);
    expect(stored?.evidence.output).toBe('Send the refund to [redacted] today.');
    expect(stored?.evidence.masked).toEqual([{ field: 'output', start: 19, end: 45, kind: 'email', by: 'sharing' }]);
  });

  it('counts the masked export of a record held here as already here', async () => {
    const ours = withPersonalData(3);
    const target = await dbWith([ours]);
    const result = await importExportText(target, await fileOf([ours]));
    expect(result.ok && result.summary).toMatchObject({ duplicates: 1, conflicts: [] });
    expect((await target.incidents.get(ours.id))?.evidence.output).toContain('maria.gonzalez');
  });

  it("takes a teammate's masked later revision of a record held here unmasked", async () => {
    const ours = withPersonalData(4);
    const target = await dbWith([ours]);
    const result = await importExportText(target, await fileOf([nextRevision(ours, { whatHappened: 'More.' })]));
    expect(result.ok && result.summary).toMatchObject({ updated: 1, conflicts: [] });
    expect((await target.incidents.get(ours.id))?.whatHappened).toBe('More.');
  });

  it('refuses a masked record whose masks do not account for its evidence', async () => {
    const target = await dbWith([]);
    const record = withPersonalData(5);
    const forged: Incident = {
      ...record,
      evidence: {
        ...record.evidence,
        output: 'Send the refund to a new account today.',
        masked: [{ field: 'output', start: 19, end: 45, kind: 'email', by: 'sharing' }],
      },
    };
    const file = JSON.parse(await fileOf([record])) as { records: Incident[] };
    file.records[0] = forged;
    const result = refused(await importExportText(target, JSON.stringify(file)));
    expect(result.details.join(' ')).toContain(`Record ${record.id} (revision 1)`);
    expect(await target.incidents.count()).toBe(0);
  });

  it('refuses a later revision whose evidence changed beyond masking', async () => {
    const ours = withPersonalData(6);
    const target = await dbWith([ours]);
    const later = nextRevision(ours);
    const masked = { field: 'output', start: 0, end: 4, kind: 'reviewer', by: 'reviewer' as const };
    // Its masks fit its own text, but masking ours where they say does not give it.
    const output = '[redacted] refund goes elsewhere.';
    const changed = { ...later, evidence: { ...ours.evidence, output, masked: [masked] } };
    const result = refused(await importExportText(target, await fileOf([changed])));
    expect(result.details).toEqual([
      `Record ${ours.id} (revision 2): its evidence differs from ours, and evidence is never edited after capture.`,
    ]);
    expect((await target.incidents.get(ours.id))?.revision).toBe(1);
  });
});
