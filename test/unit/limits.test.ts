import { describe, expect, it } from 'vitest';
import {
  MAX_CONTAINER_TEXT,
  MAX_CSS,
  MAX_FOUND,
  MAX_LANG,
  MAX_QUOTE,
  MAX_TITLE,
  MAX_URL,
} from '../../lib/shared/limits';
import { CapturePayloadSchema, type CapturePayload } from '../../lib/capture/schema';
import { EvidenceSchema, type Evidence } from '../../lib/incident/schema';

const URL_AT = (length: number) => `https://a.test/${'p'.repeat(length - 'https://a.test/'.length)}`;

function capture(page: Partial<CapturePayload['page']>, rest: Partial<CapturePayload> = {}): CapturePayload {
  return {
    shownText: 'x',
    quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' },
    source: 'selection',
    page: { url: 'https://a.test/', title: 't', ...page },
    capturedAt: '2025-03-04T05:06:07.000Z',
    ...rest,
  };
}

function evidence(fields: Partial<Evidence>): Evidence {
  return {
    output: 'x',
    source: 'selection',
    trigger: 'button',
    selectors: [],
    page: { url: 'https://a.test/', title: 't', capturedAt: '2025-03-04T05:06:07.000Z' },
    hash: { algorithm: 'SHA-256', value: '0'.repeat(64) },
    ...fields,
  };
}

// What a page script cuts to (./limits) must be exactly what the capture and record schemas accept.
describe.each([
  ['quote', MAX_QUOTE, (n: number) => capture({}, { shownText: 'q'.repeat(n) })],
  ['container text', MAX_CONTAINER_TEXT, (n: number) => capture({}, { containerText: 'c'.repeat(n) })],
  ['title', MAX_TITLE, (n: number) => capture({ title: 't'.repeat(n) })],
  ['URL', MAX_URL, (n: number) => capture({ url: URL_AT(n) })],
  ['language tag', MAX_LANG, (n: number) => capture({ lang: 'l'.repeat(n) })],
  ['container CSS', MAX_CSS, (n: number) => capture({}, { css: 's'.repeat(n) })],
  [
    'adapter value',
    MAX_FOUND,
    (n: number) => capture({}, { context: { prompt: { value: 'v'.repeat(n), foundBy: 'r' } } }),
  ],
])('the capture schema and the %s limit', (_name, limit, make) => {
  it('accepts exactly the limit and refuses one more', () => {
    expect(CapturePayloadSchema.safeParse(make(limit)).success).toBe(true);
    expect(CapturePayloadSchema.safeParse(make(limit + 1)).success).toBe(false);
  });
});

describe('the record keeps what a capture at the limits holds', () => {
  it('accepts evidence with every captured field at its limit', () => {
    const at = evidence({
      output: 'o'.repeat(MAX_QUOTE),
      containerText: 'c'.repeat(MAX_CONTAINER_TEXT),
      prompt: { value: 'p'.repeat(MAX_FOUND), foundBy: 'rule' },
      page: {
        url: URL_AT(MAX_URL),
        frameUrl: URL_AT(MAX_URL),
        title: 't'.repeat(MAX_TITLE),
        lang: 'l'.repeat(MAX_LANG),
        capturedAt: '2025-03-04T05:06:07.000Z',
      },
      selectors: [{ type: 'CssSelector', value: 's'.repeat(MAX_CSS) }],
    });
    expect(EvidenceSchema.safeParse(at).success).toBe(true);
    expect(EvidenceSchema.safeParse({ ...at, output: 'o'.repeat(MAX_QUOTE + 1) }).success).toBe(false);
  });
});
