import { canonicalJson } from './canonical-json';
import { sha256Hex } from './sha256';

/**
 * One link of the device's append-only hash chain: each record revision, in the order it was
 * written. `hash` covers the link's own fields, including the previous link's hash, so changing,
 * removing or reordering any revision breaks every later link.
 */
export interface ChainLink {
  seq: number;
  id: string;
  revision: number;
  /** SHA-256 of the canonical JSON of the record revision. */
  recordHash: string;
  prevHash: string;
  hash: string;
  at: string;
}

/** The previous hash of the first link. */
export const GENESIS = '0'.repeat(64);

/** Hash of a record revision as stored and exported. */
export function recordHash(record: unknown): string {
  return sha256Hex(canonicalJson(record));
}

/** The link that follows `previous` for a record revision. */
export function nextLink(
  previous: Pick<ChainLink, 'seq' | 'hash'> | undefined,
  record: { id: string; revision: number },
  hashOfRecord: string,
  at: string,
): ChainLink {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS;
  const body = { seq, id: record.id, revision: record.revision, recordHash: hashOfRecord, prevHash, at };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}
