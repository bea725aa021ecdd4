import { describe, expect, it } from 'vitest';
import type { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import { upgradeIncident, type IncidentV1 } from '../../lib/incident/upgrade';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';
import { chainProblems } from '../../lib/integrity/verify';
import { importExportText } from '../../lib/log/import';
import { sampleRecords } from '../../lib/log/sample';
import { useFreshDb } from './fresh-db';

let db: FlaglineDb;
useFreshDb((fresh) => (db = fresh));

/** Records as an earlier Flagline exported them: schema v1, corrective actions as one text. */
function v1Records(): IncidentV1[] {
  return sampleRecords(3).map((record, index) => {
    const { correction: _c, triage: _t, routing: _r, checklist: _k, ...rest } = record;
    const v1 = { ...rest, schemaVersion: 1 } as IncidentV1;
    if (index === 0) v1.correction = { actions: 'Recalled the summary from the CRM', done: true };
    return v1;
  });
}

/** An export file of that version: its records and the chain links attesting them as written. */
function v1File(records: IncidentV1[]): string {
  let previous: ChainLink | undefined;
  const links = records.map((record) => (previous = nextLink(previous, record, recordHash(record), record.updatedAt)));
  return JSON.stringify({
    kind: 'flagline-incidents',
    schemaVersion: 1,
    exportedAt: '2026-06-01T10:00:00.000Z',
    extensionVersion: '0.1.0',
    scope: 'all',
    count: records.length,
    records,
    chain: { algorithm: 'SHA-256', links },
  });
}

describe('importing a file exported before record schema v2', () => {
  it('reads its v1 records and stores them in the current shape at the same revision', async () => {
    const records = v1Records();
    const result = await importExportText(db, v1File(records));
    expect(result).toEqual({ ok: true, summary: { added: 3, updated: 0, duplicates: 0, older: 0, conflicts: [] } });
    const stored = await db.incidents.get(records[0]!.id);
    expect(stored).toEqual(upgradeIncident(records[0]!));
    expect(stored?.schemaVersion).toBe(2);
    expect(stored?.correction?.actions).toEqual([
      { id: 'v1-actions', what: 'Recalled the summary from the CRM', status: 'done' },
    ]);
    expect(chainProblems(await db.chain.orderBy('seq').toArray())).toEqual([]);
  });

  it('counts an old export of records this device has since upgraded as already here', async () => {
    const records = v1Records();
    await db.transaction('rw', revisionTables(db), () => writeRevisions(db, records.map(upgradeIncident)));
    const result = await importExportText(db, v1File(records));
    expect(result).toEqual({ ok: true, summary: { added: 0, updated: 0, duplicates: 3, older: 0, conflicts: [] } });
  });

  it('still refuses a v1 record whose evidence does not match its hash', async () => {
    const records = v1Records();
    records[1] = { ...records[1]!, evidence: { ...records[1]!.evidence, output: 'Rewritten afterwards' } };
    const result = await importExportText(db, v1File(records));
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(`Record ${records[1]!.id}`);
  });
});
