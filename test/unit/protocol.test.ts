import { describe, expect, it } from 'vitest';
import { MAX_QUOTE } from '../../lib/shared/limits';
import { CapturePayloadSchema, type CapturePayload } from '../../lib/capture/schema';
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
  it('accepts the flag button request and returns the parsed message', () => {
    const message = { type: 'cs-bg:flag-selection' };
    expect(parseMessage(message)).toEqual({ ok: true, message });
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
    // Content scripts never send a capture: the background injects the capture script and reads it.
    ['a capture sent as a message', { type: 'cs-bg:flag', capture: capture() }],
    ['a missing type', { capture: capture() }],
    ['a string', 'cs-bg:flag-selection'],
    ['null', null],
    ['undefined', undefined],
    ['an array', [{ type: 'cs-bg:flag-selection' }]],
  ])('rejects %s', (_name, raw) => {
    expect(rejection(raw)).toMatch(/^Rejected message/);
  });

  it('names the type field when the type is unknown', () => {
    expect(rejection({ type: 'cs-bg:delete-all' })).toContain('at type');
  });

  it.each([
    ['on the message', { type: 'cs-bg:flag-selection', extra: 1 }, 'extra'],
    ['on the sync message', { type: 'ui-bg:sync-now', origins: ['https://evil.test'] }, 'origins'],
  ])('rejects an extra key %s (strict objects)', (_name, raw, key) => {
    const error = rejection(raw);
    expect(error).toMatch(/^Rejected message/);
    expect(error).toContain(key);
  });
});

/** The first issue of a capture the schema refuses, as "path: message"; fails the test if accepted. */
function captureRejection(raw: unknown): string {
  const result = CapturePayloadSchema.safeParse(raw);
  expect(result.success).toBe(false);
  const issue = result.error?.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

describe('CapturePayloadSchema (what the background accepts from the capture script)', () => {
  it('accepts a capture and returns it unchanged', () => {
    expect(CapturePayloadSchema.parse(capture())).toEqual(capture());
  });

  it('accepts a capture from a text field with optional fields left out', () => {
    const { containerText: _dropped, ...rest } = capture({ source: 'text-field' });
    expect(CapturePayloadSchema.safeParse({ ...rest, page: { url: 'http://x.test/', title: '' } }).success).toBe(true);
  });

  it.each([
    ['on the capture', { ...capture(), reporter: 'x' }, 'reporter'],
    ['on the page', { ...capture(), page: { ...capture().page, cookie: 'a=b' } }, 'cookie'],
  ])('rejects an extra key %s (strict objects)', (_name, raw, key) => {
    expect(captureRejection(raw)).toContain(key);
  });

  it.each([
    [
      'an empty quote',
      capture({ quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' } }),
      'quote.exact',
      /quote is empty/,
    ],
    [
      'a javascript: URL',
      capture({ page: { url: 'javascript:alert(1)', title: 'x' } }),
      'page.url',
      /Only web pages can be flagged/,
    ],
    [
      'a chrome-extension: frame URL',
      capture({ page: { url: 'https://a.test/', title: 'x', frameUrl: `${EXT_ORIGIN}sidepanel.html` } }),
      'page.frameUrl',
      /Only web pages can be flagged/,
    ],
    [
      'an oversized quote',
      capture({ quote: { type: 'TextQuoteSelector', exact: 'x'.repeat(MAX_QUOTE + 1), prefix: '', suffix: '' } }),
      'quote.exact',
      /<=20000 characters/,
    ],
    ['an empty shown text', capture({ shownText: '' }), 'shownText', /./],
    ['an unknown source', capture({ source: 'clipboard' as CapturePayload['source'] }), 'source', /./],
    ['a capture time that is not ISO', capture({ capturedAt: 'yesterday' }), 'capturedAt', /./],
  ])('rejects a capture with %s, naming the path', (_name, bad, path, message) => {
    const error = captureRejection(bad);
    expect(error.startsWith(`${path}:`)).toBe(true);
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
