import { describe, expect, it } from 'vitest';
import { E2E_SITES, normaliseOrigin } from '../../lib/settings/sites';
import { originPattern } from '../../lib/shared/match-pattern';

describe('normaliseOrigin', () => {
  it.each([
    ['a bare host', 'crm.example.com', 'https://crm.example.com'],
    ['a bare host with surrounding spaces', '  crm.example.com \n', 'https://crm.example.com'],
    ['an https URL', 'https://crm.example.com', 'https://crm.example.com'],
    [
      'an https URL with a path, query and fragment',
      'https://crm.example.com/accounts/7?tab=1#notes',
      'https://crm.example.com',
    ],
    ['a bare host with a path', 'crm.example.com/accounts/7', 'https://crm.example.com'],
    ['an http URL (kept as http)', 'http://intranet.example.com/app', 'http://intranet.example.com'],
    ['an upper-case scheme and host', 'HTTPS://CRM.Example.COM/Path', 'https://crm.example.com'],
    // Match patterns ignore ports (see originPattern), so the port is deliberately dropped.
    ['a URL with a port', 'https://crm.example.com:8443/app', 'https://crm.example.com'],
    ['a bare host with a port', 'localhost:3000', 'https://localhost'],
    ['an http localhost URL with a port', 'http://localhost:5173/', 'http://localhost'],
    ['an IPv4 address', 'http://127.0.0.1:8080/chat', 'http://127.0.0.1'],
    ['an IPv6 address', 'http://[::1]:8080/', 'http://[::1]'],
    ['credentials in the URL', 'https://user:pass@crm.example.com/', 'https://crm.example.com'],
    ['an internationalised host (to punycode)', 'https://bücher.example/', 'https://xn--bcher-kva.example'],
  ])('accepts %s', (_name, input, origin) => {
    expect(normaliseOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['an empty string', '', /Enter a site address/],
    ['only spaces', '   ', /Enter a site address/],
    ['an ftp URL', 'ftp://files.example.com', /Only http and https/],
    ['a file URL', 'file:///tmp/chat.html', /Only http and https/],
    ['a browser page', 'chrome://extensions', /Only http and https/],
    ['an extension page', 'chrome-extension://abcdef/options.html', /Only http and https/],
    ['garbage with spaces', 'not a web address', /is not a web address/],
    ['a host with a bad port', 'crm.example.com:port', /is not a web address/],
    ['a scheme without a host', 'https://', /is not a web address/],
    ['a wildcard subdomain', '*.example.com', /without wildcards/],
    ['a wildcard URL', 'https://*.example.com/*', /without wildcards/],
    ['a lone wildcard', '*', /without wildcards/],
  ])('rejects %s', (_name, input, error) => {
    const result = normaliseOrigin(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(error);
  });

  it('quotes the trimmed input in the "not a web address" error', () => {
    expect(normaliseOrigin('  not a web address ')).toEqual({
      ok: false,
      error: '“not a web address” is not a web address',
    });
  });

  it('is idempotent: an origin normalises to itself', () => {
    for (const input of ['crm.example.com', 'http://localhost:3000/x', 'https://[::1]/']) {
      const first = normaliseOrigin(input);
      if (!first.ok) throw new Error(`${input} was rejected`);
      expect(normaliseOrigin(first.origin)).toEqual(first);
    }
  });
});

describe('originPattern', () => {
  it.each([
    ['https://crm.example.com', 'https://crm.example.com/*'],
    ['http://localhost', 'http://localhost/*'],
    ['http://127.0.0.1', 'http://127.0.0.1/*'],
  ])('turns %s into the match pattern %s', (origin, pattern) => {
    expect(originPattern(origin)).toBe(pattern);
  });

  it('composes with normaliseOrigin into a pattern without path or port', () => {
    const parsed = normaliseOrigin('https://crm.example.com:8443/accounts/7?x=1');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(originPattern(parsed.origin)).toBe('https://crm.example.com/*');
  });

  it('gives every e2e site a valid normalised pattern', () => {
    for (const site of E2E_SITES) {
      expect(normaliseOrigin(site)).toEqual({ ok: true, origin: site });
      expect(originPattern(site)).toMatch(/^https?:\/\/[^/*]+\/\*$/);
    }
  });
});
