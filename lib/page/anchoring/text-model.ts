import { isOwnNode } from '../ui/own-ui';

/**
 * The text of a page as Flagline sees it: every visible-content text node in document order,
 * descending into open shadow roots, skipping scripts, styles and Flagline's own UI. Offsets into
 * `text` are what TextPositionSelectors and quote context are measured in. Reads only.
 */
export interface TextModel {
  text: string;
  nodes: Text[];
  /** Offset in `text` where each node starts. */
  starts: number[];
}

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);

/**
 * True for an element whose text is not page text: scripts, styles, and Flagline's own UI, known
 * by reference (a page can name its own elements `flagline-ui`; their text is page text).
 */
export function isSkipped(el: Element): boolean {
  return SKIP.has(el.tagName) || isOwnNode(el);
}

/**
 * Classes that hide text from sight but not from screen readers (Tailwind/Bootstrap `sr-only`,
 * Angular CDK `cdk-visually-hidden`, WordPress `screen-reader-text`, KaTeX's MathML copy). The
 * reviewer never saw that text, so it is neither quoted nor used as context.
 */
const HIDDEN_CLASSES = ['sr-only', 'visually-hidden', 'cdk-visually-hidden', 'screen-reader-text', 'katex-mathml'];

export function isVisuallyHidden(el: Element): boolean {
  const list = el.classList;
  if (!list || list.length === 0) return (el as HTMLElement).hidden === true;
  return HIDDEN_CLASSES.some((name) => list.contains(name)) || (el as HTMLElement).hidden === true;
}

/**
 * Characters the browser puts where markup, not text, separates words: a line break for `<br>`
 * and a table row, a tab between cells (what `Selection.toString()` gives). Without them a
 * selection across cells reads "AliceDeveloperPython" and the text-fragment link finds nothing.
 */
function separatorBefore(el: Element): string {
  switch (el.tagName) {
    case 'BR':
    case 'TR':
      return '\n';
    case 'TD':
    case 'TH':
      return '\t';
    default:
      return '';
  }
}

/**
 * Builds the text model of `root` (usually `document.body`). With `maxNodes`, gives up and returns
 * null once that many nodes have been visited: callers use it to keep work bounded on huge pages.
 */
export function buildTextModel(root: Node): TextModel;
export function buildTextModel(root: Node, maxNodes: number): TextModel | null;
export function buildTextModel(root: Node, maxNodes = Infinity): TextModel | null {
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let last = '';
  let visited = 0;
  // An explicit stack, not recursion: generated pages can nest deeper than the call stack allows.
  // It holds the next node of each open level, never a whole child list: copying the 40 000
  // children of a long thread would cost more than reading the few the budget allows.
  const stack: Node[] = [root];
  while (stack.length) {
    if (++visited > maxNodes) return null;
    const node = stack.pop()!;
    if (node !== root && node.nextSibling) stack.push(node.nextSibling);
    if (node.nodeType === 3) {
      const data = (node as Text).data;
      if (!data) continue;
      nodes.push(node as Text);
      starts.push(length);
      parts.push(data);
      length += data.length;
      last = data;
      continue;
    }
    if (node.nodeType === 1) {
      const el = node as Element;
      if (isSkipped(el) || (node !== root && isVisuallyHidden(el))) continue;
      const separator = separatorBefore(el);
      // One separator only, and none at the start or after whitespace already there.
      if (separator && length > 0 && !/\s$/.test(last)) {
        parts.push(separator);
        length += 1;
        last = separator;
      }
    }
    // An open shadow root is read before the host's light children: each text is read once,
    // though slotted text comes after the shadow tree's own text rather than at its slot.
    if (node.firstChild) stack.push(node.firstChild);
    const shadow = (node as Element).shadowRoot;
    if (shadow?.firstChild) stack.push(shadow.firstChild);
  }
  return { text: parts.join(''), nodes, starts };
}

/** Index of the node holding offset `offset` (the last node starting at or before it). */
function nodeIndexAt(model: TextModel, offset: number): number {
  let lo = 0;
  let hi = model.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (model.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The model offset of a DOM boundary point. A point between elements maps to the next text node
 * that follows it (or the end of the last one before it).
 */
export function offsetOf(model: TextModel, node: Node, offset: number): number {
  if (node.nodeType === 3) {
    const index = model.nodes.indexOf(node as Text);
    if (index >= 0) return model.starts[index]! + Math.min(offset, (node as Text).data.length);
  }
  const doc = node.ownerDocument ?? (node as Document);
  const point = doc.createRange();
  point.setStart(node, offset);
  for (let i = 0; i < model.nodes.length; i++) {
    let order: number;
    try {
      order = point.comparePoint(model.nodes[i]!, 0);
    } catch {
      continue; // A node in another shadow tree cannot be compared with this point.
    }
    if (order >= 0) return model.starts[i]!;
  }
  return model.text.length;
}

/** One range per text node covered by `[start, end)`: highlights work across shadow boundaries this way. */
export function rangesFor(model: TextModel, start: number, end: number): Range[] {
  const out: Range[] = [];
  if (!model.nodes.length || end <= start) return out;
  for (let i = nodeIndexAt(model, start); i < model.nodes.length; i++) {
    const node = model.nodes[i]!;
    const nodeStart = model.starts[i]!;
    if (nodeStart >= end) break;
    const from = Math.max(0, start - nodeStart);
    const to = Math.min(node.data.length, end - nodeStart);
    if (to > from) {
      const range = node.ownerDocument.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      out.push(range);
    }
  }
  return out;
}

/** The `[start, end)` span of the model covered by the text inside `el`, or null when it has none. */
export function spanOf(model: TextModel, el: Node): { start: number; end: number } | null {
  let start = -1;
  let end = -1;
  for (let i = 0; i < model.nodes.length; i++) {
    const node = model.nodes[i]!;
    if (el.contains(node) || containsComposed(el, node)) {
      if (start < 0) start = model.starts[i]!;
      end = model.starts[i]! + node.data.length;
    } else if (start >= 0) break;
  }
  return start < 0 ? null : { start, end };
}

/** `contains` across open shadow boundaries. */
export function containsComposed(ancestor: Node, node: Node): boolean {
  let current: Node | null = node;
  while (current) {
    if (current === ancestor) return true;
    current = current.parentNode ?? (current as ShadowRoot).host ?? null;
  }
  return false;
}
