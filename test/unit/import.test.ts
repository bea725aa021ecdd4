import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import { chainProblems } from '../../lib/integrity/verify';
import { buildExport } from '../../lib/log/export';
import { describeImport, importExportText, type ImportPhase } from '../../lib/log/import';
import { sampleRecords } from '../../lib/log/sample';

const dbs: FlaglineDb[] = [];
async function freshDb(): Promise<FlaglineDb> {
  const db = new FlaglineDb(`import-${crypto.randomUUID()}`);
  await db.open();
  dbs.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

async function exported(db: FlaglineDb): Promise<string> {
  return (await buildExport(db, { scope: 'all', format: 'json', extensionVersion: '0.1.0' })).parts.join('');
}

let source: FlaglineDb;
beforeEach(async () => {
  source = await freshDb();
  await source.transaction('rw', revisionTables(source), () => writeRevisions(source, sampleRecords(20)));
});

async function snapshot(db: FlaglineDb) {
  return { incidents: await db.incidents.toArray(), chain: await db.chain.toArray(), outbox: await db.outbox.count() };
}

describe('importExportText', () => {
  it('export then import into a fresh database gives equal records, chained and queued here', async () => {
    const target = await freshDb();
    const phases: ImportPhase[] = [];
    const result = await importExportText(target, await exported(source), { onPhase: (p) => phases.push(p) });
    expect(result).toEqual({ ok: true, summary: { added: 20, updated: 0, duplicates: 0, older: 0, conflicts: [] } });
    expect(phases).toEqual(['reading', 'checking', 'writing', 'done']);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect((await target.incidents.toArray()).sort(byId)).toEqual((await source.incidents.toArray()).sort(byId));
    const chain = await target.chain.orderBy('seq').toArray();
    expect(chain).toHaveLength(20);
    expect(chainProblems(chain)).toEqual([]);
    expect(await target.outbox.count()).toBe(20);
  });

  it('merges duplicates by (id, revision): a second import adds nothing', async () => {
    const target = await freshDb();
    const text = await exported(source);
    await importExportText(target, text);
    const before = await snapshot(target);
    const again = await importExportText(target, text);
    expect(again).toEqual({ ok: true, summary: { added: 0, updated: 0, duplicates: 20, older: 0, conflicts: [] } });
    expect(await snapshot(target)).toEqual(before);
  });

  it('takes newer revisions, keeps ours when the file is older or differs at the same revision', async () => {
    const target = await freshDb();
    const [a, b, c] = sampleRecords(3);
    await target.transaction('rw', revisionTables(target), () =>
      writeRevisions(target, [
        { ...a!, revision: 2, history: [...a!.history, { ...a!.history[0]!, revision: 2 }] },
        { ...b!, whatHappened: 'Our own account of it.' },
      ]),
    );
    const result = await importExportText(target, await exported(source));
    expect(result.ok && result.summary).toEqual({ added: 18, updated: 0, duplicates: 0, older: 1, conflicts: [b!.id] });
    expect((await target.incidents.get(b!.id))?.whatHappened).toBe('Our own account of it.');
    expect(await target.incidents.get(c!.id)).toEqual(c);
    if (result.ok) expect(describeImport(result.summary)).toContain('1 differing from ours (kept ours)');
  });

  it('takes a later revision that extends ours, and keeps ours when the file branched from an older one', async () => {
    const [a, b] = sampleRecords(2);
    const entry = (revision: number, by: string, action: string) => ({
      at: `2026-02-0${revision}T00:00:00.000Z`,
      by,
      revision,
      action,
    });
    const ourEdit = { ...b!, revision: 2, history: [...b!.history, entry(2, 'Us', 'Our edit')] };
    const target = await freshDb();
    await target.transaction('rw', revisionTables(target), () =>
      writeRevisions(target, [
        { ...a!, revision: 2, history: [...a!.history, entry(2, 'Us', 'Shared edit')] },
        ourEdit,
      ]),
    );
    const theirs = await freshDb();
    await theirs.transaction('rw', revisionTables(theirs), () =>
      writeRevisions(theirs, [
        // Descends from our revision 2 of a.
        { ...a!, revision: 3, history: [...a!.history, entry(2, 'Us', 'Shared edit'), entry(3, 'Them', 'Next')] },
        // Branched from revision 1 of b: its revision 2 is not ours.
        { ...b!, revision: 3, history: [...b!.history, entry(2, 'Them', 'Their edit'), entry(3, 'Them', 'More')] },
      ]),
    );
    const result = await importExportText(target, await exported(theirs));
    expect(result.ok && result.summary).toEqual({ added: 0, updated: 1, duplicates: 0, older: 0, conflicts: [b!.id] });
    expect((await target.incidents.get(a!.id))?.revision).toBe(3);
    expect(await target.incidents.get(b!.id)).toEqual(ourEdit);
  });

  it('refuses a file that fails the schema, naming the path, and writes nothing', async () => {
    const target = await freshDb();
    const file = JSON.parse(await exported(source));
    file.records[4].timeline.detectedAt = 'yesterday';
    const result = await importExportText(target, JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('The file does not match the export schema.');
    expect(result.details[0]).toMatch(/^records\[4\]\.timeline\.detectedAt: /);
    expect(await snapshot(target)).toEqual({ incidents: [], chain: [], outbox: 0 });
  });

  it('refuses a file whose record was changed, naming it', async () => {
    const target = await freshDb();
    const text = await exported(source);
    const result = await importExportText(
      target,
      text.replace('Record 7 of a generated set.', 'Record 7 of a changed set.'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.details.join(' ')).toContain(`Record ${sampleRecords(8)[7]!.id} (revision 1) was changed`);
    expect(await target.incidents.count()).toBe(0);
  });

  it('refuses a file of 50 MB or more before reading it', async () => {
    const target = await freshDb();
    const result = await importExportText(target, '{}', { byteLength: 50 * 1024 * 1024 });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('the limit is 50 MB') });
  });

  it('leaves existing data untouched when the write itself fails', async () => {
    const target = await freshDb();
    await importExportText(target, await exported(source));
    const before = await snapshot(target);
    const other = await freshDb();
    await other.transaction('rw', revisionTables(other), () => writeRevisions(other, sampleRecords(25).slice(20)));
    // Simulate a storage failure on the last write of the transaction.
    vi.spyOn(target.outbox, 'bulkPut').mockRejectedValueOnce(new Error('QuotaExceededError'));
    await expect(importExportText(target, await exported(other))).rejects.toThrow('QuotaExceededError');
    expect(await snapshot(target)).toEqual(before);
  });
});
