import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../../lib/redaction/detect';
import type { CapturePayload } from '../../lib/capture/schema';
import { evidenceFromCapture } from '../../lib/incident/create';

describe('redactText with the secret rules', () => {
  it.each([
    ['an AWS access key', 'key AKIAIOSFODNN7EXAMPLE here', `key ${REDACTED} here`],
    ['an API key', 'use sk-proj-abcdefghijklmnopqrstuvwx to call', `use ${REDACTED} to call`],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', REDACTED],
    ['a Slack token', 'xoxb-1234567890-abcdefghij', REDACTED],
    [
      'a JSON Web Token',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      `token ${REDACTED}`,
    ],
    ['a bearer token', 'Authorization: Bearer abcdef0123456789abcdef', `Authorization: Bearer ${REDACTED}`],
    [
      'a private key',
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nend',
      `key:\n${REDACTED}\nend`,
    ],
  ])('masks %s', (_name, input, expected) => {
    const { text, spans } = redactText(input, ['secrets']);
    expect(text).toBe(expected);
    expect(spans).toHaveLength(1);
  });

  it.each([
    'Their renewal is at risk because Contoso Pharma reported the same issue.',
    'The skeleton key to success is a sk-ill set.',
    'Bearer of bad news',
  ])('leaves ordinary prose alone: %s', (text) => {
    expect(redactText(text, ['secrets'])).toEqual({ text, spans: [] });
  });
});

describe('evidenceFromCapture', () => {
  const capture = (overrides: Partial<CapturePayload> = {}): CapturePayload => ({
    shownText: 'Use sk-live_abcdefghijklmnopqrstuvwx for the refund API.',
    quote: {
      type: 'TextQuoteSelector',
      exact: 'Use sk-live_abcdefghijklmnopqrstuvwx for the refund API.',
      prefix: 'Answer: ',
      suffix: ' Done.',
    },
    source: 'selection',
    containerText: 'Answer: Use sk-live_abcdefghijklmnopqrstuvwx for the refund API. Done.',
    page: {
      url: 'https://app.example.com/chat?access_token=SECRET&tab=2',
      title: 'Chat',
      frameUrl: 'https://frame.example.com/?sig=SECRET',
    },
    capturedAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  });

  it('masks credentials in every captured text and counts them', () => {
    const evidence = evidenceFromCapture(capture(), 'context-menu');
    const serialised = JSON.stringify(evidence);
    expect(serialised).not.toContain('sk-live_');
    expect(evidence.output).toBe(`Use ${REDACTED} for the refund API.`);
    expect(evidence.containerText).toContain(REDACTED);
    // Output, container text and quote; the text-fragment link is built from the masked quote.
    expect(evidence.redactions).toBe(3);
    expect(evidence.detected?.map((d) => [d.field, d.kind])).toEqual([
      ['output', 'openai-key'],
      ['containerText', 'openai-key'],
      ['selectors.0.exact', 'openai-key'],
    ]);
    expect(evidence.textFragmentLink).toContain('%5Bredacted%5D');
    expect(evidence.output.slice(evidence.detected![0]!.start, evidence.detected![0]!.end)).toBe(REDACTED);
  });

  it('removes secret URL parameters even when the capture did not (menu fallback)', () => {
    const evidence = evidenceFromCapture(capture(), 'context-menu');
    expect(evidence.page.url).toBe('https://app.example.com/chat?tab=2');
    expect(evidence.page.frameUrl).toBe('https://frame.example.com/');
    expect(JSON.stringify(evidence)).not.toContain('SECRET');
  });

  it('records no redaction count when nothing was masked', () => {
    const clean = capture({
      shownText: 'Plain answer.',
      quote: { type: 'TextQuoteSelector', exact: 'Plain answer.', prefix: '', suffix: '' },
      containerText: 'Plain answer.',
    });
    expect(evidenceFromCapture(clean, 'button').redactions).toBeUndefined();
  });
});
