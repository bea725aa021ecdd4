/** The open shadow roots of a document, depth first (bounded: a page could have thousands). */
export function openShadowRoots(doc: Document, limit = 500): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const visit = (root: Document | ShadowRoot) => {
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
  visit(doc);
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
  const roots = typeof composed === 'function' || 'getSelection' in ShadowRoot.prototype ? openShadowRoots(doc) : [];
  if (roots.length && typeof composed === 'function') {
    const [range] = composed.call(selection, { shadowRoots: roots });
    if (range && !range.collapsed) return range;
  }
  for (const root of roots) {
    const inner = (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.();
    if (inner && !inner.isCollapsed && inner.rangeCount) return inner.getRangeAt(0);
  }
  return selection.getRangeAt(0);
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
