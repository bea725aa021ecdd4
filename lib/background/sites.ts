import { browser } from 'wxt/browser';
import { enabledSitesItem } from '../settings/items';
import { E2E_SITES } from '../settings/sites';
import { originPattern } from '../shared/match-pattern';

export const FLAG_SCRIPT_ID = 'flagline-flag-button';
const FLAG_SCRIPT_FILE = '/content-scripts/flag.js';

/** The match patterns of enabled sites that still hold their host permission. */
export async function enabledPatterns(): Promise<string[]> {
  const stored = await enabledSitesItem.getValue();
  const origins = import.meta.env.MODE === 'e2e' ? [...E2E_SITES, ...stored] : stored;
  const patterns = [...new Set(origins.map(originPattern))];
  const granted = await Promise.all(
    patterns.map((pattern) => browser.permissions.contains({ origins: [pattern] }).catch(() => false)),
  );
  return patterns.filter((_, index) => granted[index]);
}

let chain: Promise<void> = Promise.resolve();

/**
 * Makes the registered flag-button script match exactly the enabled sites. Calls are serialised:
 * two concurrent registrations of one id would fail with "Duplicate script ID".
 */
export function syncFlagScript(): Promise<void> {
  chain = chain.then(applyRegistration, applyRegistration);
  return chain;
}

/**
 * Registers the script for the enabled sites, then puts it into the open tabs of the sites that
 * were not in the registration before: a registered script only runs on pages loaded afterwards,
 * and a reviewer who enables a site expects the button on the page in front of them.
 */
async function applyRegistration(): Promise<void> {
  const matches = await enabledPatterns();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [FLAG_SCRIPT_ID] });
  const before = new Set(existing[0]?.matches ?? []);
  if (matches.length === 0) {
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [FLAG_SCRIPT_ID] });
    return;
  }
  const script = {
    id: FLAG_SCRIPT_ID,
    js: [FLAG_SCRIPT_FILE],
    matches,
    allFrames: true,
    runAt: 'document_idle' as const,
  };
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
  const added = matches.filter((pattern) => !before.has(pattern));
  if (added.length) await injectIntoOpenTabs(added);
}

/**
 * The global the flag script keeps its context under, in the extension's isolated world of each
 * frame (entrypoints/flag.content.ts); a context is live until the extension reloads or a newer
 * copy of the script takes over.
 */
export const FLAG_SCRIPT_KEY = 'flagline.flag-script';

/** Runs in each frame of a tab: whether a live flag script is there, and the frame's address. */
function flagScriptState(key: string): { live: boolean; url: string } {
  const ctx = (globalThis as Record<symbol, { isValid?: boolean } | undefined>)[Symbol.for(key)];
  return { live: ctx?.isValid === true, url: location.href };
}

/** True when `url` is on a site one of the origin patterns (`scheme://host/*`) names. */
function onPatterns(url: string, patterns: ReadonlySet<string>): boolean {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && patterns.has(originPattern(parsed.origin));
  } catch {
    return false;
  }
}

/**
 * Puts the flag script into the frames of open tabs on the given origin patterns that do not run
 * a live copy yet. Frames on other sites are left alone, even where Flagline has host access for
 * another reason (a sync endpoint). A tab that cannot be scripted (still loading an error page,
 * closed meanwhile) is skipped: it gets the registered script when it loads.
 */
export async function injectIntoOpenTabs(patterns: readonly string[]): Promise<void> {
  const wanted = new Set(patterns);
  const tabs = await browser.tabs.query({ url: [...wanted] }).catch(() => []);
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      const tabId = tab.id;
      try {
        const frames = await browser.scripting.executeScript({
          target: { tabId, allFrames: true },
          func: flagScriptState,
          args: [FLAG_SCRIPT_KEY],
        });
        const frameIds = frames
          .filter(({ result }) => result && !result.live && onPatterns(result.url, wanted))
          .map(({ frameId }) => frameId);
        if (frameIds.length)
          await browser.scripting.executeScript({ target: { tabId, frameIds }, files: [FLAG_SCRIPT_FILE] });
      } catch {
        // Not scriptable now; nothing to undo.
      }
    }),
  );
}
