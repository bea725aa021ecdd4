import { canonicalJson } from '../integrity/canonical-json';
import { hashEvidence } from '../incident/create';
import type { Evidence } from '../incident/schema';
import { replayMasks } from './evidence';

/** What checking a masked record against the evidence as captured found. */
export interface OriginalCheck {
  /** The original's own hash is the hash the masked record carries. */
  hashMatches: boolean;
  /** Masking the original where the record says gives exactly the record's evidence. */
  masksMatch: boolean;
}

/**
 * Verifies a redacted or shared record's evidence against the evidence as captured, held by
 * whoever kept the original (the reviewer's device before the redaction, an earlier export).
 */
export async function checkAgainstOriginal(current: Evidence, original: Evidence): Promise<OriginalCheck> {
  const { hash: _hash, masked: _masked, ...captured } = original;
  const hashMatches = (await hashEvidence(captured)).value === current.hash.value;
  const { masked = [], ...rest } = current;
  const replayed = replayMasks({ ...captured, hash: current.hash }, masked);
  return { hashMatches, masksMatch: canonicalJson(replayed) === canonicalJson(rest) };
}
