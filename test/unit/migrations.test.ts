import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { IncidentSchema, type Incident } from '../../lib/incident/schema';
import { upgradeIncident, type IncidentV1 } from '../../lib/incident/upgrade';
import { revisionHash } from '../../lib/incident/persist';
import { shareableRecord } from '../../lib/redaction/share';
import { outboxEntry } from '../../lib/incident/outbox-entry';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';
import { chainProblems } from '../../lib/integrity/verify';
import { sampleRecords } from '../../lib/log/sample';

/**
 * Each earlier schema version, declared as it shipped, so a fixture database is exactly what an
 * older Flagline left on a device. Never edit these: add the next one when lib/db.ts adds a version.
 */
const EARLIER_VERSIONS: Record<number, (db: Dexie) => void> = {
  1: (db) => db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' }),
  2: (db) => {
    db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' });
    db.version(2).stores({ workflows: 'id, name' });
  },
  3: (db) => {
    db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' });
    db.version(2).stores({ workflows: 'id, name' });
    db.version(3).stores({ chain: 'seq, [id+revision]', outbox: 'key, id, state, nextAttemptAt', meta: 'key' });
  },
  4: (db) => {
    db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' });
    db.version(2).stores({ workflows: 'id, name' });
    db.version(3).stores({ chain: 'seq, [id+revision]', outbox: 'key, id, state, nextAttemptAt', meta: 'key' });
    db.version(4).stores({ screenshots: 'id' });
  },
  5: (db) => {
    db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' });
    db.version(2).stores({ workflows: 'id, name' });
    db.version(3).stores({ chain: 'seq, [id+revision]', outbox: 'key, id, state, nextAttemptAt', meta: 'key' });
    db.version(4).stores({ screenshots: 'id' });
    db.version(5).stores({ outbox: 'key, id, state, nextAttemptAt, [state+createdAt]' });
  },
  6: (db) => {
    db.version(1).stores({ incidents: 'id, createdAt, updatedAt, status' });
    db.version(2).stores({ workflows: 'id, name' });
    db.version(3).stores({ chain: 'seq, [id+revision]', outbox: 'key, id, state, nextAttemptAt', meta: 'key' });
    db.version(4).stores({ screenshots: 'id' });
    db.version(5).stores({ outbox: 'key, id, state, nextAttemptAt, [state+createdAt]' });
    db.version(6).stores({});
  },
};

/**
 * A record as Flagline wrote it up to database v6: record schema v1. Corrective actions were one
 * text and a "done" box; everything schema v2 added was absent.
 */
function asV1(record: Incident, correction?: { actions?: string; done?: boolean }): IncidentV1 {
  const { triage: _t, routing: _r, checklist: _c, correction: _old, ...rest } = record;
  return { ...rest, schemaVersion: 1, ...(correction ? { correction } : {}) } as IncidentV1;
}
/** The version lib/db.ts declares now; fixtures of every version below it are tested. */
const CURRENT = new FlaglineDb('version-probe').verno;
const TESTED = Object.keys(EARLIER_VERSIONS)
  .map(Number)
  .filter((version) => version < CURRENT);

const WORKFLOW = {
  id: 'crm',
  name: 'CRM account summaries',
  owner: 'Dana Reyes',
  fallbackProcess: 'Written by hand',
  reviewStandard: '',
  escalationPath: [],
  urlPatterns: ['https://crm.example.com/*'],
  updatedAt: '2026-01-01T00:00:00.000Z',
};

let names: string[] = [];
afterEach(async () => {
  await Promise.all(names.map((name) => Dexie.delete(name)));
  names = [];
});

/** A database left by Flagline at `version`, holding `records` (and a workflow from v2 on). */
async function fixture(version: number, records: IncidentV1[]): Promise<string> {
  const name = `migrate-v${version}-${crypto.randomUUID()}`;
  names.push(name);
  const old = new Dexie(name);
  EARLIER_VERSIONS[version]!(old);
  await old.open();
  await old.table('incidents').bulkAdd(records);
  if (version >= 2) await old.table('workflows').add(WORKFLOW);
  if (version >= 3) {
    // A v3 device already chained and queued its records when it wrote them.
    let previous: ChainLink | undefined;
    for (const record of [...records].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))) {
      previous = nextLink(previous, record, recordHash(record), record.updatedAt);
      await old.table('chain').add(previous);
      // As v3 to v5 queued it: the record itself, personal data and all.
      await old.table('outbox').put({ ...outboxEntry(record as never, new Date(record.updatedAt)), record });
    }
  }
  old.close();
  return name;
}

describe('database migrations from every earlier schema version', () => {
  it('has a fixture for every earlier version', () => {
    expect(TESTED).toEqual(Array.from({ length: CURRENT - 1 }, (_, i) => i + 1));
  });

  it.each(TESTED)('upgrades a v%i database to the current version', async (version) => {
    // Out of order on purpose: the upgrades chain records by updatedAt, oldest first.
    const records = sampleRecords(5)
      .reverse()
      .map((record) => asV1(record));
    const name = await fixture(version, records);
    const db = new FlaglineDb(name);
    await db.open();
    expect(db.backendDB().version).toBe(CURRENT * 10); // Dexie stores version n as 10n

    // Records survive, in today's shape at the same revision, and satisfy the current schema.
    const stored = await db.incidents.orderBy('updatedAt').toArray();
    expect(stored).toEqual([...records].reverse().map(upgradeIncident));
    for (const record of stored) expect(IncidentSchema.safeParse(record).success).toBe(true);

    // Every old record entered the chain, oldest first, and the chain is whole; the form each
    // record has now is attested for its revision.
    const chain = await db.chain.orderBy('seq').toArray();
    expect(chain.slice(0, 5).map((link) => [link.seq, link.id, link.revision])).toEqual(
      stored.map((r, i) => [i + 1, r.id, 1]),
    );
    for (const record of stored) {
      const hashes = chain.filter((link) => link.id === record.id && link.revision === record.revision);
      expect(hashes.map((link) => link.recordHash)).toContain(revisionHash(record));
    }
    expect(chainProblems(chain)).toEqual([]);

    // And each is queued for sync, holding the revision itself as it may leave the device.
    const outbox = await db.outbox.orderBy('key').toArray();
    expect(outbox.map((e) => e.key).sort()).toEqual(stored.map((r) => `${r.id}:1`).sort());
    expect(outbox.every((e) => e.state === 'queued' && e.attempts === 0)).toBe(true);
    expect(outbox.find((e) => e.id === stored[0]!.id)?.record).toEqual(shareableRecord(stored[0]!));

    // The workflow registry (v2) is kept, or created empty for a v1 database.
    expect(await db.workflows.toArray()).toEqual(version >= 2 ? [WORKFLOW] : []);
    expect(await db.meta.count()).toBe(0);
    db.close();
  });

  it('v6: rewrites queued revisions without personal data and chains their shared form', async () => {
    const [plain, personal] = sampleRecords(2);
    const withMail: Incident = {
      ...personal!,
      evidence: { ...personal!.evidence, output: 'Send it to maria.gonzalez@example.org today.' },
    };
    const name = await fixture(5, [asV1(plain!), asV1(withMail)]);
    const db = new FlaglineDb(name);
    await db.open();
    // The record stays as stored; the queued copy is masked.
    expect((await db.incidents.get(withMail.id))?.evidence.output).toContain('maria.gonzalez@example.org');
    const queued = await db.outbox.get(`${withMail.id}:${withMail.revision}`);
    expect(JSON.stringify(queued)).not.toContain('maria.gonzalez');
    expect(queued?.record.evidence.output).toBe('Send it to [redacted] today.');
    // A link attests the masked form of that revision; the chain stays whole.
    const chain = await db.chain.orderBy('seq').toArray();
    expect(
      chain.some(
        (link) =>
          link.id === withMail.id &&
          link.revision === withMail.revision &&
          link.recordHash === recordHash(queued!.record),
      ),
    ).toBe(true);
    expect(chainProblems(chain)).toEqual([]);
    // The v5 batch index still finds both queued revisions after the rewrite.
    const due = await db.outbox
      .where('[state+createdAt]')
      .between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])
      .toArray();
    expect(due.map((entry) => entry.key).sort()).toEqual([plain!, withMail].map((r) => `${r.id}:${r.revision}`).sort());
    db.close();
  });

  it('v7: a v1 record and its queued revisions take schema v2, corrective actions become a list', async () => {
    const [done, open, none] = sampleRecords(3);
    const records = [
      asV1(done!, { actions: 'Re-sent the corrected summary to the client', done: true }),
      asV1(open!, { actions: 'Add a check for other customers in the prompt' }),
      asV1(none!),
    ];
    const name = await fixture(6, records);
    const db = new FlaglineDb(name);
    await db.open();
    const stored = await db.incidents.get(done!.id);
    expect(stored?.schemaVersion).toBe(2);
    expect(stored?.correction).toEqual({
      actions: [{ id: 'v1-actions', what: 'Re-sent the corrected summary to the client', status: 'done' }],
    });
    expect((await db.incidents.get(open!.id))?.correction?.actions).toEqual([
      { id: 'v1-actions', what: 'Add a check for other customers in the prompt', status: 'open' },
    ]);
    expect((await db.incidents.get(none!.id))?.correction).toBeUndefined();
    // Revisions waiting to be sent are upgraded too, and each new form is attested.
    const chain = await db.chain.orderBy('seq').toArray();
    for (const entry of await db.outbox.toArray()) {
      expect(entry.record.schemaVersion).toBe(2);
      const links = chain.filter((l) => l.id === entry.id && l.revision === entry.revision);
      expect(links.map((l) => l.recordHash)).toContain(recordHash(entry.record));
    }
    expect(chainProblems(chain)).toEqual([]);
    // Records merged into another are found by it.
    await db.incidents.update(none!.id, { status: 'merged', mergedInto: done!.id });
    expect((await db.incidents.where('mergedInto').equals(done!.id).toArray()).map((r) => r.id)).toEqual([none!.id]);
    db.close();
  });

  it('upgrades an empty v1 database to an empty chain and outbox', async () => {
    const name = await fixture(1, []);
    const db = new FlaglineDb(name);
    await db.open();
    expect(await db.chain.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    db.close();
  });
});
