import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexOfBlob } from '../../lib/integrity/sha256';

// FIPS 180 test vectors: the text helper (noble) and the Blob helper (Web Crypto) must agree on them.
const VECTORS: [string, string][] = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
];

describe('sha256Hex', () => {
  it.each(VECTORS)('hashes %j to the FIPS 180 test vector', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  it('hashes the UTF-8 bytes of the string, not UTF-16 or Latin-1', () => {
    // "é" is C3 A9 in UTF-8 (Latin-1 would be E9, giving de2e331d…).
    expect(sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });

  it('returns 64 lower-case hex characters', () => {
    expect(sha256Hex('Flagline 🚩')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sha256HexOfBlob', () => {
  it.each(VECTORS)('hashes a Blob of %j to the FIPS 180 test vector', async (input, expected) => {
    await expect(sha256HexOfBlob(new Blob([input]))).resolves.toBe(expected);
  });

  it('hashes binary bytes as they are, the same as the text helper would for their UTF-8 form', async () => {
    const bytes = new TextEncoder().encode('Flagline 🚩');
    await expect(sha256HexOfBlob(new Blob([bytes], { type: 'image/png' }))).resolves.toBe(sha256Hex('Flagline 🚩'));
  });
});
