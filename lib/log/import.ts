import type { FlaglineDb } from '../db';
import { revisionHash, revisionTables, writeRevisions } from '../incident/persist';
import type { Incident } from '../incident/schema';
import { recordHash } from '../integrity/chain';
import { shareableRecord } from '../redaction/share';
import { describeVerification, headerProblem, verifyExportPaced } from '../integrity/verify';
import { extendsHistory, revisionProblem, successorProblem } from './import-rules';
import { claimScreenshots } from './import-screenshots';
import { MAX_DETAILS, validateExport } from './import-validate';
import { pacer, type Pacer } from './pace';
import { parseUntrustedJson, utf8Length } from './safe-json';

export { describeIssues, formatPath } from './import-validate';

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
  /** Records whose screenshot reference named an image of another record here: it is not shown with them. */
  screenshotsDropped?: string[];
}

/** An import's outcome: its summary, or why nothing was imported. */
export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; message: string; details: string[] };

/** Import phases, for a progress line. */
export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

const refusal = (message: string, details: string[] = []) => ({ ok: false as const, message, details });
const refuse = (message: string, details: string[] = []): ImportResult => refusal(message, details);

/** Refuses the import from inside its transaction, which then writes nothing. */
class ImportRefused extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** One revision per (id, revision) and the newest revision per id; two different bodies for one revision refuse the file. */
async function latestPerId(records: readonly Incident[], pace: Pacer): Promise<Incident[] | string> {
  const seen = new Map<string, string>();
  const latest = new Map<string, Incident>();
  for (const [index, record] of records.entries()) {
    if (pace.due()) await pace.pause();
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

/** Every revision in the file as a local edit would have written it, or the first few that are not. */
async function rulesProblems(records: readonly Incident[], pace: Pacer): Promise<string[]> {
  const problems: string[] = [];
  for (const record of records) {
    if (pace.due()) await pace.pause();
    const problem = revisionProblem(record);
    if (problem) problems.push(problem);
    if (problems.length === MAX_DETAILS) break;
  }
  return problems;
}

/**
 * Reads, validates and verifies an export file; the records to merge (the newest revision of each),
 * or why the file is refused. It writes nothing, so an extension page runs it before handing the
 * records to the background. Long checks pause for the page (`pace`).
 */
export async function checkImportFile(
  text: string,
  options: { byteLength?: number; onPhase?: (phase: ImportPhase) => void; pace?: Pacer } = {},
): Promise<Incident[] | Extract<ImportResult, { ok: false }>> {
  const onPhase = options.onPhase ?? (() => {});
  const pace = options.pace ?? pacer();
  onPhase('reading');
  const parsed = parseUntrustedJson(text, options.byteLength ?? utf8Length(text));
  if (!parsed.ok) return refusal(parsed.message);
  const header = headerProblem(parsed.value);
  if (header) return refusal(header);
  onPhase('checking');
  await pace.pause();
  const validated = await validateExport(parsed.value, options.byteLength ?? utf8Length(text), pace);
  if (!validated.ok) return refusal(validated.message, validated.details);
  const verdict = await verifyExportPaced(parsed.value, pace);
  if (!verdict.ok)
    return refusal('The file failed verification, so nothing was imported.', [describeVerification(verdict)]);
  const broken = await rulesProblems(validated.file.records, pace);
  if (broken.length) return refusal('The file holds revisions Flagline could not have written.', broken);
  const records = await latestPerId(validated.file.records, pace);
  if (typeof records === 'string') return refusal('The file contradicts itself.', [records]);
  return records;
}

/**
 * Merges checked records (see `checkImportFile`) into this device, all or nothing, in one
 * transaction. Imported revisions enter this device's own chain as new links (and its outbox),
 * exactly as a revision written here would: the chain says what this device stored and when,
 * whoever wrote the record first.
 */
export async function mergeImportedRecords(
  db: FlaglineDb,
  records: readonly Incident[],
  now?: Date,
): Promise<ImportResult> {
  const summary: ImportSummary = { added: 0, updated: 0, duplicates: 0, older: 0, conflicts: [] };
  try {
    await db.transaction('rw', [...revisionTables(db), db.screenshots], async () => {
      const local = await db.incidents.bulkGet(records.map((record) => record.id));
      const toWrite: Incident[] = [];
      records.forEach((record, index) => {
        const mine = local[index];
        if (!mine) {
          summary.added += 1;
          toWrite.push(record);
        } else if (mine.revision < record.revision) {
          const problem = successorProblem(mine, record);
          if (problem) throw new ImportRefused(problem);
          // History is append-only: a later revision of ours carries our history as its prefix.
          // One that does not branched from an older revision, and taking it would drop our edits.
          // A teammate's copy arrives in its shared form, free text masked as it left their device.
          if (extendsHistory(mine, record) || extendsHistory(shareableRecord(mine), record)) {
            summary.updated += 1;
            toWrite.push(record);
          } else summary.conflicts.push(record.id);
        } else if (mine.revision > record.revision) summary.older += 1;
        // Ours as stored, or as it leaves the device (an export of ours holds the shared form).
        else if (recordHash(record) === recordHash(mine) || recordHash(record) === revisionHash(mine))
          summary.duplicates += 1;
        else summary.conflicts.push(record.id);
      });
      const dropped = await claimScreenshots(db, toWrite, local);
      if (dropped.length) summary.screenshotsDropped = dropped;
      await writeRevisions(db, toWrite, now);
    });
  } catch (error) {
    if (error instanceof ImportRefused)
      return refuse('The file changes what a later revision may not change.', [error.detail]);
    throw error;
  }
  return { ok: true, summary };
}

/**
 * Imports an export file (a teammate's or a backup) into this device, all or nothing: the file is
 * read defensively, validated with Zod record by record, its chain verified and every revision
 * held to the rules of a local edit (see `import-rules.ts`) before anything is written; then one
 * transaction writes the records.
 */
export async function importExportText(
  db: FlaglineDb,
  text: string,
  options: { byteLength?: number; now?: Date; onPhase?: (phase: ImportPhase) => void; pace?: Pacer } = {},
): Promise<ImportResult> {
  const checked = await checkImportFile(text, options);
  if (!Array.isArray(checked)) return checked;
  options.onPhase?.('writing');
  const result = await mergeImportedRecords(db, checked, options.now);
  if (result.ok) options.onPhase?.('done');
  return result;
}

/** One sentence for the person who imported. */
export function describeImport(summary: ImportSummary): string {
  const parts = [`${summary.added} added`, `${summary.updated} updated`, `${summary.duplicates} already here`];
  if (summary.older) parts.push(`${summary.older} older than here (kept ours)`);
  if (summary.conflicts.length) parts.push(`${summary.conflicts.length} differing from ours (kept ours)`);
  const dropped = summary.screenshotsDropped?.length ?? 0;
  if (dropped)
    parts.push(`${dropped} screenshot reference${dropped === 1 ? '' : 's'} to another record's image ignored`);
  return `Import complete: ${parts.join(', ')}.`;
}
