/**
 * Duplicate flags (docs/incident-model.md, "Lifecycle": a record can be merged into another when
 * both flag the same output). Pure: the caller reads the records and decides what to offer.
 *
 * A new flag looks like a duplicate of an older open record when both quote the same message
 * (the same message id from the page, or the same page address, the `#` part ignored) and the
 * quotes are near-identical: after folding whitespace and case, equal, or one contains the other
 * and is at least 90% of its length.
 */
import type { Incident } from './schema';

/** How much of the longer quote the shorter must cover when one contains the other. */
export const NEAR_IDENTICAL_SHARE = 0.9;

type DuplicateFields = Pick<Incident, 'id' | 'createdAt' | 'status' | 'evidence'>;
const time = (iso: string) => new Date(iso).getTime();

/** A quote with runs of whitespace folded to one space, trimmed and lower-cased. */
export function normaliseQuote(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** True when two quotes are the same text, give or take whitespace, case and a few characters at an end. */
export function nearIdenticalQuotes(a: string, b: string): boolean {
  const x = normaliseQuote(a);
  const y = normaliseQuote(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  return longer.includes(shorter) && shorter.length >= NEAR_IDENTICAL_SHARE * longer.length;
}

/** A page address without its `#` part (a text-fragment link or an in-page anchor). */
export function pageWithoutHash(url: string): string {
  const at = url.indexOf('#');
  return at < 0 ? url : url.slice(0, at);
}

/** True when both records' evidence points at the same message: its id, or else the same page. */
export function sameMessage(a: DuplicateFields, b: DuplicateFields): boolean {
  const idA = a.evidence.messageId?.value.trim();
  const idB = b.evidence.messageId?.value.trim();
  if (idA && idB && idA === idB) return true;
  const pageA = pageWithoutHash(a.evidence.page.url);
  return pageA !== '' && pageA === pageWithoutHash(b.evidence.page.url);
}

/** A record just created by a flag on a page (not a manual report), not yet past "reported". */
export function isNewFlag(record: DuplicateFields): boolean {
  return (record.status === 'draft' || record.status === 'reported') && record.evidence.source !== 'manual';
}

/** Neither declined nor merged: a record a duplicate can be merged into. */
export const isOpenRecord = (record: Pick<Incident, 'status'>): boolean =>
  record.status !== 'declined' && record.status !== 'merged';

/**
 * True when `other` is an older open record that `record` duplicates. Only the older of two
 * matching records is offered, so the first flag survives and two flags never offer each other.
 */
export function isDuplicateOf(record: DuplicateFields, other: DuplicateFields): boolean {
  return (
    other.id !== record.id &&
    isOpenRecord(other) &&
    time(other.createdAt) < time(record.createdAt) &&
    sameMessage(record, other) &&
    nearIdenticalQuotes(record.evidence.output, other.evidence.output)
  );
}

/**
 * The records a new flag looks like a duplicate of, oldest first (the original flag leads). None
 * when the record is not a new flag.
 */
export function findDuplicateCandidates<T extends DuplicateFields>(record: DuplicateFields, others: readonly T[]): T[] {
  if (!isNewFlag(record)) return [];
  return others
    .filter((other) => isDuplicateOf(record, other))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id.localeCompare(b.id));
}
