// Row 5: the log at 10,000 and 100,000 records, through the side panel of the built e2e
// extension as a person uses it. Records are generated in Node with the extension's own sample
// generator and export writer (as the browser tests do), so the file verifies.
//   write       the generated file imported into an empty profile: reading, checking the chain,
//               writing records, chain links and outbox entries (the only bulk write path).
//   first rows  a freshly opened panel: from the click on "Log" to the first row in the DOM.
//   search      from the keystroke that sets the search text to the count line showing the result.
//   export      from the click on "Export JSON" (all records) to the browser's download.
//   import      that export imported into a second empty profile.
//   memory      the panel's JavaScript heap after first rows and a garbage collection (CDP).
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nextLink, recordHash, type ChainLink } from '../lib/integrity/chain';
import { exportJsonParts } from '../lib/log/export';
import { sampleRecords } from '../lib/log/sample';
import { launchWithExtension, type ExtensionBrowser } from './lib/browser';
import { atMost, row, type Row } from './lib/rows';

/**
 * A valid export file of `count` generated records. `idTag` (4 hex digits) gives the set ids of
 * its own, where a receiver may still hold an earlier set.
 */
export async function generatedFile(count: number, file: string, idTag?: string): Promise<string> {
  const records = sampleRecords(count).map((r) =>
    idTag ? { ...r, id: r.id.replace(/^(\w{8})-0000/, `$1-${idTag}`) } : r,
  );
  const links: ChainLink[] = [];
  for (const record of records) links.push(nextLink(links.at(-1), record, recordHash(record), record.createdAt));
  const parts = await exportJsonParts(records, links, { scope: 'all', extensionVersion: 'bench' });
  writeFileSync(file, parts.join(''));
  return file;
}

async function openPanel(ext: ExtensionBrowser): Promise<Page> {
  const panel = await ext.openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 380, height: 800 });
  return panel;
}

/** ms from the click on "Log" to the first row in the DOM, timed in the panel. */
async function firstRows(panel: Page): Promise<number> {
  // The panel reopens on the view it was left on: start from "Current", so the click on "Log"
  // really opens the log.
  const views = panel.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: 'Current' }).click();
  await panel.locator('[aria-posinset="1"]').waitFor({ state: 'detached' });
  await panel.evaluate(() => {
    const state = globalThis as unknown as { benchFirstRow: Promise<number> };
    state.benchFirstRow = new Promise<number>((resolve) => {
      let clickedAt = NaN;
      window.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
      const seen = () => document.querySelector('[aria-posinset="1"]');
      const observer = new MutationObserver(() => {
        if (!Number.isNaN(clickedAt) && seen()) {
          observer.disconnect();
          resolve(performance.now() - clickedAt);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
  await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
  return panel.evaluate(() => (globalThis as unknown as { benchFirstRow: Promise<number> }).benchFirstRow);
}

/** ms from the input event of a search to the count line showing fewer records. */
async function search(panel: Page, count: number): Promise<number> {
  const status = panel.getByRole('status').filter({ hasText: /^Showing/ });
  await status.waitFor();
  const all = `Showing ${count.toLocaleString('en-US')} of`;
  await panel.evaluate((all) => {
    const state = globalThis as unknown as { benchSearch: Promise<number> };
    const input = document.getElementById('log-text')!;
    const line = [...document.querySelectorAll('[role="status"]')].find((el) => el.textContent!.startsWith('Showing'))!;
    state.benchSearch = new Promise<number>((resolve) => {
      let typedAt = NaN;
      input.addEventListener('input', () => (typedAt = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (!Number.isNaN(typedAt) && !line.textContent!.startsWith(all)) {
          observer.disconnect();
          resolve(performance.now() - typedAt);
        }
      });
      observer.observe(line, { childList: true, subtree: true, characterData: true });
    });
  }, all);
  await panel.getByLabel('Search').fill('customer 42.');
  return panel.evaluate(() => (globalThis as unknown as { benchSearch: Promise<number> }).benchSearch);
}

/**
 * How long a step over `count` records may take before the run gives up on it. Generous: the
 * figure is what is measured, and on a shared, loaded machine a 25,000-record import took over
 * 250 s (10 ms a record) while the same step takes about 130 s on a quieter one.
 */
const patience = (count: number) => Math.max(300_000, count * 60);

/** Imports a file through the panel: ms until it is done, or the panel's reason for refusing it. */
async function importFile(panel: Page, file: string, count: number): Promise<{ ms: number; refused?: string }> {
  const start = Date.now();
  await panel.getByLabel('Import JSON').setInputFiles(file);
  const outcome = panel.getByText(/Import complete: \d+ added|Nothing was imported/).first();
  await outcome.waitFor({ timeout: patience(count) }).catch((error: unknown) => {
    throw new Error(`the import of ${count} records did not finish in ${patience(count) / 1000} s`, { cause: error });
  });
  const ms = Date.now() - start;
  const text = (await outcome.textContent()) ?? '';
  return text.startsWith(`Import complete: ${count} added`) ? { ms } : { ms, refused: text };
}

async function exportAll(panel: Page, dir: string, count: number): Promise<{ ms: number; file: string }> {
  await panel.getByLabel('Records', { exact: true }).selectOption('all');
  await panel.getByLabel('Format').selectOption('json');
  const download = panel.waitForEvent('download', { timeout: patience(count) });
  const start = Date.now();
  await panel.getByRole('button', { name: 'Export JSON' }).click();
  const done = await download;
  const ms = Date.now() - start;
  const file = path.join(dir, 'export.json');
  await done.saveAs(file);
  return { ms, file };
}

async function heapMb(ext: ExtensionBrowser, panel: Page): Promise<number> {
  const cdp = await ext.context.newCDPSession(panel);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/** Files the import accepts are under 50 MB: a larger set is written as several, with ids of their own. */
const RECORDS_PER_FILE = 25_000;

async function atScale(count: number, dir: string): Promise<Row[]> {
  let writeNote: string | undefined;
  const n = count.toLocaleString('en-US');
  const first = await launchWithExtension();
  let written = 0;
  let rowsMs: number, searchMs: number, memory: number, exported: { ms: number; file: string };
  try {
    const loader = await openPanel(first);
    await loader.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
    for (let done = 0, part = 1; done < count; done += RECORDS_PER_FILE, part++) {
      const size = Math.min(RECORDS_PER_FILE, count - done);
      const file = await generatedFile(size, path.join(dir, `generated-${part}.json`), String(part).padStart(4, '0'));
      const result = await importFile(loader, file, size);
      if (result.refused) throw new Error(`the generated file was refused: ${result.refused}`);
      written += result.ms;
      rmSync(file);
    }
    const files = Math.ceil(count / RECORDS_PER_FILE);
    writeNote = files > 1 ? `${files} files of at most ${RECORDS_PER_FILE.toLocaleString('en-US')} records` : undefined;
    await loader.close();
    const panel = await openPanel(first);
    rowsMs = await firstRows(panel);
    memory = await heapMb(first, panel);
    searchMs = await search(panel, count);
    await panel.getByLabel('Search').fill('');
    exported = await exportAll(panel, dir, count);
  } finally {
    await first.close();
  }
  const second = await launchWithExtension();
  let imported: { ms: number; refused?: string };
  const exportMb = statSync(exported.file).size / 2 ** 20;
  try {
    const panel = await openPanel(second);
    await panel.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
    imported = await importFile(panel, exported.file, count);
  } finally {
    await second.close();
  }
  return [
    row({
      group: 5,
      what: `${n} records: write (import of generated files)`,
      unit: 'ms',
      ours: written,
      note: writeNote,
    }),
    row({
      group: 5,
      what: `${n} records: log's first rows`,
      unit: 'ms',
      ours: rowsMs,
      goal: count >= 100_000 ? atMost('< 200 ms', rowsMs, 200, true) : undefined,
    }),
    row({ group: 5, what: `${n} records: search`, unit: 'ms', ours: searchMs }),
    row({
      group: 5,
      what: `${n} records: export JSON`,
      unit: 'ms',
      ours: exported.ms,
      goal: count === 10_000 ? atMost('< 1 s', exported.ms, 1000, true) : undefined,
    }),
    row({
      group: 5,
      what: `${n} records: import of that export (empty profile)`,
      unit: 'ms',
      ours: imported.refused ? null : imported.ms,
      shown: imported.refused ? 'refused' : undefined,
      note: `export file ${exportMb.toFixed(1)} MB${imported.refused ? `; the panel said: ${imported.refused}` : ''}`,
    }),
    row({ group: 5, what: `${n} records: side panel JS heap after first rows`, unit: 'MB', ours: memory }),
  ];
}

export async function recordRows(quick: boolean): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flagline-bench-records-'));
  try {
    const out: Row[] = [];
    for (const count of quick ? [100] : [10_000, 100_000]) out.push(...(await atScale(count, dir)));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
