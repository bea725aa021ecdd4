import { cssPath } from '../anchoring/css-path';

/** How each highlight name is drawn. */
const LOOKS: Record<string, string> = {
  flagline: 'background-color: rgba(253, 176, 34, .45);',
  'flagline-fuzzy': 'background-color: rgba(253, 176, 34, .25); text-decoration: underline wavy #b54708;',
};
/** Past this many elements under one highlight name, their closest common ancestor is styled instead. */
const MAX_SCOPES = 64;

interface Scope {
  el: Element;
  selector: string;
  /** Also the descendants: the fallback for a range over too many elements. */
  deep: boolean;
}

/** The elements whose own text a range covers: the parents of its text nodes, or null past `limit`. */
function textParents(doc: Document, range: Range, limit: number): Set<Element> | null {
  const found = new Set<Element>();
  const start = range.startContainer;
  if (start === range.endContainer && start.nodeType === Node.TEXT_NODE) {
    if (start.parentElement) found.add(start.parentElement);
    return found;
  }
  const walker = doc.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  walker.currentNode = start.nodeType === Node.TEXT_NODE ? start : (start.childNodes[range.startOffset] ?? start);
  let node: Node | null = walker.currentNode.nodeType === Node.TEXT_NODE ? walker.currentNode : walker.nextNode();
  for (; node && range.comparePoint(node, 0) <= 0; node = walker.nextNode()) {
    if (!range.intersectsNode(node) || !node.parentElement) continue;
    found.add(node.parentElement);
    if (found.size > limit) return null;
  }
  return found;
}

/** The elements to style for one highlight name, each with a selector that matches it in the document. */
function scopesFor(doc: Document, ranges: Range[]): Scope[] {
  const scopes = new Map<Element, boolean>();
  for (const range of ranges) {
    const parents = textParents(doc, range, MAX_SCOPES - scopes.size);
    const common = range.commonAncestorContainer;
    const ancestor = common instanceof Element ? common : common.parentElement;
    if (parents) for (const el of parents) scopes.set(el, scopes.get(el) ?? false);
    else if (ancestor) scopes.set(ancestor, true);
  }
  return [...scopes]
    .filter(([el]) => el.getRootNode() === doc) // A document style sheet does not reach into shadow trees.
    .map(([el, deep]) => ({ el, deep, selector: cssPath(el) }));
}

function rules(name: string, scopes: Scope[]): string {
  const look = LOOKS[name] ?? '';
  return scopes
    .map((s) => `${s.selector}::highlight(${name})${s.deep ? `, ${s.selector} *::highlight(${name})` : ''} { ${look} }`)
    .join('\n');
}

/**
 * The style sheet that colours Flagline's highlights, adopted by the document (not a <style>
 * element: the page's markup stays byte-for-byte the same) only while there is something to draw.
 * Its rules name the elements that hold highlighted text, never every element: a rule such as
 * `::highlight(x)` or `:root::highlight(x)` makes the browser recalculate the style of the whole
 * page when it arrives, hundreds of ms in one task on a 5 MB page, while a rule on a few elements
 * costs the recalculation of those few (see docs/threat-model.md, "Re-anchoring on hostile pages").
 */
export function createHighlightStyles(win: Window) {
  const doc = win.document;
  let sheet: CSSStyleSheet | undefined;
  let text = '';
  let scopes: Scope[] = [];

  function detach() {
    if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    sheet = undefined;
    text = '';
    scopes = [];
  }

  /** Styles exactly the elements these ranges cover, per highlight name; no ranges, no sheet. */
  function update(byName: Record<string, Range[]>) {
    const next = Object.entries(byName).map(([name, ranges]) => ({ name, scopes: scopesFor(doc, ranges) }));
    scopes = next.flatMap((n) => n.scopes);
    if (!scopes.length) return detach();
    const nextText = next.map((n) => rules(n.name, n.scopes)).join('\n');
    if (nextText === text && sheet && doc.adoptedStyleSheets.includes(sheet)) return;
    text = nextText;
    if (!sheet) sheet = new (win as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(text);
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  }

  /** False when the page moved things so that a rule no longer names its element. */
  function holds(): boolean {
    return scopes.every((s) => !s.el.isConnected || s.el.matches(s.selector));
  }

  return { update, holds, remove: detach, adopted: () => !!sheet && doc.adoptedStyleSheets.includes(sheet) };
}
