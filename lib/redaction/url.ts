import { findSpans, maskSpans, type Span } from './detect';
import type { Rule } from './rule';

/**
 * Secret-looking parameter names. Whole words (`key`, `code`, `sig`) only as a word of the name,
 * so `keyword`, `postcode` and `author` stay; the rest anywhere in the name, so `accesstoken`,
 * `oauth_verifier` and `x-hmac-sha256` go.
 */
const SECRET_WORDS = new Set(['key', 'keys', 'code', 'sid', 'sig', 'auth', 'jwt', 'otp', 'pin', 't', 'tok']);
const SECRET_PARTS = [
  'token',
  'secret',
  'passw',
  'passcode',
  'pwd',
  'apikey',
  'hmac',
  'signature',
  'credential',
  'verifier',
  'ticket',
  'session',
  'sessid',
  'privatekey',
  'accesskey',
  'authorization',
  'saml',
];

export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  const joined = words.join('');
  return SECRET_PARTS.some((part) => joined.includes(part));
}

function decode(token: string): string {
  try {
    return decodeURIComponent(token.replace(/\+/g, ' '));
  } catch {
    return token;
  }
}

/**
 * Spans of a URL that hold a detected value. The URL is cut at its delimiters (`/ ? & = # ,`)
 * and each piece is decoded before the rules look at it, so a value that is percent-encoded (an
 * e-mail in `?to=ann%40example.com`, a quote inside a `#:~:text=` link) is found too; the whole
 * piece is the span. The raw text is also searched, for values that cross delimiters (a password
 * in `postgres://user:pw@host`).
 */
export function urlSpans(href: string, rules: readonly Rule[]): Span[] {
  const spans: Span[] = [...findSpans(href, rules)];
  const token = /[^/?&=#,;]+/g;
  for (let match = token.exec(href); match; match = token.exec(href)) {
    const plain = decode(match[0]);
    // A piece that decoding leaves as it is was searched with the raw text above.
    if (plain === match[0]) continue;
    const found = findSpans(plain, rules);
    if (found[0]) spans.push({ start: match.index, end: match.index + match[0].length, kind: found[0].kind });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * A URL without secret-named query parameters (removed, as before), without a fragment that
 * carries one (OAuth implicit flows put tokens there), and with every other value the rules
 * detect masked: a JWT in `?t=`, an AWS key in `?q=`, the same key inside a text-fragment link.
 */
export function redactUrl(href: string, rules: readonly Rule[]): { url: string; spans: Span[]; removed: number } {
  let url = href;
  let removed = 0;
  try {
    const parsed = new URL(href);
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (isSecretName(name)) {
        parsed.searchParams.delete(name);
        removed += 1;
      }
    }
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    if (!parsed.hash.startsWith('#:~:') && parsed.hash.includes('=') && [...fragment.keys()].some(isSecretName)) {
      parsed.hash = '';
      removed += 1;
    }
    // Keep the page's own spelling when nothing was removed: URL() normalises as it parses.
    if (removed) url = parsed.href;
  } catch {
    // Not a URL: still searched as text below.
  }
  const spans = urlSpans(url, rules);
  return { url: spans.length ? maskSpans(url, spans) : url, spans, removed };
}
