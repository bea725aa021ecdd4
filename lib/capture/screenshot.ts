import { uuidv7 } from 'uuidv7';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Evidence } from '../incident/schema';
import { sha256HexOfBlob } from '../integrity/sha256';
import { readPolicy } from '../settings/policy';

/** A screenshot row of the `screenshots` table. */
export interface Screenshot {
  id: string;
  blob: Blob;
  mediaType: 'image/png' | 'image/jpeg';
  capturedAt: string;
  /** The record whose evidence references this image; rows written before it was kept have none. */
  recordId?: string;
}

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

/** A screenshot taken with a flag, or why there is none: every flag says which. */
export type ScreenshotOutcome =
  { taken: true; row: Screenshot; ref: NonNullable<Evidence['screenshot']> } | { taken: false; reason: string };

export const NO_SHOT = {
  setting: 'No screenshot: screenshots are off in Settings.',
  policy: 'No screenshot: your organisation does not allow them.',
  button: 'No screenshot: the browser allows one only when you flag from the context menu or the shortcut.',
  manual: 'No screenshot: a manual report has no page to take one of.',
  failed: 'No screenshot: the browser refused to take one of this tab.',
} as const;

/**
 * Hides Flagline's own UI in every frame for the picture. The injected function runs in the
 * extension's isolated world, where the content scripts keep their nodes by reference (see
 * `lib/page/ui/own-ui.ts`): only those are hidden, from inside their closed shadow roots, so no
 * page element is touched and the page sees no mutation telling it a picture is being taken.
 */
async function setOwnUiHidden(tabId: number, hidden: boolean): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId, allFrames: true },
    args: ['flagline.own-ui', hidden],
    func: async (key: string, hide: boolean) => {
      const ui = (globalThis as Record<symbol, { setHidden?: (h: boolean) => void } | undefined>)[Symbol.for(key)];
      if (!ui?.setHidden) return;
      ui.setHidden(hide);
      // Wait for a frame to be painted without our UI; rAF never fires in a hidden tab, hence the cap.
      await new Promise((done) => {
        const timer = setTimeout(done, 150);
        requestAnimationFrame(() => requestAnimationFrame(() => (clearTimeout(timer), done(undefined))));
      });
    },
  });
}

/** Decodes `data:image/png;base64,…` without fetch: a service worker's fetch of data: URLs is not universal. */
function blobFromDataUrl(dataUrl: string): Blob {
  const [head = '', data = ''] = dataUrl.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'image/png';
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

/**
 * Takes a PNG of the tab's visible area with Flagline's UI hidden, if settings and policy allow.
 * Needs `activeTab` (context menu, shortcut): Chrome refuses a host permission alone; any failure
 * (a background tab, a browser page, the rate limit of two calls a second) just means no
 * screenshot, and says so: a flag never fails for it.
 */
export async function takeScreenshot(
  tab: { id?: number; windowId?: number } | undefined,
  now = new Date(),
): Promise<ScreenshotOutcome> {
  const choice = await screenshotChoice();
  if (!choice.on) return { taken: false, reason: choice.locked ? NO_SHOT.policy : NO_SHOT.setting };
  if (tab?.id === undefined || tab.windowId === undefined) return { taken: false, reason: NO_SHOT.failed };
  const tabId = tab.id;
  try {
    await setOwnUiHidden(tabId, true).catch(() => undefined);
    const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    const blob = blobFromDataUrl(dataUrl);
    const row: Screenshot = { id: uuidv7(), blob, mediaType: 'image/png', capturedAt: now.toISOString() };
    const ref = { id: row.id, mediaType: 'image/png' as const, bytes: blob.size, sha256: await sha256HexOfBlob(blob) };
    return { taken: true, row, ref };
  } catch {
    return { taken: false, reason: NO_SHOT.failed };
  } finally {
    await setOwnUiHidden(tabId, false).catch(() => undefined);
  }
}
