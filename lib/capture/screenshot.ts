import { uuidv7 } from 'uuidv7';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Evidence } from '../incident/schema';
import { sha256HexOfBlob } from '../integrity/sha256';

/** A screenshot row of the `screenshots` table. */
export interface Screenshot {
  id: string;
  blob: Blob;
  mediaType: 'image/png' | 'image/jpeg';
  capturedAt: string;
  /** The record whose evidence references this image; rows written before it was kept have none. */
  recordId?: string;
}

/** Whether a flag also keeps a screenshot of the visible tab. On unless the user turns it off. */
export const screenshotSettingItem = storage.defineItem<boolean>('local:captureScreenshot', {
  fallback: true,
  version: 1,
});

/**
 * Hides Flagline's own UI in every frame for the picture. The injected function runs in the
 * extension's isolated world, where the content scripts keep their nodes by reference (see
 * `lib/content/own-ui.ts`): only those are hidden, from inside their closed shadow roots, so no
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
 * Takes a PNG of the tab's visible area with Flagline's UI hidden, if the setting allows. Needs
 * `activeTab` (context menu, shortcut): Chrome refuses a host permission alone; any failure (a
 * background tab, a browser page, the rate limit of two calls a second) just means no screenshot:
 * a flag never fails for it.
 */
export async function takeScreenshot(
  tab: { id?: number; windowId?: number } | undefined,
  now = new Date(),
): Promise<{ row: Screenshot; ref: NonNullable<Evidence['screenshot']> } | null> {
  if (tab?.id === undefined || tab.windowId === undefined) return null;
  if (!(await screenshotSettingItem.getValue())) return null;
  const tabId = tab.id;
  try {
    await setOwnUiHidden(tabId, true).catch(() => undefined);
    const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    const blob = blobFromDataUrl(dataUrl);
    const row: Screenshot = { id: uuidv7(), blob, mediaType: 'image/png', capturedAt: now.toISOString() };
    return { row, ref: { id: row.id, mediaType: 'image/png', bytes: blob.size, sha256: await sha256HexOfBlob(blob) } };
  } catch {
    return null;
  } finally {
    await setOwnUiHidden(tabId, false).catch(() => undefined);
  }
}
