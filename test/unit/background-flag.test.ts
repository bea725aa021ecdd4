import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { handleRuntimeMessage } from '../../lib/background/router';
import { openSidePanel } from '../../lib/background/side-panel';
import { CapturePayloadSchema, type CapturePayload } from '../../lib/capture/schema';
import { FlaglineDb } from '../../lib/db';
import { hashEvidence } from '../../lib/incident/create';
import { IncidentSchema, type Incident } from '../../lib/incident/schema';
import type { SenderLike } from '../../lib/messaging/protocol';
import { flagNoticeItem, reporterItem } from '../../lib/settings/items';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function capture(overrides: Partial<CapturePayload> = {}): CapturePayload {
  return CapturePayloadSchema.parse({
    shownText: 'The refund is approved.',
    quote: { type: 'TextQuoteSelector', exact: 'The refund is approved.', prefix: 'Assistant: ', suffix: ' Thanks.' },
    source: 'selection',
    containerText: 'Assistant: The refund is approved. Thanks.',
    page: { url: 'https://crm.example.com/accounts/7', title: 'Account 7', lang: 'en' },
    capturedAt: '2025-03-04T05:00:00.000Z',
    ...overrides,
  });
}

/** What the capture script returns in the asking frame; tests set it before a flag. */
let selected: unknown;

/** The flag button's request; the background injects the capture script, which finds `selected`. */
function flagMessage(overrides: Partial<CapturePayload> = {}) {
  selected = capture(overrides);
  return { type: 'cs-bg:flag-selection' } as const;
}

/** Our content script in a web page tab, as Chrome reports it. */
function tabSender(overrides: Partial<SenderLike> = {}): SenderLike {
  return {
    id: browser.runtime.id,
    url: 'https://crm.example.com/accounts/7',
    origin: 'https://crm.example.com',
    tab: { id: 42, windowId: 3 },
    frameId: 0,
    ...overrides,
  };
}

type SidePanelHost = { sidePanel?: { open(options: { tabId?: number }): Promise<void> } };

let db: FlaglineDb;

beforeEach(async () => {
  db = new FlaglineDb(`t-${crypto.randomUUID()}`);
  await db.open();
  selected = undefined;
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async () => [
    { frameId: 0, documentId: 'doc', result: selected },
  ]);
});

afterEach(async () => {
  delete (fakeBrowser as SidePanelHost).sidePanel;
  await db.delete();
});

describe('the fake browser', () => {
  it('is what lib/ sees as browser, with a fixed extension id', () => {
    expect(browser.runtime.id).toBe(fakeBrowser.runtime.id);
    expect(browser.runtime.id).toBe('test-extension-id');
    expect((browser as SidePanelHost).sidePanel).toBeUndefined();
  });
});

describe('handleRuntimeMessage', () => {
  it('saves a valid flag from our content script as a button-triggered draft', async () => {
    const reporter = { name: 'Dana Reyes', email: 'dana@example.com' };
    await reporterItem.setValue(reporter);
    await flagNoticeItem.setValue({ at: '2025-03-04T04:00:00.000Z', kind: 'error', text: 'Nothing was selected.' });
    const message = flagMessage();
    const shown = capture();

    const reply = await handleRuntimeMessage(db, message, tabSender());

    const records = await db.incidents.toArray();
    expect(records).toHaveLength(1);
    const record = records[0] as Incident;
    expect(reply).toEqual({ ok: true, id: record.id });
    expect(record.id).toMatch(UUID_V7);
    expect(IncidentSchema.safeParse(record).success).toBe(true);
    expect(record.status).toBe('draft');
    expect(record.revision).toBe(1);
    expect(record.reporter).toEqual(reporter);
    expect(record.history).toEqual([expect.objectContaining({ by: 'Dana Reyes', action: 'Flagged (button)' })]);
    expect(record.evidence.trigger).toBe('button');
    expect(record.evidence.output).toBe(shown.shownText);
    expect(record.evidence.selectors).toEqual([shown.quote]);
    expect(record.evidence.page.url).toBe(shown.page.url);
    expect(record.timeline.detectedAt).toBe(shown.capturedAt);
    const { hash, ...unhashed } = record.evidence;
    expect(hash).toEqual(hashEvidence(unhashed));
    // A successful flag clears the last notice shown by the side panel.
    expect(await flagNoticeItem.getValue()).toBeNull();
  });

  it('uses the fallback reporter when none is set', async () => {
    const reply = await handleRuntimeMessage(db, flagMessage(), tabSender());
    expect(reply.ok).toBe(true);
    const [record] = await db.incidents.toArray();
    expect(record?.reporter).toEqual({ name: '', email: '' });
    expect(record?.history[0]?.by).toBe('Reporter (unnamed)');
  });

  it('accepts a flag from a sub-frame on an http page', async () => {
    const inFrame = flagMessage({ page: { ...capture().page, frameUrl: 'http://localhost:3000/chat' } });
    const reply = await handleRuntimeMessage(db, inFrame, tabSender({ url: 'http://localhost:3000/chat', frameId: 7 }));
    expect(reply.ok).toBe(true);
    expect(await db.incidents.count()).toBe(1);
  });

  it('captures only in the frame that asked: a page cannot make it describe another one', async () => {
    await handleRuntimeMessage(db, flagMessage(), tabSender({ url: 'http://localhost:3000/chat', frameId: 7 }));
    expect(fakeBrowser.scripting.executeScript).toHaveBeenCalledWith({
      target: { tabId: 42, frameIds: [7] },
      files: ['/capture.js'],
    });
  });

  it.each<[string, unknown]>([
    ['nothing selected', null],
    ['an empty quote', { ...capture(), quote: { ...capture().quote, exact: '' } }],
    ['a javascript: page URL', { ...capture(), page: { url: 'javascript:1', title: '' } }],
    ['an extra key', { ...capture(), reporter: { name: 'Mallory' } }],
  ])('refuses what the capture script found (%s) and writes nothing', async (_name, found) => {
    const message = flagMessage();
    selected = found;
    const reply = await handleRuntimeMessage(db, message, tabSender());
    expect(reply).toEqual({ ok: false, error: 'Select the AI output first.' });
    expect(await db.incidents.count()).toBe(0);
  });

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'cs-bg:delete-everything' }],
    ['an extra key', { ...flagMessage(), reporter: { name: 'Mallory' } }],
    // A content script asks; it never hands the background a capture of its own.
    ['a capture sent as a message', { type: 'cs-bg:flag', capture: capture() }],
    ['a string', 'flag it'],
    ['null', null],
  ])('refuses a malformed message (%s) and writes nothing', async (_name, raw) => {
    const reply = await handleRuntimeMessage(db, raw, tabSender());
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(/^Rejected message/);
    expect(await db.incidents.count()).toBe(0);
  });

  it.each<[string, SenderLike]>([
    ['another extension', tabSender({ id: 'abcdefghijklmnopabcdefghijklmnop' })],
    ['a sender without an id', tabSender({ id: undefined })],
    [
      'a non-tab sender (extension page)',
      { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/sidepanel.html' },
    ],
    ['a non-tab sender with a web URL', tabSender({ tab: undefined })],
    ['a tab with TAB_ID_NONE', tabSender({ tab: { id: -1 } })],
    ['a sender without a frame id', tabSender({ frameId: undefined })],
    ['our extension page shown in a tab', tabSender({ url: 'chrome-extension://test-extension-id/options.html' })],
  ])('refuses a valid flag from %s and writes nothing', async (_name, sender) => {
    const reply = await handleRuntimeMessage(db, flagMessage(), sender);
    expect(reply).toEqual({ ok: false, error: 'Flags are only accepted from a page tab.' });
    expect(await db.incidents.count()).toBe(0);
  });

  it('checks the sender against the current runtime id', async () => {
    const sender = tabSender();
    fakeBrowser.runtime.id = 'a-different-build-id';
    const reply = await handleRuntimeMessage(db, flagMessage(), sender);
    expect(reply.ok).toBe(false);
    expect(await db.incidents.count()).toBe(0);
  });

  it('refuses a sync request from a page tab without writing', async () => {
    const reply = await handleRuntimeMessage(db, { type: 'ui-bg:sync-now' }, tabSender());
    expect(reply).toEqual({ ok: false, error: 'Sync requests are only accepted from Flagline pages.' });
    expect(await db.incidents.count()).toBe(0);
  });

  it('replies ok:false when saving fails, instead of rejecting', async () => {
    await reporterItem.setValue({ name: 'Dana', email: 'not-an-email' });
    const reply = await handleRuntimeMessage(db, flagMessage(), tabSender());
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(/^Could not save the flag/);
    expect(await db.incidents.count()).toBe(0);
  });
});

describe('side panel opening', () => {
  it('does not throw under the fake browser (no sidePanel, sidebarAction.open throws)', () => {
    expect(() => fakeBrowser.sidebarAction.open()).toThrow();
    expect(() => openSidePanel({ id: 42, windowId: 3 })).not.toThrow();
    expect(() => openSidePanel(undefined)).not.toThrow();
  });

  it('lets a flag succeed even though the panel cannot open', async () => {
    await expect(handleRuntimeMessage(db, flagMessage(), tabSender())).resolves.toMatchObject({ ok: true });
  });

  it('opens the panel for the sender tab synchronously, before the first await', async () => {
    const open = vi.fn((_options: { tabId?: number }) => Promise.resolve());
    (fakeBrowser as SidePanelHost).sidePanel = { open };
    const pending = handleRuntimeMessage(db, flagMessage(), tabSender());
    // Still inside the user gesture: the call happened before handleRuntimeMessage returned.
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith({ tabId: 42 });
    await expect(pending).resolves.toMatchObject({ ok: true });
  });

  it('still saves the flag when opening the panel is refused', async () => {
    const open = vi.fn(() => Promise.reject(new Error('may only be called in response to a user gesture')));
    (fakeBrowser as SidePanelHost).sidePanel = { open };
    await expect(handleRuntimeMessage(db, flagMessage(), tabSender())).resolves.toMatchObject({ ok: true });
    expect(open).toHaveBeenCalledTimes(1);
    expect(await db.incidents.count()).toBe(1);
  });

  it('does not open the panel for a refused sender', async () => {
    const open = vi.fn((_options: { tabId?: number }) => Promise.resolve());
    (fakeBrowser as SidePanelHost).sidePanel = { open };
    await handleRuntimeMessage(db, flagMessage(), tabSender({ id: 'other-extension' }));
    await handleRuntimeMessage(db, { type: 'nope' }, tabSender());
    expect(open).not.toHaveBeenCalled();
  });
});
