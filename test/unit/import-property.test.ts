import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import { buildExport } from '../../lib/log/export';
import { importExportText } from '../../lib/log/import';
import { sampleRecords } from '../../lib/log/sample';

// One target database with existing records; every failed import must leave it exactly as it was.
let target: FlaglineDb;
let validText: string;
let fileIds: string[];
let before: string;

async function state(db: FlaglineDb): Promise<string> {
  const [incidents, chain, outbox] = await Promise.all([
    db.incidents.orderBy('id').toArray(),
    db.chain.orderBy('seq').toArray(),
    db.outbox.orderBy('key').toArray(),
  ]);
  return JSON.stringify({ incidents, chain, outbox });
}

beforeAll(async () => {
  const source = new FlaglineDb(`prop-source-${crypto.randomUUID()}`);
  await source.transaction('rw', revisionTables(source), () => writeRevisions(source, sampleRecords(8).slice(3)));
  validText = (await buildExport(source, { scope: 'all', format: 'json', extensionVersion: '1' })).parts.join('');
  fileIds = (await source.incidents.toArray()).map((r) => r.id);
  await source.delete();
  target = new FlaglineDb(`prop-target-${crypto.randomUUID()}`);
  await target.transaction('rw', revisionTables(target), () => writeRevisions(target, sampleRecords(3)));
  before = await state(target);
});
afterAll(async () => {
  await target.delete();
});

/** Imports and checks the outcome: refused with a message and nothing written, or the whole file. */
async function importAndCheck(text: string): Promise<void> {
  const result = await importExportText(target, text);
  if (!result.ok) {
    expect(result.message.length).toBeGreaterThan(10);
    expect(await state(target)).toBe(before);
    return;
  }
  // An accepted file (a harmless mutation such as whitespace) must have landed whole; then reset.
  const ids = new Set((await target.incidents.toArray()).map((r) => r.id));
  for (const id of fileIds) expect(ids.has(id)).toBe(true);
  await target.transaction('rw', revisionTables(target), async () => {
    await Promise.all([target.incidents.clear(), target.chain.clear(), target.outbox.clear()]);
    const saved = JSON.parse(before);
    await target.incidents.bulkPut(saved.incidents);
    await target.chain.bulkPut(saved.chain);
    await target.outbox.bulkPut(saved.outbox);
  });
}

describe('import of malformed and hostile files (property-based)', () => {
  it('any text: never a crash, never a partial write', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), importAndCheck), { numRuns: 150 });
  });

  it('any JSON value, including objects with __proto__ keys: never a crash, never a partial write', async () => {
    const value = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null');
    const hostile = fc
      .record({ kind: fc.constantFrom('flagline-incidents', 'x'), schemaVersion: fc.integer(), extra: fc.jsonValue() })
      .map((v) => JSON.stringify(v).replace('"extra"', '"__proto__"'));
    await fc.assert(fc.asyncProperty(fc.oneof(value, hostile), importAndCheck), { numRuns: 150 });
  });

  it('a valid export with bytes changed, removed or inserted: never a crash, never a partial write', async () => {
    const edit = fc.record({
      at: fc.nat({ max: validText.length - 1 }),
      remove: fc.nat({ max: 3 }),
      insert: fc.string({ maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(edit, ({ at, remove, insert }) =>
        importAndCheck(validText.slice(0, at) + insert + validText.slice(at + remove)),
      ),
      { numRuns: 200 },
    );
  });

  it('a valid export with one field replaced by any JSON value: never a crash, never a partial write', async () => {
    const file = JSON.parse(validText);
    const paths: string[][] = [];
    const walk = (value: unknown, path: string[]) => {
      paths.push(path);
      if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      }
    };
    walk(file, []);
    const replace = fc.record({ path: fc.constantFrom(...paths.slice(1)), value: fc.jsonValue({ maxDepth: 3 }) });
    await fc.assert(
      fc.asyncProperty(replace, ({ path, value }) => {
        const copy = structuredClone(file);
        let node = copy;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path.at(-1)!] = value;
        return importAndCheck(JSON.stringify(copy));
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['deep nesting', `{"kind":"flagline-incidents","schemaVersion":1,"records":${'['.repeat(100_000)}`],
    ['an empty object', '{}'],
  ])('refuses %s cleanly', async (_name, text) => {
    await importAndCheck(text);
  });
});
