/**
 * The open shadow roots under `scope` (a document or an element, itself included), depth first
 * (bounded: a page could have thousands).
 */
export function openShadowRoots(scope: Document | Element, limit = 500): ShadowRoot[] {
  const doc = scope.ownerDocument ?? (scope as Document);
  const roots: ShadowRoot[] = [];
  const visit = (root: Node) => {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (
      let el = walker.nextNode() as Element | null;
      el && roots.length < limit;
      el = walker.nextNode() as Element | null
    ) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  if (scope instanceof Element && scope.shadowRoot) {
    roots.push(scope.shadowRoot);
    visit(scope.shadowRoot);
  }
  visit(scope);
  return roots;
}

/**
 * The user's selection as a range whose ends are the real text nodes, even inside open shadow
 * roots. `Selection.getRangeAt` retargets a selection in a shadow tree to its host (Chromium,
 * WebKit); `getComposedRanges` (Chrome 137+, Safari 17) and Chromium's older
 * `ShadowRoot.getSelection` give the inner nodes.
 */
export function selectedRange(win: Window): AbstractRange | null {
  const doc = win.document;
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  // Typed as always present, but missing before Chrome 137 and in test DOMs.
  const composed = (selection as { getComposedRanges?: (o: { shadowRoots: ShadowRoot[] }) => StaticRange[] })
    .getComposedRanges;
  // Only the subtree the selection is in: a selection inside a shadow tree is retargeted to (the
  // parent of) its host, and walking the whole page on every flag would grow with the page.
  const plain = selection.getRangeAt(0);
  const common = plain.commonAncestorContainer;
  const scope = common instanceof Element ? common : (common.parentElement ?? doc);
  const roots = typeof composed === 'function' || 'getSelection' in ShadowRoot.prototype ? openShadowRoots(scope) : [];
  if (roots.length && typeof composed === 'function') {
    const [range] = composed.call(selection, { shadowRoots: roots });
    if (range && !range.collapsed) return range;
  }
  for (const root of roots) {
    const inner = (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.();
    if (inner && !inner.isCollapsed && inner.rangeCount) return inner.getRangeAt(0);
  }
  return plain;
}

/** The common ancestor of a range's ends, climbing across shadow boundaries when they differ. */
export function commonNode(range: AbstractRange): Node {
  if ('commonAncestorContainer' in range) return (range as Range).commonAncestorContainer;
  const ancestors = new Set<Node>();
  for (let n: Node | null = range.startContainer; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null)
    ancestors.add(n);
  for (let n: Node | null = range.endContainer; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
    if (ancestors.has(n)) return n;
  }
  return range.startContainer;
}
