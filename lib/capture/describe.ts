import type { CapturePayload, TextQuoteSelector } from './schema';

// Bundled into the page script: keep this module free of Zod, React and the database.
const CONTEXT = 64;
const MAX_QUOTE = 20_000;
const MAX_CONTAINER = 4_000;
const BLOCK_SELECTOR =
  'article,section,[role="article"],[data-message-author-role],li,td,blockquote,main,form,[contenteditable="true"]';

/**
 * A secret-looking query parameter name, matched on whole words so `apiKey`, `access_token` and
 * `X-Amz-Signature` go while `author`, `keyword` and `postcode` stay.
 */
const SECRET_WORD =
  /(^|[^a-z0-9])(token|key|apikey|code|session|sessionid|sid|sig|signature|secret|password|passwd|pwd|auth|jwt|otp|credential)s?([^a-z0-9]|$)/;
function isSecretName(name: string): boolean {
  return SECRET_WORD.test(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
}

/**
 * The page URL without secret-looking query parameters, and without a fragment that carries
 * one (OAuth implicit flows put tokens there). Route fragments such as `#/accounts/7` stay.
 */
export function redactUrl(href: string): string {
  try {
    const url = new URL(href);
    for (const name of [...new Set(url.searchParams.keys())]) {
      if (isSecretName(name)) url.searchParams.delete(name);
    }
    const fragmentParams = new URLSearchParams(url.hash.slice(1));
    if (url.hash.includes('=') && [...fragmentParams.keys()].some(isSecretName)) url.hash = '';
    return url.href;
  } catch {
    return href;
  }
}

function textField(el: Element | null): HTMLTextAreaElement | HTMLInputElement | null {
  if (!el) return null;
  const tag = el.tagName;
  if (tag === 'TEXTAREA') return el as HTMLTextAreaElement;
  if (tag === 'INPUT' && /^(text|search|url|email|)$/i.test((el as HTMLInputElement).type)) {
    return el as HTMLInputElement;
  }
  return null;
}

/** The focused element, looking through open shadow roots. */
function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Text of the whole document before/after a boundary, read from a Range so nothing is mutated. */
function around(doc: Document, node: Node, offset: number, side: 'before' | 'after'): string {
  const root = doc.body ?? doc.documentElement;
  const range = doc.createRange();
  if (side === 'before') {
    range.setStart(root, 0);
    range.setEnd(node, offset);
    const text = range.toString();
    return text.slice(Math.max(0, text.length - CONTEXT));
  }
  range.setStart(node, offset);
  range.setEnd(root, root.childNodes.length);
  return range.toString().slice(0, CONTEXT);
}

function containerOf(node: Node | null): Element | null {
  const el = node instanceof Element ? node : (node?.parentElement ?? null);
  return el?.closest(BLOCK_SELECTOR) ?? el;
}

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * Describes what the user has selected in `win`: the text as shown, a W3C TextQuoteSelector
 * and the page context. Returns null when nothing is selected. Reads only; never writes to the
 * page or to a form field.
 */
export function captureSelection(win: Window, now = new Date()): CapturePayload | null {
  const doc = win.document;
  let quote: TextQuoteSelector;
  let shownText: string;
  let source: CapturePayload['source'];
  let container: Element | null;

  const field = textField(deepActiveElement(doc));
  const start = field?.selectionStart ?? null;
  const end = field?.selectionEnd ?? null;
  if (field && start !== null && end !== null && end > start && field.value.slice(start, end).trim()) {
    const value = field.value;
    shownText = value.slice(start, end);
    quote = {
      type: 'TextQuoteSelector',
      exact: shownText,
      prefix: value.slice(Math.max(0, start - CONTEXT), start),
      suffix: value.slice(end, end + CONTEXT),
    };
    source = 'text-field';
    container = field;
  } else {
    const selection = win.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const exact = range.toString();
    shownText = selection.toString().trim() ? selection.toString() : exact;
    if (!exact.trim()) return null;
    quote = {
      type: 'TextQuoteSelector',
      exact,
      prefix: around(doc, range.startContainer, range.startOffset, 'before'),
      suffix: around(doc, range.endContainer, range.endOffset, 'after'),
    };
    source = 'selection';
    container = containerOf(range.commonAncestorContainer);
  }
  if (quote.exact.length > MAX_QUOTE) {
    quote = { ...quote, exact: quote.exact.slice(0, MAX_QUOTE) };
    shownText = cap(shownText, MAX_QUOTE);
  }

  const containerText =
    container && field !== container ? cap((container.textContent ?? '').trim(), MAX_CONTAINER) : undefined;
  const top = win.top === win;
  let topUrl = win.location.href;
  if (!top) {
    try {
      topUrl = win.top?.location.href ?? topUrl;
    } catch {
      // A cross-origin parent hides its URL; the frame URL is still recorded.
    }
  }
  return {
    shownText: cap(shownText, MAX_QUOTE),
    quote,
    source,
    containerText: containerText || undefined,
    page: {
      url: redactUrl(topUrl),
      title: cap(doc.title, 2_000),
      frameUrl: top ? undefined : redactUrl(win.location.href),
      lang: doc.documentElement.lang ? doc.documentElement.lang.slice(0, 35) : undefined,
    },
    capturedAt: now.toISOString(),
  };
}
