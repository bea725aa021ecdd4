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
  matches(doc: Document): boolean;
  read(node: Node, doc: Document): PageContext;
}

/** Cap for any text read from the page: the schema refuses more. */
export const MAX_FOUND = 20_000;

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

/** Visible text of an element, whitespace collapsed and capped. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_FOUND);
}

/** A found value, or undefined when the page had nothing there. */
export function found(value: string | null | undefined, foundBy: string): Found | undefined {
  const clean = value?.replace(/\s+/g, ' ').trim().slice(0, MAX_FOUND);
  return clean ? { value: clean, foundBy } : undefined;
}

/** The last element matching `selector` that comes before `el` in document order. */
export function lastBefore(doc: Document, selector: string, el: Element): Element | null {
  let hit: Element | null = null;
  for (const candidate of Array.from(doc.querySelectorAll(selector))) {
    if (candidate.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) hit = candidate;
    else break;
  }
  return hit;
}
