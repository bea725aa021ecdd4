import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonSchema } from '../../lib/log/envelope';
import { exportJsonParts } from '../../lib/log/export';
import { sampleRecords } from '../../lib/log/sample';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';

const SCHEMA_FILE = path.resolve('docs/export.schema.json');

describe('the published JSON Schema of the export file', () => {
  it('is what the Zod schema generates (regenerate with UPDATE_SCHEMA=1 npx vitest run log-schema)', () => {
    const generated = exportJsonSchema();
    if (process.env.UPDATE_SCHEMA) writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    // Compared as values: Prettier may lay the file out differently from JSON.stringify.
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(generated);
  });

  it('accepts a real export and refuses a broken one', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const records = sampleRecords(3);
    const links: ChainLink[] = [];
    for (const r of records) links.push(nextLink(links.at(-1), r, recordHash(r), '2026-02-01T00:00:00.000Z'));
    const file = JSON.parse((await exportJsonParts(records, links, { scope: 'all', extensionVersion: '1' })).join(''));
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    file.records[1].evidence.hash.value = 'not-a-hash';
    expect(validate(file)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/records/1/evidence/hash/value');
  });
});
