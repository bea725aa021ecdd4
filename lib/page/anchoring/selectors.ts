import { QUOTE_CONTEXT as CONTEXT } from '../../shared/limits';
import { cssPath } from './css-path';
import { buildTextModel, offsetOf, type TextModel } from './text-model';

export interface TextQuote {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Description {
  quote: TextQuote;
  /** Absent when the page was too big to count from its top (see `CAPTURE_NODE_BUDGET`). */
  position?: { type: 'TextPositionSelector'; start: number; end: number };
  css?: { type: 'CssSelector'; value: string };
}

/** The outermost element in the document tree that holds `el` (its shadow host chain resolved). */
export function documentLevel(el: Element): Element {
  let current = el;
  for (let root = current.getRootNode(); root instanceof ShadowRoot; root = current.getRootNode()) {
    current = root.host;
  }
  return current;
}

/**
 * Context ends at a sentence boundary when one is near: "about 64 characters, or to a sentence
 * boundary", whichever is shorter, but never below 32 characters so repeats stay distinguishable.
 */
function trimPrefix(text: string): string {
  const cut = text.slice(Math.max(0, text.length - CONTEXT));
  const m = /[.!?]\s+(?=\S)/g;
  let last = -1;
  for (let r = m.exec(cut); r; r = m.exec(cut)) last = r.index + r[0].length;
  return last >= 0 && cut.length - last >= 32 ? cut.slice(last) : cut;
}

function trimSuffix(text: string): string {
  const cut = text.slice(0, CONTEXT);
  const m = /[.!?](\s|$)/.exec(cut.slice(32));
  return m ? cut.slice(0, 32 + m.index + 1) : cut;
}

/**
 * Describes `[start, end)` of a text model as W3C selectors: a TextQuoteSelector with context, a
 * TextPositionSelector (a hint only: pages change) and the container's CssSelector.
 */
export function describeSpan(model: TextModel, start: number, end: number, container?: Element | null): Description {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: model.text.slice(start, end),
      prefix: trimPrefix(model.text.slice(Math.max(0, start - CONTEXT * 2), start)),
      suffix: trimSuffix(model.text.slice(end, end + CONTEXT * 2)),
    },
    position: { type: 'TextPositionSelector', start, end },
    ...(container ? { css: { type: 'CssSelector' as const, value: cssPath(documentLevel(container)) } } : {}),
  };
}

/**
 * Nodes the capture may visit to build a text model. A page under this size is read whole, so the
 * TextPositionSelector counts from the top of the page; a bigger page is read only around the
 * selection (and gets no position: it is a hint, and counting would mean reading the whole page).
 * This keeps the time from click to record the same on a 5 MB page as on a small one.
 */
export const CAPTURE_NODE_BUDGET = 10_000;

/** The element holding `node`, crossing out of a shadow root to its host. */
function parentOf(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function commonElement(range: AbstractRange): Element | null {
  const ancestors = new Set<Node>();
  for (let n: Node | null = range.startContainer; n; n = parentOf(n)) ancestors.add(n);
  for (let n: Node | null = range.endContainer; n; n = parentOf(n)) {
    if (ancestors.has(n)) return n instanceof Element ? n : parentOf(n);
  }
  return null;
}

/**
 * A text model around `range` within `budget` nodes: the smallest ancestor of the selection that
 * also gives a full quote context on each side, widened step by step while it fits the budget.
 */
function localModel(range: AbstractRange, budget: number): TextModel | null {
  let root = commonElement(range);
  if (!root) return null;
  let model = buildTextModel(root);
  for (let parent = parentOf(root); parent; parent = parentOf(parent)) {
    const start = offsetOf(model, range.startContainer, range.startOffset);
    const end = offsetOf(model, range.endContainer, range.endOffset);
    if (start >= CONTEXT * 2 && model.text.length - end >= CONTEXT * 2) break;
    const wider = buildTextModel(parent, budget);
    if (!wider) break;
    root = parent;
    model = wider;
  }
  return model;
}

/**
 * Describes a DOM range of `doc`; returns null when it covers no text. Reads the whole page only
 * when it is small (`budget` nodes); otherwise only the neighbourhood of the selection.
 */
export function describeRange(
  doc: Document,
  range: AbstractRange,
  container?: Element | null,
  budget = CAPTURE_NODE_BUDGET,
): Description | null {
  const page = buildTextModel(doc.body ?? doc.documentElement, budget);
  const model = page ?? localModel(range, budget);
  if (!model) return null;
  const start = offsetOf(model, range.startContainer, range.startOffset);
  const end = offsetOf(model, range.endContainer, range.endOffset);
  if (end <= start || !model.text.slice(start, end).trim()) return null;
  const described = describeSpan(model, start, end, container);
  return page ? described : { quote: described.quote, ...(described.css ? { css: described.css } : {}) };
}
