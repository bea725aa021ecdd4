import type { FlaglineDb } from '../db';
import type { Incident } from '../incident/schema';
import type { ChainLink } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';
import { toCsv } from './csv';
import { EXPORT_KIND, EXPORT_SCHEMA_VERSION, type ExportScope } from './envelope';
import { newestFirst } from './filter';

/** The file formats of an export: the verifiable JSON file, NDJSON for tools, CSV for spreadsheets. */
export type ExportFormat = 'json' | 'ndjson' | 'csv';

/** Reports how many of the records are written so far. */
export type Progress = (done: number, total: number) => void;

/** `flagline-incidents-YYYY-MM-DD.<ext>`, with the local calendar date of the export. */
export function exportFileName(format: ExportFormat, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `flagline-incidents-${day}.${format}`;
}

/** The records of a scope: not yet synced (still in the outbox), all, or those given (a filter). */
export async function recordsInScope(db: FlaglineDb, scope: ExportScope, filtered: readonly Incident[] = []) {
  if (scope === 'filter') return [...filtered];
  if (scope === 'all') return newestFirst(await db.incidents.toArray());
  const ids = [...new Set((await db.outbox.orderBy('id').keys()) as string[])];
  const records = await db.incidents.bulkGet(ids);
  return newestFirst(records.filter((r): r is Incident => r !== undefined));
}

// Yield to the event loop between chunks so the progress bar paints during a large export.
const CHUNK = 500;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The JSON export file as text parts (join them, or hand them to a Blob). One record and one link
 * per line, so a person can read the file and a diff shows which record changed. The whole chain
 * of the device goes in: a filtered export still verifies from the first link.
 */
export async function exportJsonParts(
  records: readonly Incident[],
  links: readonly ChainLink[],
  meta: { scope: ExportScope; extensionVersion: string; now?: Date },
  onProgress: Progress = () => {},
): Promise<string[]> {
  const head = {
    kind: EXPORT_KIND,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: (meta.now ?? new Date()).toISOString(),
    extensionVersion: meta.extensionVersion,
    scope: meta.scope,
    count: records.length,
  };
  const parts = [`${JSON.stringify(head).slice(0, -1)},\n"records":[\n`];
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK).map((record) => JSON.stringify(record));
    parts.push(`${i ? ',\n' : ''}${chunk.join(',\n')}`);
    onProgress(Math.min(i + CHUNK, records.length), records.length);
    await tick();
  }
  const chain = links.map(({ seq, id, revision, recordHash, prevHash, hash, at }) =>
    JSON.stringify({ seq, id, revision, recordHash, prevHash, hash, at }),
  );
  parts.push(`\n],\n"chain":{"algorithm":"SHA-256","links":[\n${chain.join(',\n')}\n]}}\n`);
  onProgress(records.length, records.length);
  return parts;
}

/** NDJSON: one record per line, for command-line tools. It carries no chain; verify the JSON file. */
export function toNdjson(records: readonly Incident[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** An export ready to save: its name, MIME type and text parts. */
export interface ExportOutput {
  fileName: string;
  type: string;
  parts: string[];
  count: number;
}

/** Builds an export of a scope from the database, in the chosen format. */
export async function buildExport(
  db: FlaglineDb,
  options: {
    scope: ExportScope;
    format: ExportFormat;
    extensionVersion: string;
    filtered?: readonly Incident[];
    now?: Date;
    onProgress?: Progress;
  },
): Promise<ExportOutput> {
  const now = options.now ?? new Date();
  // A file leaves the device: personal data is masked as for sync. The chain attests this form.
  const records = (await recordsInScope(db, options.scope, options.filtered)).map(shareableRecord);
  const fileName = exportFileName(options.format, now);
  if (options.format === 'csv') return { fileName, type: 'text/csv', parts: [toCsv(records)], count: records.length };
  if (options.format === 'ndjson') {
    return { fileName, type: 'application/x-ndjson', parts: [toNdjson(records)], count: records.length };
  }
  const links = await db.chain.orderBy('seq').toArray();
  const parts = await exportJsonParts(records, links, { ...options, now }, options.onProgress);
  return { fileName, type: 'application/json', parts, count: records.length };
}
