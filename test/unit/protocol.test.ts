import { describe, expect, it } from 'vitest';
import { MAX_QUOTE } from '../../lib/capture/limits';
import type { CapturePayload } from '../../lib/capture/schema';
import { isOwnContentScript, isOwnExtensionPage, parseMessage, type SenderLike } from '../../lib/messaging/protocol';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const EXT_ORIGIN = `chrome-extension://${EXT_ID}/`;

function capture(overrides: Partial<CapturePayload> = {}): CapturePayload {
  return {
    shownText: 'The refund is approved.',
    quote: {
      type: 'TextQuoteSelector',
      exact: 'The refund is approved.',
      prefix: 'Assistant: ',
      suffix: ' Anything else?',
    },
    source: 'selection',
    containerText: 'Assistant: The refund is approved. Anything else?',
    page: { url: 'https://crm.example.com/accounts/7', title: 'Account 7', lang: 'en' },
    capturedAt: '2025-03-04T05:06:07.000Z',
    ...overrides,
  };
}

/** The error string of a rejected message; fails the test if the message was accepted. */
function rejection(raw: unknown): string {
  const parsed = parseMessage(raw);
  expect(parsed.ok).toBe(false);
  if (parsed.ok) throw new Error('Expected the message to be rejected');
  return parsed.error;
}

describe('parseMessage', () => {
  it('accepts a valid cs-bg:flag and returns the parsed message', () => {
    const message = { type: 'cs-bg:flag', capture: capture() };
    const parsed = parseMessage(message);
    expect(parsed).toEqual({ ok: true, message });
  });

  it('accepts a capture from a text field with optional fields left out', () => {
    const { containerText: _dropped, ...rest } = capture({ source: 'text-field' });
    const parsed = parseMessage({
      type: 'cs-bg:flag',
      capture: { ...rest, page: { url: 'http://x.test/', title: '' } },
    });
    expect(parsed.ok).toBe(true);
  });

  it('accepts ui-bg:sync-now, which has no payload', () => {
    expect(parseMessage({ type: 'ui-bg:sync-now' })).toEqual({ ok: true, message: { type: 'ui-bg:sync-now' } });
  });

  it('accepts a sync retry naming a record revision, and refuses any other key', () => {
    const key = '0190a6f4-1111-7000-8000-000000000001:2';
    expect(parseMessage({ type: 'ui-bg:sync-retry', key }).ok).toBe(true);
    expect(rejection({ type: 'ui-bg:sync-discard', key: '*' })).toContain('at key');
  });

  it.each([
    ['an unknown type', { type: 'cs-bg:delete-all' }],
    ['a missing type', { capture: capture() }],
    ['a string', 'cs-bg:flag'],
    ['null', null],
    ['undefined', undefined],
    ['an array', [{ type: 'cs-bg:flag', capture: capture() }]],
  ])('rejects %s', (_name, raw) => {
    expect(rejection(raw)).toMatch(/^Rejected message/);
  });

  it('names the type field when the type is unknown', () => {
    expect(rejection({ type: 'cs-bg:delete-all' })).toContain('at type');
  });

  it.each([
    ['on the message', { type: 'cs-bg:flag', capture: capture(), extra: 1 }, 'extra'],
    ['on the sync message', { type: 'ui-bg:sync-now', origins: ['https://evil.test'] }, 'origins'],
    ['on the capture', { type: 'cs-bg:flag', capture: { ...capture(), reporter: 'x' } }, 'reporter'],
    [
      'on the page',
      { type: 'cs-bg:flag', capture: { ...capture(), page: { ...capture().page, cookie: 'a=b' } } },
      'cookie',
    ],
  ])('rejects an extra key %s (strict objects)', (_name, raw, key) => {
    const error = rejection(raw);
    expect(error).toMatch(/^Rejected message/);
    expect(error).toContain(key);
  });

  it.each([
    [
      'an empty quote',
      capture({ quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' } }),
      'capture.quote.exact',
      /quote is empty/,
    ],
    [
      'a javascript: URL',
      capture({ page: { url: 'javascript:alert(1)', title: 'x' } }),
      'capture.page.url',
      /Only web pages can be flagged/,
    ],
    [
      'a chrome-extension: frame URL',
      capture({ page: { url: 'https://a.test/', title: 'x', frameUrl: `${EXT_ORIGIN}sidepanel.html` } }),
      'capture.page.frameUrl',
      /Only web pages can be flagged/,
    ],
    [
      'an oversized quote',
      capture({ quote: { type: 'TextQuoteSelector', exact: 'x'.repeat(MAX_QUOTE + 1), prefix: '', suffix: '' } }),
      'capture.quote.exact',
      /<=20000 characters/,
    ],
    ['an empty shown text', capture({ shownText: '' }), 'capture.shownText', /./],
    ['an unknown source', capture({ source: 'clipboard' as CapturePayload['source'] }), 'capture.source', /./],
    ['a capture time that is not ISO', capture({ capturedAt: 'yesterday' }), 'capture.capturedAt', /./],
  ])('rejects a capture with %s, naming the path', (_name, bad, path, message) => {
    const error = rejection({ type: 'cs-bg:flag', capture: bad });
    expect(error).toContain(`at ${path}:`);
    expect(error).toMatch(message);
  });
});

describe('isOwnContentScript', () => {
  const good: SenderLike = {
    id: EXT_ID,
    url: 'https://crm.example.com/accounts/7',
    origin: 'https://crm.example.com',
    tab: { id: 12, windowId: 1 },
    frameId: 0,
  };

  it.each<[string, SenderLike, boolean]>([
    ['our id, a tab, a frame and an https page', good, true],
    ['an http page', { ...good, url: 'http://localhost:3000/' }, true],
    ['a file page', { ...good, url: 'file:///tmp/chat.html' }, true],
    ['a sub-frame', { ...good, frameId: 3 }, true],
    ['tab id 0', { ...good, tab: { id: 0 } }, true],
    ['another extension id', { ...good, id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' }, false],
    ['no extension id', { ...good, id: undefined }, false],
    ['no tab', { ...good, tab: undefined }, false],
    ['a tab without an id', { ...good, tab: { windowId: 1 } }, false],
    ['a negative tab id (TAB_ID_NONE)', { ...good, tab: { id: -1 } }, false],
    ['no frameId', { ...good, frameId: undefined }, false],
    ['a chrome-extension:// url', { ...good, url: `${EXT_ORIGIN}sidepanel.html` }, false],
    ['a javascript: url', { ...good, url: 'javascript:void 0' }, false],
    ['no url', { ...good, url: undefined }, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isOwnContentScript(sender, EXT_ID)).toBe(expected);
  });
});

describe('isOwnExtensionPage', () => {
  it.each<[string, SenderLike, boolean]>([
    ['our side panel', { id: EXT_ID, url: `${EXT_ORIGIN}sidepanel.html` }, true],
    ['our options page', { id: EXT_ID, url: `${EXT_ORIGIN}options.html#sites` }, true],
    ['our content script in a web page', { id: EXT_ID, url: 'https://crm.example.com/', tab: { id: 3 } }, false],
    ['another extension page', { id: 'other', url: 'chrome-extension://other/sidepanel.html' }, false],
    ['another id claiming our URL', { id: 'other', url: `${EXT_ORIGIN}sidepanel.html` }, false],
    ['our id without a url', { id: EXT_ID }, false],
  ])('%s → %s', (_name, sender, expected) => {
    expect(isOwnExtensionPage(sender, EXT_ID, EXT_ORIGIN)).toBe(expected);
  });
});
