import { readContext, type PageContext } from '../adapters';
import { closestComposed, visibleText } from '../adapters/types';
import { cssPath } from '../anchoring/css-path';
import { CAPTURE_NODE_BUDGET, describeRange, documentLevel } from '../anchoring/selectors';
import { MAX_CONTAINER_TEXT, MAX_LANG, MAX_QUOTE, MAX_TITLE, QUOTE_CONTEXT } from '../../shared/limits';
import { stripSecretParams } from '../../shared/secret-url';
import type { CaptureContext, CapturePayload } from '../../capture/schema';
import { commonNode, selectedRange } from './selection';

// Bundled into the page script: keep this module free of Zod, React and the database.
const BLOCK_SELECTOR =
  'article,section,[role="article"],[data-message-author-role],li,td,blockquote,main,form,[contenteditable="true"]';

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

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

const EDITOR =
  '[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], .ProseMirror, .ql-editor, .ck-editor__editable';

function blockOf(node: Node | null): Element | null {
  const el = node instanceof Element ? node : (node?.parentElement ?? null);
  return closestComposed(el, BLOCK_SELECTOR) ?? el;
}

/** The adapter's context fields, without the container element, for the payload. */
function contextFields(context: PageContext): CaptureContext | undefined {
  const { aiTool, prompt, model, conversationId, messageId } = context;
  const fields = Object.fromEntries(
    Object.entries({ aiTool, prompt, model, conversationId, messageId }).filter(([, v]) => v),
  ) as CaptureContext;
  return Object.keys(fields).length ? fields : undefined;
}

/** Page fields of a capture: the top URL (redacted), title, frame URL and language. */
function pageOf(win: Window): CapturePayload['page'] {
  const doc = win.document;
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
    url: stripSecretParams(topUrl).url,
    title: cap(doc.title, MAX_TITLE),
    frameUrl: top ? undefined : stripSecretParams(win.location.href).url,
    lang: doc.documentElement.lang ? doc.documentElement.lang.slice(0, MAX_LANG) : undefined,
  };
}

/** A selection inside a `<textarea>` or `<input>`: read from the value, never written. */
function captureField(field: HTMLTextAreaElement | HTMLInputElement, doc: Document) {
  const start = field.selectionStart ?? 0;
  const end = field.selectionEnd ?? 0;
  const value = field.value;
  const context = readContext(field, doc);
  // Only a real block around the field (its form, card or cell), never the whole page body.
  const around = field.parentElement ? closestComposed(field.parentElement, BLOCK_SELECTOR) : null;
  const container = context.container && context.container !== field ? context.container : around;
  return {
    shownText: value.slice(start, end),
    quote: {
      type: 'TextQuoteSelector' as const,
      exact: value.slice(start, end),
      prefix: value.slice(Math.max(0, start - QUOTE_CONTEXT), start),
      suffix: value.slice(end, end + QUOTE_CONTEXT),
    },
    source: 'text-field' as const,
    css: cssPath(documentLevel(field)),
    context: contextFields(context),
    // The form or block around the field: its label and neighbours say what the field was for.
    containerText: container ? visibleText(container, MAX_CONTAINER_TEXT) || undefined : undefined,
  };
}

/**
 * Describes what the user has selected in `win`: the text as shown, W3C selectors (quote with
 * context, position, container CSS) and the page context read by the site adapters. Returns null
 * when nothing is selected. Reads only; never writes to the page or to a form field. The work is
 * bounded by `budget` nodes whatever the size of the page (see `CAPTURE_NODE_BUDGET`).
 */
export function captureSelection(win: Window, now = new Date(), budget = CAPTURE_NODE_BUDGET): CapturePayload | null {
  const doc = win.document;
  const field = textField(deepActiveElement(doc));
  let body: Omit<CapturePayload, 'page' | 'capturedAt'>;
  if (field && (field.selectionEnd ?? 0) > (field.selectionStart ?? 0)) {
    const read = captureField(field, doc);
    if (!read.quote.exact.trim()) return null;
    body = read;
  } else {
    const range = selectedRange(win);
    if (!range) return null;
    const anchor = commonNode(range);
    const context = readContext(range.startContainer, doc);
    const container = context.container ?? blockOf(anchor);
    const described = describeRange(doc, range, container, budget);
    if (!described) return null;
    const shown = win.getSelection()?.toString() ?? '';
    const inShadow = range.startContainer.getRootNode() instanceof ShadowRoot;
    body = {
      shownText: shown.trim() ? shown : described.quote.exact,
      quote: described.quote,
      source: inShadow ? 'shadow-root' : closestComposed(anchor, EDITOR) ? 'editor' : 'selection',
      position: described.position ? { start: described.position.start, end: described.position.end } : undefined,
      css: described.css?.value,
      context: contextFields(context),
      containerText: container ? visibleText(container, MAX_CONTAINER_TEXT) || undefined : undefined,
    };
  }
  const quote =
    body.quote.exact.length > MAX_QUOTE ? { ...body.quote, exact: body.quote.exact.slice(0, MAX_QUOTE) } : body.quote;
  return {
    ...body,
    shownText: cap(body.shownText, MAX_QUOTE),
    quote,
    containerText: body.containerText ? cap(body.containerText, MAX_CONTAINER_TEXT) : undefined,
    page: pageOf(win),
    capturedAt: now.toISOString(),
  };
}
