import { findSpans, maskSpans, type Span } from './detect';
import type { Rule } from './rule';
import { stripSecretParams } from '../shared/secret-url';

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
  const { url, removed } = stripSecretParams(href);
  const spans = urlSpans(url, rules);
  return { url: spans.length ? maskSpans(url, spans) : url, spans, removed };
}
