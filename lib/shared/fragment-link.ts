/**
 * Text-fragment links (`#:~:text=`, WICG scroll-to-text): pure string work, shared by the capture
 * in the page, the background that stores the link and the side panel that rebuilds it for display.
 */

/** The quote with its context, as a TextQuoteSelector holds it. */
export interface QuoteWithContext {
  exact: string;
  prefix: string;
  suffix: string;
}

const FRAGMENT_WORDS = 4;

/**
 * Up to two whole words of context next to the quote, only when whitespace separates them from it
 * and no line or cell break does: text nodes of adjacent blocks join without a space in the text
 * model ("answer.Their"), browsers match each term within one block, and a context term the page
 * does not show makes the browser ignore the whole fragment.
 */
function contextWords(text: string, side: 'before' | 'after'): string {
  const edge = side === 'before' ? text.slice(-1) : text.slice(0, 1);
  if (!/\s/.test(edge)) return '';
  const segments = text.split(BREAK);
  const near = (side === 'before' ? segments.at(-1) : segments[0])?.trim();
  if (!near) return '';
  const words = near.split(/\s+/);
  const picked = side === 'before' ? words.slice(-2) : words.slice(0, 2);
  // Punctuation may end or start a word ("Thanks."), not sit inside it ("answer.Their").
  return picked.every((w) => /^\p{P}*[\p{L}\p{N}'’-]+\p{P}*$/u.test(w)) ? picked.join(' ') : '';
}

/** Line and cell breaks: a text directive term never spans one (browsers match within a block). */
const BREAK = /[\t\n\r]+/;

function fragmentPart(text: string): string {
  // `-`, `,` and `&` are syntax in text directives and must be percent-encoded (WICG scroll-to-text).
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C');
}

/**
 * A text-fragment link (`#:~:text=`) that reopens `url` scrolled to the quote. Long quotes, and
 * quotes across lines or table cells, use their first and last words as textStart/textEnd; a few
 * words of context disambiguate repeats.
 */
export function textFragmentLink(url: string, quote: QuoteWithContext): string {
  const lines = quote.exact
    .split(BREAK)
    .map((line) => line.trim())
    .filter(Boolean);
  if (!lines.length) return url;
  const first = lines[0]!.split(/\s+/);
  const last = lines.at(-1)!.split(/\s+/);
  const parts: string[] = [];
  const before = contextWords(quote.prefix, 'before');
  const after = contextWords(quote.suffix, 'after');
  if (before) parts.push(`${fragmentPart(before)}-`);
  if (lines.length === 1 && first.length <= FRAGMENT_WORDS * 2) parts.push(fragmentPart(first.join(' ')));
  else {
    parts.push(fragmentPart(first.slice(0, FRAGMENT_WORDS).join(' ')));
    parts.push(fragmentPart(last.slice(-FRAGMENT_WORDS).join(' ')));
  }
  if (after) parts.push(`-${fragmentPart(after)}`);
  return `${url.split('#')[0]}#:~:text=${parts.join(',')}`;
}
