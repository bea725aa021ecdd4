import { browser, type Browser } from 'wxt/browser';
import { CapturePayloadSchema, type CapturePayload, type FlagTrigger } from '../capture/schema';
import { NO_SHOT } from '../capture/screenshot-types';
import { takeScreenshot } from './screenshot';
import type { FlaglineDb } from '../db';
import { createDraft, evidenceFromCapture } from '../incident/create';
import { isOwnContentScript, type Reply, type SenderLike } from '../messaging/protocol';
import { flagNoticeItem, reporterItem } from '../settings/items';
import { captureLevels } from '../settings/redaction';
import { afterWrite } from './after-write';
import { openSidePanel } from './side-panel';

export const CONTEXT_MENU_ID = 'flag-ai-output';
export const COMMAND_FLAG = 'flag-selection';
const CAPTURE_SCRIPT = '/capture.js';

async function notify(kind: 'error' | 'info', text: string): Promise<void> {
  await flagNoticeItem.setValue({ at: new Date().toISOString(), kind, text });
}

function extensionVersion(): string | undefined {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return undefined;
  }
}

/**
 * Saves a validated capture as a draft record, with Flagline's version and, when settings and
 * policy allow, a screenshot of the tab (stored first, so the record's hash covers its digest).
 * The history entry says whether a screenshot was taken and, if not, why.
 */
export async function saveCapture(
  db: FlaglineDb,
  capture: CapturePayload,
  trigger: FlagTrigger,
  tab?: { id?: number; windowId?: number; url?: string },
): Promise<string> {
  const reporter = await reporterItem.getValue();
  const evidence = {
    ...evidenceFromCapture(capture, trigger, await captureLevels()),
    extensionVersion: extensionVersion(),
  };
  // Chrome grants captureVisibleTab only with activeTab (menu, shortcut) or <all_urls>; a click
  // inside the page grants neither, so a button flag does not try.
  const shot = trigger === 'button' ? ({ taken: false, reason: NO_SHOT.button } as const) : await takeScreenshot(tab);
  if (shot.taken) evidence.screenshot = shot.ref;
  const record = await createDraft(db, {
    evidence,
    reporter,
    screenshot: shot.taken ? shot.row : undefined,
    note: shot.taken ? 'Screenshot taken.' : shot.reason,
  });
  await flagNoticeItem.setValue(null);
  return record.id;
}

/**
 * A flag from the page, the menu or the shortcut: saved, then the post-write effects (the new
 * highlight where the page is an enabled site, the badge, the sync kick).
 */
async function saveFlag(
  db: FlaglineDb,
  capture: CapturePayload,
  trigger: FlagTrigger,
  tab?: { id?: number; windowId?: number; url?: string },
): Promise<string> {
  const id = await saveCapture(db, capture, trigger, tab);
  // The tab's own address too: a flag from a frame may name the frame's page.
  await afterWrite(db, { pages: [capture.page.url, tab?.url ?? ''] });
  return id;
}

/**
 * A flag from the floating button: the button only asks, and the capture script is injected into
 * the asking frame, so the script present on every enabled page stays small. Only our own content
 * script in a tab may ask; the side panel opens first, while the click's user gesture lasts.
 */
export async function acceptFlagRequest(db: FlaglineDb, sender: SenderLike): Promise<Reply> {
  if (!isOwnContentScript(sender, browser.runtime.id) || sender.tab?.id === undefined) {
    return { ok: false, error: 'Flags are only accepted from a page tab.' };
  }
  openSidePanel(sender.tab);
  try {
    const capture = await captureInTab(sender.tab.id, [sender.frameId ?? 0]);
    if (!capture) return { ok: false, error: 'Select the AI output first.' };
    return { ok: true, id: await saveFlag(db, capture, 'button', sender.tab) };
  } catch (error) {
    return { ok: false, error: `Could not save the flag: ${String(error)}` };
  }
}

/** Runs the capture script in a tab's frames and returns the first frame's valid selection. */
async function captureInTab(tabId: number, frameIds?: number[]): Promise<CapturePayload | null> {
  const results = await browser.scripting.executeScript({
    target: frameIds ? { tabId, frameIds } : { tabId, allFrames: true },
    files: [CAPTURE_SCRIPT],
  });
  for (const { result } of results) {
    const parsed = CapturePayloadSchema.safeParse(result);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** A capture from what the browser itself reports, for pages no script may run on. */
function captureFromMenu(info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab): CapturePayload | null {
  const text = info.selectionText?.trim();
  const url = info.frameUrl ?? info.pageUrl ?? tab.url;
  if (!text || !url) return null;
  const parsed = CapturePayloadSchema.safeParse({
    shownText: text,
    quote: { type: 'TextQuoteSelector', exact: text, prefix: '', suffix: '' },
    source: 'selection',
    page: { url, title: tab.title ?? '' },
    capturedAt: new Date().toISOString(),
  });
  return parsed.success ? parsed.data : null;
}

/**
 * Flags the selection in a tab for the context menu and the keyboard command. Uses `activeTab`
 * to inject the capture script on demand, so it works on any site without host permissions.
 */
export async function flagFromTab(
  db: FlaglineDb,
  tab: Browser.tabs.Tab | undefined,
  trigger: Extract<FlagTrigger, 'context-menu' | 'command'>,
  info?: Browser.contextMenus.OnClickData,
): Promise<string | null> {
  if (tab?.id === undefined) return null;
  let capture: CapturePayload | null = null;
  try {
    capture = await captureInTab(tab.id, info?.frameId !== undefined ? [info.frameId] : undefined);
  } catch {
    // Script injection is refused on browser pages and web stores: fall back to the menu's text.
  }
  capture ??= info ? captureFromMenu(info, tab) : null;
  if (!capture) {
    await notify('error', 'Nothing was selected. Select the AI output on the page, then flag it.');
    return null;
  }
  try {
    return await saveFlag(db, capture, trigger, tab);
  } catch (error) {
    // The side panel is already open: tell the user there instead of failing silently.
    await notify('error', `Could not save the flag: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
