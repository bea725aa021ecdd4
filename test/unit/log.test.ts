import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import { csvCell, toCsv } from '../../lib/log/csv';
import { ExportFileSchema } from '../../lib/log/envelope';
import { buildExport, exportFileName } from '../../lib/log/export';
import { EMPTY_FILTER, filterRecords, newestFirst } from '../../lib/log/filter';
import { sampleRecord, sampleRecords } from '../../lib/log/sample';
import { getSyncSecrets, setSyncSecrets } from '../../lib/sync/secrets';
import { syncSettingsItem } from '../../lib/sync/settings';

let db: FlaglineDb;
beforeEach(async () => {
  db = new FlaglineDb(`log-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

async function seed(count: number) {
  const records = sampleRecords(count);
  await db.transaction('rw', revisionTables(db), () => writeRevisions(db, records));
  return records;
}

describe('filterRecords', () => {
  const records = sampleRecords(12);
  it.each([
    ['class incident', { recordClass: 'incident' as const }, [0, 3, 6, 9]],
    ['severity SEV2', { severity: 'SEV2' as const }, [1, 5, 9]],
    ['status contained', { status: 'contained' as const }, [1, 3, 5, 7, 9, 11]],
    ['workflow', { workflow: 'Invoice approvals' }, [2, 5, 8, 11]],
    ['search, every word', { text: 'ACCOUNT 11' }, [11]],
    ['search by id', { text: records[4]!.id }, [4]],
    ['class and severity together', { recordClass: 'incident' as const, severity: 'SEV4' as const }, [3]],
  ])('filters by %s', (_name, filter, expected) => {
    const ids = filterRecords(records, { ...EMPTY_FILTER, ...filter }).map((r) => r.id);
    expect(ids).toEqual(expected.map((i) => records[i]!.id));
  });

  it('filters by sync state through the given lookup', () => {
    const queued = new Set([records[2]!.id]);
    const result = filterRecords(records, { ...EMPTY_FILTER, sync: 'queued' }, (id) =>
      queued.has(id) ? 'queued' : 'synced',
    );
    expect(result.map((r) => r.id)).toEqual([records[2]!.id]);
  });

  it('filters by a date range of whole local days', () => {
    const start = new Date(2026, 2, 10, 0, 0).getTime();
    const set = sampleRecords(72, start); // one an hour for three days
    const result = filterRecords(set, { ...EMPTY_FILTER, from: '2026-03-11', to: '2026-03-11' });
    expect(result).toHaveLength(24);
    expect(result[0]!.id).toBe(set[24]!.id);
  });

  it('orders newest first', () => {
    expect(newestFirst(records.slice(0, 3)).map((r) => r.id)).toEqual([2, 1, 0].map((i) => records[i]!.id));
  });
});

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tTab', `"'\tTab"`],
    ['\rCR', `"'\rCR"`],
    ['plain, with comma', '"plain, with comma"'],
    [undefined, '""'],
    [3, '"3"'],
  ])('neutralises and quotes %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes a header and one row per record, page text neutralised', () => {
    const record = { ...sampleRecord(0), whatHappened: '=cmd|" /C calc"!A0' };
    const lines = toCsv([record]).split('\r\n');
    expect(lines[0]).toMatch(/^"id","revision","status","class","severity"/);
    expect(lines[1]).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(lines).toHaveLength(3);
  });
});

describe('export', () => {
  it('names files flagline-incidents-YYYY-MM-DD with the local date', () => {
    const now = new Date(2026, 10, 5, 12, 0);
    expect(exportFileName('json', now)).toBe('flagline-incidents-2026-11-05.json');
    expect(exportFileName('ndjson', now)).toBe('flagline-incidents-2026-11-05.ndjson');
    expect(exportFileName('csv', now)).toBe('flagline-incidents-2026-11-05.csv');
  });

  it('writes a JSON file that matches the export schema, with the envelope fields and progress', async () => {
    const records = await seed(1_200);
    const progress: number[] = [];
    const now = new Date('2026-05-01T10:00:00.000Z');
    const out = await buildExport(db, {
      scope: 'all',
      format: 'json',
      extensionVersion: '0.1.0',
      now,
      onProgress: (done) => progress.push(done),
    });
    const file = ExportFileSchema.parse(JSON.parse(out.parts.join('')));
    expect(file).toMatchObject({ schemaVersion: 1, exportedAt: now.toISOString(), extensionVersion: '0.1.0' });
    expect(file.count).toBe(1_200);
    expect(file.records[0]).toEqual(records[1_199]);
    expect(file.chain.links.map((l) => l.seq)).toEqual(records.map((_, i) => i + 1));
    expect(progress).toEqual([500, 1_000, 1_200, 1_200]);
    expect(out.fileName).toBe('flagline-incidents-2026-05-01.json');
  });

  it('exports only queued records, or the given filtered ones', async () => {
    const records = await seed(4);
    await db.outbox.bulkDelete([`${records[0]!.id}:1`, `${records[1]!.id}:1`]);
    const queued = await buildExport(db, { scope: 'queued', format: 'ndjson', extensionVersion: '1' });
    const ids = queued.parts
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).id);
    expect(ids).toEqual([records[3]!.id, records[2]!.id]);
    const filtered = await buildExport(db, {
      scope: 'filter',
      filtered: [records[1]!],
      format: 'csv',
      extensionVersion: '1',
    });
    expect(filtered.count).toBe(1);
    expect(filtered.parts.join('')).toContain(records[1]!.id);
  });

  it('never carries sync tokens or secrets', async () => {
    await seed(3);
    await syncSettingsItem.setValue({ endpoint: 'https://sync.example.com/flagline', autoSync: true });
    // In the same database the export reads: the export must not carry the `meta` row that holds them.
    const secrets = { token: 'tok_SECRET_1234567890', signingSecret: 'sig_SECRET_abcdef' };
    await setSyncSecrets(secrets, db);
    expect(await getSyncSecrets(db)).toEqual(secrets);
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      const text = (await buildExport(db, { scope: 'all', format, extensionVersion: '1' })).parts.join('');
      expect(text).not.toContain('tok_SECRET_1234567890');
      expect(text).not.toContain('sig_SECRET_abcdef');
      expect(text).not.toContain('sync.example.com');
    }
  });
});

describe('panel views', () => {
  it('opening a record from the log or the review shows it in the Current view', async () => {
    const { usePanelStore } = await import('../../lib/ui/panel-store');
    usePanelStore.getState().setView('log');
    expect(usePanelStore.getState().view).toBe('log');
    usePanelStore.getState().open('some-id');
    expect(usePanelStore.getState()).toMatchObject({ view: 'current', selectedId: 'some-id', composing: false });
    usePanelStore.getState().setView('review');
    usePanelStore.getState().compose(true);
    expect(usePanelStore.getState()).toMatchObject({ view: 'current', composing: true });
  });
});
