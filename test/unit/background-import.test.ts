// The log import through the background: the page checks the file and sends its records in
// batches with progress; the background merges them all in one transaction at the commit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlaglineDb } from '../../lib/db';
import { revisionTables, writeRevisions } from '../../lib/incident/persist';
import type { Incident } from '../../lib/incident/schema';
import { buildExport } from '../../lib/log/export';
import { checkImportFile } from '../../lib/log/import';
import { sampleRecords } from '../../lib/log/sample';
import { send, type PageRequest } from '../../lib/messaging/client';
import { importBatches, sendImport } from '../../lib/ui/import-client';
import { dispatch, forgedSenders, pageSender, snapshot, spyEffects } from './command-harness';

let source: FlaglineDb;
let target: FlaglineDb;
let records: Incident[];
let effects: ReturnType<typeof spyEffects>;

/** The client, delivering through the background's handler as the extension page's runtime would. */
const post: typeof send = (request) =>
  send(request, (message: PageRequest) => dispatch(target, message, pageSender(), effects));

beforeEach(async () => {
  source = new FlaglineDb(`import-src-${crypto.randomUUID()}`);
  target = new FlaglineDb(`import-dst-${crypto.randomUUID()}`);
  await Promise.all([source.open(), target.open()]);
  await source.transaction('rw', revisionTables(source), () => writeRevisions(source, sampleRecords(30)));
  const text = (await buildExport(source, { scope: 'all', format: 'json', extensionVersion: '0.1.0' })).parts.join('');
  const checked = await checkImportFile(text);
  if (!Array.isArray(checked)) throw new Error(checked.message);
  records = checked;
  effects = spyEffects();
});
afterEach(async () => {
  await Promise.all([source.delete(), target.delete()]);
});

describe('importBatches', () => {
  it('keeps every batch under the size and count limits, in order, each record once', () => {
    const size = JSON.stringify(records[0]).length;
    const batches = importBatches(records, size * 4 + 1, 3);
    expect(batches.flat()).toEqual(records);
    expect(batches.every((batch) => batch.length <= 3)).toBe(true);
    expect(batches.length).toBe(10);
    // A record larger than the limit goes alone rather than never.
    expect(importBatches(records.slice(0, 2), 10)).toEqual([[records[0]], [records[1]]]);
  });
});

describe('the log import commands', () => {
  it('sends batches with progress, then the commit merges all records and runs the post-write effects', async () => {
    const progress: number[] = [];
    const reply = await sendImport(records, (done) => progress.push(done), post);
    expect(reply).toEqual({ ok: true, summary: { added: 30, updated: 0, duplicates: 0, older: 0, conflicts: [] } });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(30);
    expect(await target.incidents.count()).toBe(30);
    expect(await target.outbox.count()).toBe(30);
    expect(effects.updateBadge).toHaveBeenCalledExactlyOnceWith(target);
    expect(effects.kickSync).toHaveBeenCalledExactlyOnceWith(target);
    expect(effects.refreshHighlights).toHaveBeenCalledExactlyOnceWith(
      target,
      records.map((r) => r.evidence.page.url),
    );
  });

  it('writes nothing before the commit, and nothing when a batch is missing', async () => {
    const begun = await post({ type: 'ui-bg:import-begin', total: records.length });
    if (!begun.ok) throw new Error(begun.error);
    const batch = await post({ type: 'ui-bg:import-batch', importId: begun.importId, records: records.slice(0, 10) });
    expect(batch).toEqual({ ok: true, received: 10 });
    expect(await target.incidents.count()).toBe(0);
    expect(effects.kickSync).not.toHaveBeenCalled();
    const commit = await post({ type: 'ui-bg:import-commit', importId: begun.importId });
    expect(commit).toEqual({ ok: false, error: 'Not every record of the file arrived. Import the file again.' });
    expect(await target.incidents.count()).toBe(0);
    expect(effects.updateBadge).not.toHaveBeenCalled();
  });

  it('an import the background no longer holds (the worker restarted) is refused, nothing written', async () => {
    const commit = await post({ type: 'ui-bg:import-commit', importId: crypto.randomUUID() });
    expect(commit).toEqual({
      ok: false,
      error: 'The import was interrupted before it was saved. Import the file again.',
    });
    expect(await target.incidents.count()).toBe(0);
  });

  it('the background re-validates every record of a batch', async () => {
    const begun = await post({ type: 'ui-bg:import-begin', total: 1 });
    if (!begun.ok) throw new Error(begun.error);
    const forged = { ...records[0], revision: 0 };
    const reply = await dispatch(
      target,
      { type: 'ui-bg:import-batch', importId: begun.importId, records: [forged] },
      pageSender(),
      effects,
    );
    expect(reply).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Rejected message at records\.0\.revision/),
    });
  });

  it.each(forgedSenders)('refuses every import step from %s', async (_, sender) => {
    const before = await snapshot(target);
    for (const message of [
      { type: 'ui-bg:import-begin', total: 1 },
      { type: 'ui-bg:import-batch', importId: crypto.randomUUID(), records: records.slice(0, 1) },
      { type: 'ui-bg:import-commit', importId: crypto.randomUUID() },
    ]) {
      expect(await dispatch(target, message, sender(), effects)).toEqual({
        ok: false,
        error: 'Changes are only accepted from Flagline’s own pages.',
      });
    }
    expect(await snapshot(target)).toEqual(before);
    expect(effects.kickSync).not.toHaveBeenCalled();
  });
});
