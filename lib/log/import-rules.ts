import type { Evidence, Incident } from '../incident/schema';
import { canonicalJson } from '../integrity/canonical-json';
import { sha256Hex } from '../integrity/sha256';

/**
 * The rules every revision written on this device obeys (`createDraft`, `updateIncident`), applied
 * to a revision from a file: a file is a stranger's claim, and nothing may enter this device's
 * chain that a local edit could not have produced. See docs/incident-model.md, "Evidence".
 */

/** True when the evidence hash is the SHA-256 of the canonical JSON of the evidence without it. */
export function evidenceHashHolds(evidence: Evidence): boolean {
  const { hash, ...unhashed } = evidence;
  return hash.algorithm === 'SHA-256' && sha256Hex(canonicalJson(unhashed)) === hash.value;
}

/**
 * Why a revision could not have been written by Flagline on its own terms, or undefined: its
 * evidence hash recomputed, and one history entry per revision, numbered 1 to `revision`.
 */
export function revisionProblem(record: Incident): string | undefined {
  if (!evidenceHashHolds(record.evidence)) {
    return `Record ${record.id} (revision ${record.revision}): its evidence does not match its evidence hash.`;
  }
  if (record.history.length !== record.revision) {
    return `Record ${record.id} (revision ${record.revision}): it has ${record.history.length} history entries; every revision adds exactly one.`;
  }
  const gap = record.history.findIndex((entry, index) => entry.revision !== index + 1);
  if (gap >= 0) {
    return `Record ${record.id} (revision ${record.revision}): history entry ${gap + 1} is numbered ${record.history[gap]!.revision}; revisions run 1, 2, 3… without gaps.`;
  }
  return undefined;
}

/**
 * Why `later` cannot be a later revision of `mine`, or undefined. A local edit never changes the
 * id, the schema version, the creation time or the evidence (hash included).
 */
export function successorProblem(mine: Incident, later: Incident): string | undefined {
  const where = `Record ${later.id} (revision ${later.revision})`;
  if (later.id !== mine.id) return `${where}: its id is not ours.`;
  if (later.schemaVersion !== mine.schemaVersion) {
    return `${where}: schema version ${later.schemaVersion} differs from ours (${mine.schemaVersion}).`;
  }
  if (later.createdAt !== mine.createdAt) return `${where}: its creation time differs from ours.`;
  if (canonicalJson(later.evidence) !== canonicalJson(mine.evidence)) {
    return `${where}: its evidence differs from ours, and evidence is never edited after capture.`;
  }
  return undefined;
}

/** True when `later`'s history starts with every entry of `mine`'s, unchanged. */
export function extendsHistory(mine: Incident, later: Incident): boolean {
  return mine.history.every((entry, index) => {
    const theirs = later.history[index];
    return theirs !== undefined && canonicalJson(theirs) === canonicalJson(entry);
  });
}
