import { browser } from 'wxt/browser';

const WEB = /^https?:/i;

/**
 * The web page the reviewer is looking at, for a report started without a selection. The side
 * panel has no tab of its own, so this is the active tab; when that is an extension page (the
 * panel opened in a tab), the most recently used web tab. Without access to the tab, the URL
 * and title are unknown and the reviewer types them.
 */
export async function currentWebPage(): Promise<{ url: string; title: string }> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (active?.url && WEB.test(active.url)) return { url: active.url, title: active.title ?? '' };
  const tabs = await browser.tabs.query({});
  const recent = tabs
    .filter((tab) => tab.url && WEB.test(tab.url))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
  return { url: recent?.url ?? '', title: recent?.title ?? '' };
}
