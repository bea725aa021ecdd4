import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from '../../../lib/redaction/checksums';
import { findSpans, REDACTED, redactText, rulesOf } from '../../../lib/redaction/detect';
import { redactUrl } from '../../../lib/redaction/url';
import { isSecretName } from '../../../lib/shared/secret-url';
import { PERSONAL, SECRETS } from './corpus';

describe('checksums', () => {
  it('Luhn accepts the networks test numbers and refuses a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('IBAN mod 97 accepts the registry examples and refuses a changed digit', () => {
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
    expect(ibanValid('DE00 1234')).toBe(false);
  });
});

describe('each planted value is found by the rule of its kind', () => {
  it.each([...SECRETS, ...PERSONAL].map((p) => [p.kind, p] as const))('%s', (_kind, planted) => {
    const text = `Before ${planted.text} after.`;
    const own = rulesOf(['secrets', 'personal']).filter((rule) => rule.kind === planted.kind);
    expect(findSpans(text, own).length).toBeGreaterThan(0);
    expect(redactText(text, ['secrets', 'personal']).text).not.toContain(planted.value);
  });

  it('leaves a card number that fails Luhn and an IBAN that fails mod 97', () => {
    expect(redactText('card 4111 1111 1111 1112, iban GB82WEST12345698765433', ['personal']).spans).toEqual([]);
  });

  it('personal rules are not secret rules: the default level keeps an e-mail before storage', () => {
    expect(redactText('mail maria@example.org', ['secrets']).text).toBe('mail maria@example.org');
    expect(redactText('mail maria@example.org', ['personal']).text).toBe(`mail ${REDACTED}`);
  });

  it('masking twice is masking once', () => {
    const once = redactText('key AKIAQ3EGRJ5TXNCL7WVA and maria@example.org', ['secrets', 'personal']).text;
    expect(redactText(once, ['secrets', 'personal'])).toEqual({ text: once, spans: [] });
  });
});

describe('URL redaction by name and by value', () => {
  it.each(['passcode', 'accesstoken', 'oauth_verifier', 'ticket', 'hmac', 'X-Hmac-SHA256', 'sessionid', 't'])(
    'treats %s as a secret name',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['author', 'keyword', 'postcode', 'tab', 'page', 'q', 'lang'])('keeps %s', (name) =>
    expect(isSecretName(name)).toBe(false),
  );

  it('removes secret-named parameters the old name list kept', () => {
    const { url } = redactUrl(
      'https://app.example.com/a?passcode=1&accesstoken=2&oauth_verifier=3&ticket=4&hmac=5&view=list',
      [],
    );
    expect(url).toBe('https://app.example.com/a?view=list');
  });

  it('masks a JWT in ?t= and an AWS key in ?q= by their values', () => {
    const jwt = SECRETS.find((s) => s.kind === 'jwt')!.text;
    const { url } = redactUrl(
      `https://app.example.com/a?x=${encodeURIComponent(jwt)}&q=AKIAQ3EGRJ5TXNCL7WVA&page=2`,
      rulesOf(['secrets']),
    );
    expect(url).toBe(`https://app.example.com/a?x=${REDACTED}&q=${REDACTED}&page=2`);
  });

  it('masks a secret inside a text-fragment link, where it is percent-encoded', () => {
    const link = 'https://app.example.com/a#:~:text=use%20AKIAQ3EGRJ5TXNCL7WVA%20now';
    expect(redactUrl(link, rulesOf(['secrets'])).url).toBe(`https://app.example.com/a#:~:text=${REDACTED}`);
  });

  it('masks an e-mail address in a path or query only with the personal rules', () => {
    const href = 'https://crm.example.com/people/maria%40example.org?to=ann%40example.com';
    expect(redactUrl(href, rulesOf(['secrets'])).url).toBe(href);
    expect(redactUrl(href, rulesOf(['personal'])).url).toBe(
      `https://crm.example.com/people/${REDACTED}?to=${REDACTED}`,
    );
  });
});
