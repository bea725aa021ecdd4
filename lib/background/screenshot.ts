import { uuidv7 } from 'uuidv7';
import { browser } from 'wxt/browser';
import { sha256HexOfBlob } from '../integrity/sha256';
import { screenshotChoice } from '../settings/screenshot';
import { NO_SHOT, type Screenshot, type ScreenshotOutcome } from '../capture/screenshot-types';

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
