import type { z } from 'zod';
import type { FlaglineDb } from '../db';
import { revisionTables } from '../incident/persist';
import type { Incident } from '../incident/schema';
import { recordHash } from '../integrity/chain';
import { canonicalJson } from '../integrity/canonical-json';
import { describeVerification, headerProblem, verifyExport } from '../integrity/verify';
import { writeRevisions } from './bulk';
import { ExportFileSchema } from './envelope';
import { parseUntrustedJson } from './safe-json';

/** What an import did; every record of the file falls in exactly one group. */
export interface ImportSummary {
  /** Records new to this device. */
  added: number;
  /** Records this device had at an older revision. */
  updated: number;
  /** Revisions this device already had, identical: merged. */
  duplicates: number;
  /** Revisions older than what this device has: kept as they are. */
  older: number;
  /** Same id and revision as here but different content: this device's version is kept. */
  conflicts: string[];
}

/** An import's outcome: its summary, or why nothing was imported. */
export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; message: string; details: string[] };

/** Import phases, for a progress line. */
export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

/** `records[3].evidence.page.url` from a Zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  return text || '(file)';
}

/** The first few validation issues, each with the path where it is, as a person reads them. */
export function describeIssues(error: z.ZodError, max = 5): string[] {
  const lines = error.issues.slice(0, max).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more.`);
  return lines;
}

const refuse = (message: string, details: string[] = []): ImportResult => ({ ok: false, message, details });

/** One revision per (id, revision) and the newest revision per id; two different bodies for one revision refuse the file. */
function latestPerId(records: readonly Incident[]): Incident[] | string {
  const seen = new Map<string, string>();
  const latest = new Map<string, Incident>();
  for (const [index, record] of records.entries()) {
    const key = `${record.id}:${record.revision}`;
    const hash = recordHash(record);
    if (seen.has(key) && seen.get(key) !== hash) {
      return `records[${index}]: record ${record.id} revision ${record.revision} appears twice with different content.`;
    }
    seen.set(key, hash);
    const kept = latest.get(record.id);
    if (!kept || kept.revision < record.revision) latest.set(record.id, record);
  }
  return [...latest.values()];
}

/**
 * Imports an export file (a teammate's or a backup) into this device, all or nothing. The file is
 * read defensively, validated with Zod, and its chain verified before anything is written; then
 * one transaction over `revisionTables(db)` writes the records. Imported revisions enter this
 * device's own chain as new links (and its outbox), exactly as a revision written here would:
 * the chain says what this device stored and when, whoever wrote the record first.
 */
export async function importExportText(
  db: FlaglineDb,
  text: string,
  options: { byteLength?: number; now?: Date; onPhase?: (phase: ImportPhase) => void } = {},
): Promise<ImportResult> {
  const onPhase = options.onPhase ?? (() => {});
  onPhase('reading');
  const parsed = parseUntrustedJson(text, options.byteLength);
  if (!parsed.ok) return refuse(parsed.message);
  const header = headerProblem(parsed.value);
  if (header) return refuse(header);
  onPhase('checking');
  const file = ExportFileSchema.safeParse(parsed.value);
  if (!file.success) return refuse('The file does not match the export schema.', describeIssues(file.error));
  const verdict = verifyExport(parsed.value);
  if (!verdict.ok)
    return refuse('The file failed verification, so nothing was imported.', [describeVerification(verdict)]);
  const records = latestPerId(file.data.records);
  if (typeof records === 'string') return refuse('The file contradicts itself.', [records]);

  onPhase('writing');
  const summary: ImportSummary = { added: 0, updated: 0, duplicates: 0, older: 0, conflicts: [] };
  await db.transaction('rw', revisionTables(db), async () => {
    const local = await db.incidents.bulkGet(records.map((record) => record.id));
    const toWrite: Incident[] = [];
    records.forEach((record, index) => {
      const mine = local[index];
      if (!mine) {
        summary.added += 1;
        toWrite.push(record);
      } else if (mine.revision < record.revision) {
        // History is append-only: a later revision of ours carries our history as its prefix.
        // One that does not branched from an older revision, and taking it would drop our edits.
        if (extendsHistory(mine, record)) {
          summary.updated += 1;
          toWrite.push(record);
        } else summary.conflicts.push(record.id);
      } else if (mine.revision > record.revision) summary.older += 1;
      else if (recordHash(mine) === recordHash(record)) summary.duplicates += 1;
      else summary.conflicts.push(record.id);
    });
    await writeRevisions(db, toWrite, options.now);
  });
  onPhase('done');
  return { ok: true, summary };
}

/** One sentence for the person who imported. */
export function describeImport(summary: ImportSummary): string {
  const parts = [`${summary.added} added`, `${summary.updated} updated`, `${summary.duplicates} already here`];
  if (summary.older) parts.push(`${summary.older} older than here (kept ours)`);
  if (summary.conflicts.length) parts.push(`${summary.conflicts.length} differing from ours (kept ours)`);
  return `Import complete: ${parts.join(', ')}.`;
}

/** True when `later`'s history starts with every entry of `mine`'s, unchanged. */
function extendsHistory(mine: Incident, later: Incident): boolean {
  return mine.history.every((entry, index) => {
    const theirs = later.history[index];
    return theirs !== undefined && canonicalJson(theirs) === canonicalJson(entry);
  });
}
