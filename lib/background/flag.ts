import { browser, type Browser } from 'wxt/browser';
import { CapturePayloadSchema, type CapturePayload, type FlagTrigger } from '../capture/schema';
import type { FlaglineDb } from '../db';
import { createDraft, evidenceFromCapture } from '../incident/create';
import { isOwnContentScript, type MessageOf, type Reply, type SenderLike } from '../messaging/protocol';
import { flagNoticeItem, reporterItem } from '../settings/items';
import { openSidePanel } from './side-panel';

export const CONTEXT_MENU_ID = 'flag-ai-output';
export const COMMAND_FLAG = 'flag-selection';
const CAPTURE_SCRIPT = '/capture.js';

async function notify(kind: 'error' | 'info', text: string): Promise<void> {
  await flagNoticeItem.setValue({ at: new Date().toISOString(), kind, text });
}

/** Saves a validated capture as a draft record. */
export async function saveCapture(db: FlaglineDb, capture: CapturePayload, trigger: FlagTrigger): Promise<string> {
  const reporter = await reporterItem.getValue();
  const record = await createDraft(db, { evidence: evidenceFromCapture(capture, trigger), reporter });
  await flagNoticeItem.setValue(null);
  return record.id;
}

/**
 * A flag from the floating button. Only our own content script in a tab may raise one; the
 * side panel opens first, while the click's user gesture lasts (it ends at the first await).
 */
export function acceptFlag(db: FlaglineDb, message: MessageOf<'cs-bg:flag'>, sender: SenderLike): Promise<Reply> {
  if (!isOwnContentScript(sender, browser.runtime.id)) {
    return Promise.resolve({ ok: false, error: 'Flags are only accepted from a page tab.' });
  }
  openSidePanel(sender.tab);
  return saveCapture(db, message.capture, 'button').then(
    (id): Reply => ({ ok: true, id }),
    (error: unknown): Reply => ({ ok: false, error: `Could not save the flag: ${String(error)}` }),
  );
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
  return saveCapture(db, capture, trigger);
}
