import { storage } from 'wxt/utils/storage';
import type { DetectorLevel } from '../redaction/detect';
import { readPolicy, type RedactionLevel } from './policy';

/**
 * How much is masked before a record is stored. `standard`: secrets before storage, personal data
 * before anything leaves the device (sync, export). `strict`: personal data before storage too.
 */
export const redactionLevelItem = storage.defineItem<RedactionLevel>('local:redactionLevel', {
  fallback: 'standard',
  version: 1,
});

/** The level in force: the organisation's policy when it sets one (locked), else the user's. */
export async function effectiveRedactionLevel(): Promise<{ level: RedactionLevel; locked: boolean }> {
  const policy = await readPolicy();
  if (policy.redactionLevel) return { level: policy.redactionLevel, locked: true };
  return { level: await redactionLevelItem.getValue(), locked: false };
}

/** The detector levels applied before storage under a redaction level. */
export function storageLevels(level: RedactionLevel): DetectorLevel[] {
  return level === 'strict' ? ['secrets', 'personal'] : ['secrets'];
}

/** The detector levels to apply to a capture now. */
export async function captureLevels(): Promise<DetectorLevel[]> {
  return storageLevels((await effectiveRedactionLevel()).level);
}
