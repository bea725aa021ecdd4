import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Lower-case hex SHA-256 of a string's UTF-8 bytes. Synchronous (noble) on purpose: hashes are
 * taken inside IndexedDB transactions, which Web Crypto's promises would let commit before the
 * write that needs the hash.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * Lower-case hex SHA-256 of a Blob's bytes (screenshots). Through Web Crypto: images run to
 * megabytes, where native hashing is several times faster than noble's, and no transaction is
 * open while an image is hashed.
 */
export async function sha256HexOfBlob(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return bytesToHex(new Uint8Array(digest));
}
