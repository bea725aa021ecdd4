import { storage } from 'wxt/utils/storage';
import { readPolicy } from './policy';

/**
 * Whether a flag also keeps a screenshot of the visible tab. Off unless the user turns it on: a
 * picture of the screen holds whatever else was on it, which no detector can mask.
 */
export const screenshotSettingItem = storage.defineItem<boolean>('local:captureScreenshot', {
  fallback: false,
  version: 1,
});

/** Whether screenshots are taken now, and whether the organisation decided it (locked). */
export async function screenshotChoice(): Promise<{ on: boolean; locked: boolean }> {
  const policy = await readPolicy();
  if (policy.screenshotsAllowed === false) return { on: false, locked: true };
  return { on: await screenshotSettingItem.getValue(), locked: false };
}
