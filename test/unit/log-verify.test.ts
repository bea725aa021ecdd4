import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonParts } from '../../lib/log/export';
import { sampleRecords } from '../../lib/log/sample';
import { nextLink, recordHash, type ChainLink } from '../../lib/integrity/chain';
import { describeVerification, verifyExportText } from '../../lib/integrity/verify';
import type { Incident } from '../../lib/incident/schema';
import { nestingDepth, parseUntrustedJson, utf8Length } from '../../lib/log/safe-json';

function chainOf(records: Incident[]): ChainLink[] {
  const links: ChainLink[] = [];
  for (const record of records)
    links.push(nextLink(links.at(-1), record, recordHash(record), '2026-02-01T00:00:00.000Z'));
  return links;
}

async function exportText(records: Incident[], included = records): Promise<string> {
  return (await exportJsonParts(included, chainOf(records), { scope: 'all', extensionVersion: '0.1.0' })).join('');
}

describe('verifyExportText', () => {
  it('says an untouched export is intact', async () => {
    const result = verifyExportText(await exportText(sampleRecords(5)));
    expect(result).toEqual({ ok: true, records: 5, links: 5 });
    expect(describeVerification(result)).toBe('Intact: 5 records match a whole chain of 5 links.');
  });

  it('verifies a filtered export: the whole chain, some record bodies', async () => {
    const records = sampleRecords(6);
    const result = verifyExportText(await exportText(records, [records[1]!, records[4]!]));
    expect(result).toEqual({ ok: true, records: 2, links: 6 });
  });

  it('names the record whose text changed by one byte', async () => {
    const records = sampleRecords(4);
    const text = await exportText(records);
    const tampered = text.replace('Sample AI output 2:', 'Sample AI output 3:');
    expect(tampered).not.toBe(text);
    const result = verifyExportText(tampered);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.changedIds).toEqual([records[2]!.id]);
    expect(describeVerification(result)).toContain(`Record ${records[2]!.id} (revision 1) was changed`);
  });

  it('catches an edited link, a removed link and a reordered chain', async () => {
    const text = await exportText(sampleRecords(3));
    const file = JSON.parse(text);
    const edited = structuredClone(file);
    edited.chain.links[1].at = '2026-02-02T00:00:00.000Z';
    expect(describeVerification(verifyExportText(JSON.stringify(edited)))).toContain('broken at link 2');
    const removed = structuredClone(file);
    removed.chain.links.splice(1, 1);
    expect(describeVerification(verifyExportText(JSON.stringify(removed)))).toContain('link 2 is missing');
  });

  it('names a record that has no link and a wrong count', async () => {
    const records = sampleRecords(3);
    const file = JSON.parse(await exportText(records.slice(0, 2), records.slice(0, 2)));
    file.records.push(records[2]);
    const result = verifyExportText(JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.kind).sort()).toEqual(['count-mismatch', 'record-unchained']);
    expect(result.changedIds).toEqual([records[2]!.id]);
  });

  it.each([
    ['not JSON', '{"kind": nope', /not valid JSON/],
    ['another kind of file', '{"kind":"flagline-workflows","schemaVersion":1}', /not a Flagline incident export/],
    ['an unknown schema version', '{"kind":"flagline-incidents","schemaVersion":7}', /version 7 is not supported/],
    ['deep nesting', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, /nested more than 32 levels/],
    ['a __proto__ key', '{"kind":"flagline-incidents","__proto__":{"x":1}}', /"__proto__" key/],
  ])('refuses %s with a clear message', (_name, text, message) => {
    expect(describeVerification(verifyExportText(text))).toMatch(message);
  });
});

describe('npm run verify', () => {
  const cli = path.resolve('scripts/verify.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'flagline-verify-'));

  function run(file: string): { code: number; out: string } {
    try {
      return { code: 0, out: execFileSync(process.execPath, [cli, file], { encoding: 'utf8' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { code: e.status, out: `${e.stdout}${e.stderr}` };
    }
  }

  it('exits 0 for an intact file and 1 naming the changed record', async () => {
    const records = sampleRecords(3);
    const text = await exportText(records);
    writeFileSync(path.join(dir, 'good.json'), text);
    writeFileSync(path.join(dir, 'bad.json'), text.replace('Sample AI output 1:', 'Sample AI output 9:'));
    expect(run(path.join(dir, 'good.json'))).toEqual({ code: 0, out: expect.stringContaining('Intact: 3 records') });
    const bad = run(path.join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`Record ${records[1]!.id} (revision 1) was changed`);
  }, 30_000);

  it('exits 2 when the file cannot be read', () => {
    const missing = run(path.join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('Cannot read');
  }, 30_000);
});

describe('reading untrusted JSON', () => {
  it('counts nesting outside strings only, and UTF-8 bytes without encoding', () => {
    expect(nestingDepth('{"a":"[[[[","b":[{"c":"\\"]]"}]}')).toBe(3);
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('aé€😀')).toBe(new TextEncoder().encode('aé€😀').length);
  });

  it('accepts an ordinary file and refuses an escaped __proto__ key too', () => {
    expect(parseUntrustedJson('{"a":[1,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, { b: null }] } });
    expect(parseUntrustedJson('{"\\u005f_proto__":{}}')).toMatchObject({ ok: false });
  });
});
