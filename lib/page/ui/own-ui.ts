/**
 * Flagline's own nodes in a page, tracked by reference. The page is hostile: it can create
 * elements with any tag name (even define a custom element called `flagline-ui`), so Flagline never
 * finds its UI by a selector or a tag name, only through this registry. The registry lives on the
 * global object of the extension's isolated world (shared by the flag button, the anchoring and
 * the capture scripts of one frame), which page scripts cannot reach.
 */
const KEY = Symbol.for('flagline.own-ui');

/** Hides Flagline's UI visually while staying hit-testable, so the page cannot see the moment. */
const HIDE_CSS = ':host > * { opacity: 0 !important; transition: none !important; }';

export interface OwnUi {
  /** Every node Flagline created in this frame: hosts, shadow roots and their content. */
  nodes: WeakSet<Node>;
  /** The hosts with their closed shadow roots, for hiding them during a screenshot. */
  roots: Map<HTMLElement, ShadowRoot>;
  /** Hides (or shows again) every host's content, inside the closed roots: no page-visible mutation. */
  setHidden(hidden: boolean): void;
}

function create(): OwnUi {
  const roots = new Map<HTMLElement, ShadowRoot>();
  const sheets = new WeakMap<ShadowRoot, CSSStyleSheet>();
  return {
    nodes: new WeakSet<Node>(),
    roots,
    setHidden(hidden) {
      for (const [host, root] of roots) {
        if (!host.isConnected) continue;
        let sheet = sheets.get(root);
        if (!sheet) {
          const view = host.ownerDocument.defaultView as (Window & typeof globalThis) | null;
          if (!view) continue;
          sheet = new view.CSSStyleSheet();
          sheet.replaceSync(HIDE_CSS);
          sheets.set(root, sheet);
        }
        const others = root.adoptedStyleSheets.filter((s) => s !== sheet);
        root.adoptedStyleSheets = hidden ? [...others, sheet] : others;
      }
    },
  };
}

/** The registry of this frame's isolated world, created on first use. */
export function ownUi(): OwnUi {
  const scope = globalThis as { [KEY]?: OwnUi };
  return (scope[KEY] ??= create());
}

/** True for a node Flagline created (never for a page node, whatever its tag name). */
export function isOwnNode(node: Node): boolean {
  return ownUi().nodes.has(node);
}

/** Registers `node` and its subtree as Flagline's. */
export function markOwn(node: Node): void {
  const { nodes } = ownUi();
  nodes.add(node);
  node.childNodes.forEach((child) => markOwn(child));
}

/**
 * A host for Flagline's UI: a plain `div` (a built-in element, which no page can redefine) with a
 * closed shadow root, appended to `<html>` outside the page's content. The page sees an empty div;
 * it cannot read or reach what is inside.
 */
export function createHost(doc: Document): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('div');
  // Inline and important: the page's `html > div` rules cannot move or restyle it; a script can,
  // which is why a click also checks that the button is really visible.
  host.style.setProperty('all', 'initial', 'important');
  const root = host.attachShadow({ mode: 'closed' });
  const ui = ownUi();
  ui.nodes.add(host);
  ui.nodes.add(root);
  ui.roots.set(host, root);
  doc.documentElement.append(host);
  return { host, root };
}

/** Removes a host made by `createHost`. */
export function removeHost(host: HTMLElement | undefined): void {
  if (!host) return;
  ownUi().roots.delete(host);
  host.remove();
}
