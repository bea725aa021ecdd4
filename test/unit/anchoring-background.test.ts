import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { anchorsForSender } from '../../lib/background/highlight-injection';
import { acceptFlagRequest, saveCapture } from '../../lib/background/flag';
import { takeScreenshot } from '../../lib/background/screenshot';
import { NO_SHOT } from '../../lib/capture/screenshot-types';
import { screenshotSettingItem } from '../../lib/settings/screenshot';
import { CapturePayloadSchema, type CapturePayload } from '../../lib/capture/schema';
import { FlaglineDb } from '../../lib/db';
import { hashEvidence } from '../../lib/incident/create';
import type { SenderLike } from '../../lib/messaging/protocol';

// A 1×1 PNG, as captureVisibleTab returns it.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function capture(overrides: Partial<CapturePayload> = {}): CapturePayload {
  return CapturePayloadSchema.parse({
    shownText: 'The refund is approved.',
    quote: { type: 'TextQuoteSelector', exact: 'The refund is approved.', prefix: 'Assistant: ', suffix: ' Thanks.' },
    source: 'selection',
    position: { start: 11, end: 34 },
    css: '[data-message-id="a1"]',
    context: { aiTool: { value: 'ChatGPT', foundBy: 'chatgpt:page' }, model: { value: 'gpt-4o', foundBy: 'x' } },
    page: { url: 'https://crm.example.com/accounts/7', title: 'Account 7' },
    capturedAt: '2025-03-04T05:00:00.000Z',
    ...overrides,
  });
}

function tabSender(overrides: Partial<SenderLike> = {}): SenderLike {
  return {
    id: browser.runtime.id,
    url: 'https://crm.example.com/accounts/7',
    tab: { id: 42, windowId: 3 },
    frameId: 0,
    ...overrides,
  };
}

let db: FlaglineDb;
let calls: string[];

beforeEach(async () => {
  db = new FlaglineDb(`t-${crypto.randomUUID()}`);
  await db.open();
  calls = [];
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(async (injection) => {
    calls.push(`hide ${String((injection as { args?: unknown[] }).args?.[1])}`);
    return [];
  });
  vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockImplementation(async () => {
    calls.push('capture');
    return PNG;
  });
});

afterEach(async () => {
  await db.delete();
});

describe('screenshots', () => {
  beforeEach(async () => {
    await screenshotSettingItem.setValue(true);
  });

  it('hides Flagline, captures the visible tab, shows Flagline again and hashes the PNG', async () => {
    const shot = await takeScreenshot({ id: 42, windowId: 3 });
    expect(calls).toEqual(['hide true', 'capture', 'hide false']);
    if (!shot.taken) throw new Error(shot.reason);
    expect(shot.row.blob.type).toBe('image/png');
    expect(shot.ref.bytes).toBe(shot.row.blob.size);
    const digest = await crypto.subtle.digest('SHA-256', await shot.row.blob.arrayBuffer());
    expect(shot.ref.sha256).toBe(Buffer.from(digest).toString('hex'));
  });

  it('takes none when the setting is off, and says so', async () => {
    await screenshotSettingItem.setValue(false);
    expect(await takeScreenshot({ id: 42, windowId: 3 })).toEqual({ taken: false, reason: NO_SHOT.setting });
    expect(calls).toEqual([]);
  });

  it('is off by default: a fresh install takes no screenshot and the flag says why', async () => {
    await screenshotSettingItem.removeValue();
    const id = await saveCapture(db, capture(), 'command', { id: 42, windowId: 3 });
    const record = (await db.incidents.get(id))!;
    expect(record.evidence.screenshot).toBeUndefined();
    expect(record.history[0]?.note).toBe(NO_SHOT.setting);
    expect(fakeBrowser.tabs.captureVisibleTab).not.toHaveBeenCalled();
  });

  it('takes none when the policy does not allow screenshots, even with the setting on', async () => {
    await fakeBrowser.storage.managed.set({ screenshotsAllowed: false });
    expect(await takeScreenshot({ id: 42, windowId: 3 })).toEqual({ taken: false, reason: NO_SHOT.policy });
    expect(calls).toEqual([]);
  });

  it('a refused capture leaves the flag without a screenshot, never failing it', async () => {
    vi.mocked(fakeBrowser.tabs.captureVisibleTab).mockRejectedValue(new Error('activeTab required'));
    const id = await saveCapture(db, capture(), 'command', { id: 42, windowId: 3 });
    const record = (await db.incidents.get(id))!;
    expect(record.evidence.screenshot).toBeUndefined();
    expect(record.history[0]?.note).toBe(NO_SHOT.failed);
    expect(calls).toEqual(['hide true', 'hide false']);
  });

  it('does not try for a button flag, which grants no activeTab', async () => {
    const id = await saveCapture(db, capture(), 'button', { id: 42, windowId: 3 });
    const record = (await db.incidents.get(id))!;
    expect(record.evidence.screenshot).toBeUndefined();
    expect(record.history[0]?.note).toBe(NO_SHOT.button);
    expect(fakeBrowser.tabs.captureVisibleTab).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('stores the Blob and puts its digest under the evidence hash', async () => {
    const id = await saveCapture(db, capture(), 'command', { id: 42, windowId: 3 });
    const record = (await db.incidents.get(id))!;
    const ref = record.evidence.screenshot!;
    // fake-indexeddb does not keep a happy-dom Blob's bytes, so the row is checked by its fields.
    expect(await db.screenshots.get(ref.id)).toMatchObject({ id: ref.id, mediaType: 'image/png' });
    expect(ref.bytes).toBeGreaterThan(60);
    expect(record.history[0]?.note).toBe('Screenshot taken.');
    const { hash, ...rest } = record.evidence;
    expect(hashEvidence(rest)).toEqual(hash);
    expect(record.evidence.aiTool?.value).toBe('ChatGPT');
    expect(record.evidence.selectors.map((s) => s.type)).toEqual([
      'TextQuoteSelector',
      'TextPositionSelector',
      'CssSelector',
    ]);
    expect(record.evidence.textFragmentLink).toBe(
      'https://crm.example.com/accounts/7#:~:text=Assistant%3A-,The%20refund%20is%20approved.,-Thanks.',
    );
  });
});

describe('anchorsForSender', () => {
  it('answers with the records of the sender page only, without text-field quotes', async () => {
    const here = await saveCapture(db, capture(), 'button');
    await saveCapture(db, capture({ page: { url: 'https://crm.example.com/accounts/8', title: '' } }), 'button');
    await saveCapture(db, capture({ source: 'text-field' }), 'button');
    const reply = await anchorsForSender(db, tabSender({ url: 'https://crm.example.com/accounts/7#top' }));
    expect(reply.ok && reply.anchors?.map((a) => a.id)).toEqual([here]);
    expect(reply.ok && reply.anchors?.[0]).toMatchObject({
      css: '[data-message-id="a1"]',
      position: { start: 11, end: 34 },
    });
  });

  it('matches a frame by its frame URL', async () => {
    const framed = await saveCapture(
      db,
      capture({
        page: { url: 'https://crm.example.com/accounts/7', title: '', frameUrl: 'https://crm.example.com/frame' },
      }),
      'button',
    );
    const reply = await anchorsForSender(db, tabSender({ url: 'https://crm.example.com/frame', frameId: 5 }));
    expect(reply.ok && reply.anchors?.map((a) => a.id)).toEqual([framed]);
  });

  it.each([
    ['another extension', { id: 'other' }],
    ['an extension page', { url: 'chrome-extension://test-extension-id/sidepanel.html' }],
    ['no tab', { tab: undefined }],
  ])('refuses %s', async (_name, overrides) => {
    await saveCapture(db, capture(), 'button');
    expect((await anchorsForSender(db, tabSender(overrides))).ok).toBe(false);
    expect((await acceptFlagRequest(db, tabSender(overrides))).ok).toBe(false);
  });
});
