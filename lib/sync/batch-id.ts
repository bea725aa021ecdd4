import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The batch id of a set of record revisions, derived from their keys: the same records sent
 * again carry the same id, hence the same `Idempotency-Key` and `webhook-id`, so a receiver that
 * deduplicates by that header stores a resend once. A UUID of version 8 (RFC 9562, custom).
 */
export function batchIdFor(keys: readonly string[]): string {
  const bytes = sha256(utf8ToBytes([...keys].sort().join('\n'))).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
