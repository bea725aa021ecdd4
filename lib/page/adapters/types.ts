import { isVisuallyHidden } from '../anchoring/text-model';
import { MAX_FOUND } from '../../shared/limits';

/** A value read from the page, with the rule that found it (`chatgpt:data-message-model-slug`). */
export interface Found {
  value: string;
  foundBy: string;
}

/** What an adapter knows about the page around a selection. Every field is optional. */
export interface PageContext {
  /** The AI tool the page is, as its users name it. */
  aiTool?: Found;
  /** The AI message, editor or card that holds the selection. */
  container?: Element;
  containerFoundBy?: string;
  prompt?: Found;
  model?: Found;
  conversationId?: Found;
  messageId?: Found;
}

/** A site adapter: recognises its tool and reads the context of a node inside it. */
export interface SiteAdapter {
  name: string;
  /**
   * Whether the page is this adapter's tool: by host, or (mirrors, saved pages) by the tool's
   * markers around `node`. Never by scanning the whole page: that would grow with the page.
   */
  matches(doc: Document, node: Node): boolean;
  read(node: Node, doc: Document): PageContext;
}

/** `closest` that crosses open shadow boundaries (a selection inside a web component). */
export function closestComposed(node: Node | null, selector: string): Element | null {
  let el: Element | null = node instanceof Element ? node : (node?.parentElement ?? null);
  while (el) {
    const hit = el.closest(selector);
    if (hit) return hit;
    const root = el.getRootNode();
    el = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** Elements whose text is not part of what a message says: controls, icons, non-rendered text. */
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'BUTTON', 'SELECT', 'TEXTAREA']);
/** Inline elements: their text runs on without a word break; every other element breaks words. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
]);

/** Roles of controls and of status lines ("Created a file, read a file", "Thought for 8s"). */
const NOT_TEXT_ROLES = new Set(['button', 'toolbar', 'menu', 'status', 'tooltip']);

function skipped(el: Element): boolean {
  return (
    NOT_TEXT.has(el.tagName) ||
    NOT_TEXT_ROLES.has(el.getAttribute('role') ?? '') ||
    // Claude marks what find-in-page must skip (hidden headings, tool-use and thinking status).
    el.hasAttribute('data-find-omitted') ||
    el.getAttribute('data-cds') === 'TurnStatus' ||
    isVisuallyHidden(el)
  );
}

/**
 * The text of an element as a person sees it, whitespace collapsed and capped at `max`: without
 * visually hidden and screen-reader-only labels ("ChatGPT said:", "Gemini の回答"), buttons (tool-use
 * summaries, "Copy code") and code-block headers ("Python"), with a space where blocks, cells and
 * `<br>` separate words. Stops reading once `max` characters are collected, so a huge message
 * costs no more than a small one.
 */
export function visibleText(el: Element | null | undefined, max = MAX_FOUND): string {
  if (!el) return '';
  const parts: string[] = [];
  let length = 0;
  // Next-node pointers, not child lists: a message with thousands of children costs only what is read.
  const stack: Array<Node | 'break'> = [el];
  while (stack.length && length <= max) {
    const node = stack.pop()!;
    if (node === 'break') {
      parts.push(' ');
      continue;
    }
    if (node !== el && node.nextSibling) stack.push(node.nextSibling);
    if (node.nodeType === 3) {
      const data = (node as Text).data;
      parts.push(data);
      length += data.length;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element !== el && skipped(element)) continue;
    const block = !INLINE.has(element.tagName);
    if (block) {
      parts.push(' ');
      stack.push('break');
    }
    // A code block shows its code; the header above it (language, "Copy code") is chrome. ChatGPT's
    // 2026 viewer puts the code in `.cm-content` (lines split by `<br>`), older ones in `<code>`.
    const code =
      element.tagName === 'PRE' ? (element.querySelector('.cm-content') ?? element.querySelector('code')) : null;
    const first = code ? code.firstChild : element.firstChild;
    if (first) stack.push(first);
  }
  return parts.join('').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Visible text of an element, whitespace collapsed and capped. */
export function textOf(el: Element | null | undefined): string {
  return visibleText(el, MAX_FOUND);
}

/** A found value, or undefined when the page had nothing there. */
export function found(value: string | null | undefined, foundBy: string): Found | undefined {
  const clean = value?.replace(/\s+/g, ' ').trim().slice(0, MAX_FOUND);
  return clean ? { value: clean, foundBy } : undefined;
}

/**
 * The last element matching `selector` that comes before `el` in document order: the nearest one,
 * found by walking back from `el` (previous siblings, then theirs of each ancestor) so the search
 * stops at the previous turn instead of reading the whole page.
 */
export function lastBefore(_doc: Document, selector: string, el: Element): Element | null {
  for (let at: Element | null = el; at; at = at.parentElement) {
    for (let sib = at.previousElementSibling; sib; sib = sib.previousElementSibling) {
      if (sib.matches(selector)) return sib;
      const inner = sib.querySelectorAll(selector);
      if (inner.length) return inner[inner.length - 1]!;
    }
  }
  return null;
}
