import type { Evidence, Incident } from '../incident/schema';
import { canonicalJson } from '../integrity/canonical-json';
import { sha256Hex } from '../integrity/sha256';
import { masksFit, replayMasks } from '../redaction/evidence';

/**
 * The rules every revision written on this device obeys (`createDraft`, `updateIncident`), applied
 * to a revision from a file: a file is a stranger's claim, and nothing may enter this device's
 * chain that a local edit could not have produced. See docs/incident-model.md, "What a record holds".
 */

/**
 * True when the evidence hash holds: the SHA-256 of the canonical JSON of the evidence as
 * captured, every field but `hash` and `masked`. Once spans are masked (a reviewer's redaction,
 * personal data masked when the record left its device) the captured text is gone, and only
 * whoever holds it can recompute the hash (docs/redaction.md); the file can still show that
 * every masked span left its marker where the list says.
 */
export function evidenceHashHolds(evidence: Evidence): boolean {
  const { hash, masked, ...captured } = evidence;
  if (hash.algorithm !== 'SHA-256') return false;
  if (masked?.length) return masksFit(evidence, masked);
  return sha256Hex(canonicalJson(captured)) === hash.value;
}

/**
 * True when `later` is `mine`, or `mine` with more spans masked after those it already lists: a
 * reviewer's redaction, or personal data masked when a teammate's copy left their device.
 */
function evidenceFollows(mine: Evidence, later: Evidence): boolean {
  if (canonicalJson(later) === canonicalJson(mine)) return true;
  const before = mine.masked ?? [];
  const after = later.masked ?? [];
  if (after.length <= before.length) return false;
  if (canonicalJson(after.slice(0, before.length)) !== canonicalJson(before)) return false;
  try {
    return canonicalJson({ ...replayMasks(mine, after.slice(before.length)), masked: after }) === canonicalJson(later);
  } catch {
    // A span that does not fit our text.
    return false;
  }
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
 * id, the schema version, the creation time or the evidence (hash included), except to mask spans.
 */
export function successorProblem(mine: Incident, later: Incident): string | undefined {
  const where = `Record ${later.id} (revision ${later.revision})`;
  if (later.id !== mine.id) return `${where}: its id is not ours.`;
  if (later.schemaVersion !== mine.schemaVersion) {
    return `${where}: schema version ${later.schemaVersion} differs from ours (${mine.schemaVersion}).`;
  }
  if (later.createdAt !== mine.createdAt) return `${where}: its creation time differs from ours.`;
  if (!evidenceFollows(mine.evidence, later.evidence)) {
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
