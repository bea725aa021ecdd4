import { browser } from 'wxt/browser';
import type { AnchorTarget } from '../page/anchoring/anchor';
import { openRecordRequestItem } from '../messaging/open-request';
import { stripSecretParams } from '../shared/secret-url';
import { getDb, type FlaglineDb } from '../db';
import type { Incident } from '../incident/schema';
import { isOwnContentScript, type MessageOf, type Reply, type SenderLike } from '../messaging/protocol';
import { openSidePanel } from './side-panel';
import { enabledPatterns } from './sites';

const ANCHOR_SCRIPT = '/anchor.js';
/** Records re-anchored on one page at most: more would slow the page for little use. */
const MAX_ANCHORS = 200;

/** A URL as records store it, without its fragment (text fragments and routes do not change the page). */
export function pageKey(url: string): string {
  return stripSecretParams(url).url.split('#')[0]!;
}

function anchorTarget(record: Incident): AnchorTarget | null {
  const quote = record.evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
  // Text-field quotes live in a field's value, which highlights cannot reach.
  if (!quote || record.evidence.source === 'text-field') return null;
  const position = record.evidence.selectors.find((s) => s.type === 'TextPositionSelector');
  const css = record.evidence.selectors.find((s) => s.type === 'CssSelector');
  return {
    id: record.id,
    quote: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
    ...(position ? { position: { start: position.start, end: position.end } } : {}),
    ...(css ? { css: css.value } : {}),
  };
}

/** The records flagged on a page (its frame URL for a frame), newest first. */
export async function recordsForUrl(db: FlaglineDb, url: string, frame: boolean): Promise<Incident[]> {
  const key = pageKey(url);
  const records = await db.incidents
    .filter(
      (r) => r.status !== 'merged' && pageKey((frame ? r.evidence.page.frameUrl : r.evidence.page.url) ?? '') === key,
    )
    .toArray();
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, MAX_ANCHORS);
}

/** Answers the anchor script's request for the records of its own page (the sender's URL, not the page's word). */
export async function anchorsForSender(db: FlaglineDb, sender: SenderLike): Promise<Reply> {
  if (!isOwnContentScript(sender, browser.runtime.id)) return { ok: false, error: 'Only a page tab may ask.' };
  const records = await recordsForUrl(db, sender.url!, sender.frameId !== 0);
  const anchors = records.map(anchorTarget).filter((t): t is AnchorTarget => t !== null);
  return { ok: true, anchors };
}

/** A marker was clicked: open the side panel on that record. */
export function openRecordFromPage(message: MessageOf<'cs-bg:open-record'>, sender: SenderLike): Promise<Reply> {
  if (!isOwnContentScript(sender, browser.runtime.id))
    return Promise.resolve({ ok: false, error: 'Only a page tab may ask.' });
  openSidePanel(sender.tab); // First, while the click's user gesture lasts.
  return openRecordRequestItem.setValue({ id: message.id, at: new Date().toISOString() }).then(() => ({ ok: true }));
}

function onEnabledSite(url: string, patterns: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return patterns.some((pattern) => {
    const m = /^(\*|https?|file):\/\/([^/]*)\//.exec(pattern);
    if (!m) return false;
    const [, scheme, host] = m;
    const schemeOk = scheme === '*' ? /^https?:$/.test(parsed.protocol) : parsed.protocol === `${scheme}:`;
    const hostOk =
      host === '*' || (host!.startsWith('*.') ? parsed.hostname.endsWith(host!.slice(1)) : parsed.hostname === host);
    return schemeOk && hostOk;
  });
}

/**
 * Injects the anchoring script into a tab when it shows an enabled site that has records for its
 * URL. Pages without records never receive it, so they carry only the flag button. `refresh`
 * injects even when no record is left to show: the script replaces its previous run, so
 * highlights of a record merged or changed since go away.
 */
export async function injectAnchoring(db: FlaglineDb, tabId: number, url: string, refresh = false): Promise<boolean> {
  if (!/^https?:/.test(url) || !onEnabledSite(url, await enabledPatterns())) return false;
  const records = await recordsForUrl(db, url, false);
  if (!refresh && !records.some((r) => anchorTarget(r))) return false;
  await browser.scripting
    .executeScript({ target: { tabId, allFrames: true }, files: [ANCHOR_SCRIPT] })
    .catch(() => undefined);
  return true;
}

/**
 * Re-draws the highlights in every open tab showing one of `pageUrls` (the pages of records just
 * written). Tabs whose address the extension may not read (no host access) carry no highlights.
 */
export async function refreshHighlights(db: FlaglineDb, pageUrls: readonly string[]): Promise<void> {
  const keys = new Set(pageUrls.filter(Boolean).map(pageKey));
  if (keys.size === 0) return;
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map((tab) =>
      tab.id !== undefined && tab.url && keys.has(pageKey(tab.url))
        ? injectAnchoring(db, tab.id, tab.url, true).catch(() => false)
        : false,
    ),
  );
}

/**
 * Wires re-anchoring: on every finished load and every single-page navigation (a URL change
 * without a load), inject the anchor script where records exist. Registered synchronously at the
 * top level of the service worker, like every listener.
 */
export function setupAnchoring(): void {
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const url = change.url ?? (change.status === 'complete' ? tab.url : undefined);
    if (url) void injectAnchoring(getDb(), tabId, url);
  });
}
