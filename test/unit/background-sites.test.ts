// Enabling a site: the registered flag script, and the open tabs of newly enabled sites.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { FLAG_SCRIPT_ID, FLAG_SCRIPT_KEY, injectIntoOpenTabs, syncFlagScript } from '../../lib/background/sites';
import { enabledSitesItem } from '../../lib/settings/items';

type Frame = { frameId: number; result?: { live: boolean; url: string } };

/** Each tab's frames as the probe reports them; a tab mapped to an Error cannot be scripted. */
let frames: Map<number, Frame[] | Error>;
let injected: Array<{ tabId: number; frameIds?: number[] }>;
let registered: Array<{ id: string; matches?: string[] }>;

beforeEach(() => {
  frames = new Map();
  injected = [];
  registered = [];
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (query) => {
    const patterns = ([] as string[]).concat((query as { url?: string | string[] }).url ?? []);
    const urls: Record<number, string> = {
      1: 'https://crm.example.com/accounts/7',
      2: 'https://crm.example.com/deals',
      3: 'https://crm.example.com/broken',
      4: 'https://mail.example.com/compose',
    };
    return Object.entries(urls)
      .filter(([, url]) => patterns.some((p) => url.startsWith(p.replace('/*', '/'))))
      .map(([id, url]) => ({ id: Number(id), url }) as never);
  });
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async (injection) => {
    const { tabId, frameIds } = injection.target;
    if ('files' in injection && injection.files) {
      injected.push({ tabId, frameIds });
      return [];
    }
    const probe = frames.get(tabId) ?? [];
    if (probe instanceof Error) throw probe;
    return probe.map((frame) => ({ documentId: 'doc', ...frame })) as never;
  });
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(async () => registered as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(async (scripts) => {
    registered = scripts.map((s) => ({ id: s.id, matches: s.matches }));
  });
  vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation(async (scripts) => {
    registered = scripts.map((s) => ({ id: s.id, matches: s.matches }));
  });
});
afterEach(() => vi.restoreAllMocks());

describe('injectIntoOpenTabs', () => {
  it('puts the script only into frames of the enabled site that do not run it yet', async () => {
    frames.set(1, [
      { frameId: 0, result: { live: false, url: 'https://crm.example.com/accounts/7' } },
      { frameId: 5, result: { live: false, url: 'https://ads.example.net/frame' } },
      { frameId: 6, result: { live: true, url: 'https://crm.example.com/inner' } },
      { frameId: 7 },
    ]);
    frames.set(2, [{ frameId: 0, result: { live: true, url: 'https://crm.example.com/deals' } }]);
    frames.set(3, new Error('Cannot access contents of the page'));
    await injectIntoOpenTabs(['https://crm.example.com/*']);
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ url: ['https://crm.example.com/*'] });
    expect(injected).toEqual([{ tabId: 1, frameIds: [0] }]);
  });

  it('asks each frame with the key the flag script keeps its context under', async () => {
    await injectIntoOpenTabs(['https://crm.example.com/*']);
    const probe = vi.mocked(fakeBrowser.scripting.executeScript).mock.calls[0]![0] as { args?: unknown[] };
    expect(probe.args).toEqual([FLAG_SCRIPT_KEY]);
    expect(FLAG_SCRIPT_KEY).toBe('flagline.flag-script');
  });
});

describe('syncFlagScript', () => {
  it('registers the enabled sites and fills only the open tabs of the sites just added', async () => {
    frames.set(1, [{ frameId: 0, result: { live: false, url: 'https://crm.example.com/accounts/7' } }]);
    frames.set(4, [{ frameId: 0, result: { live: false, url: 'https://mail.example.com/compose' } }]);
    await enabledSitesItem.setValue(['https://mail.example.com']);
    await syncFlagScript();
    expect(registered).toEqual([{ id: FLAG_SCRIPT_ID, matches: ['https://mail.example.com/*'] }]);
    expect(injected).toEqual([{ tabId: 4, frameIds: [0] }]);

    injected = [];
    await enabledSitesItem.setValue(['https://mail.example.com', 'https://crm.example.com']);
    await syncFlagScript();
    expect(registered[0]!.matches).toEqual(['https://mail.example.com/*', 'https://crm.example.com/*']);
    expect(injected).toEqual([{ tabId: 1, frameIds: [0] }]);
  });

  it('puts nothing into tabs when no site was added', async () => {
    registered = [{ id: FLAG_SCRIPT_ID, matches: ['https://crm.example.com/*'] }];
    frames.set(1, [{ frameId: 0, result: { live: false, url: 'https://crm.example.com/accounts/7' } }]);
    await enabledSitesItem.setValue(['https://crm.example.com']);
    await syncFlagScript();
    expect(injected).toEqual([]);
  });
});
