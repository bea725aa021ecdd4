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

async function applyRegistration(): Promise<void> {
  const matches = await enabledPatterns();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [FLAG_SCRIPT_ID] });
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
}
