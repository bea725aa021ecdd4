/** Attributes that name a stable container in the tools Flagline knows (chat turns, editors, cards). */
const STABLE_ATTRS = ['data-message-id', 'data-testid', 'data-test-id', 'data-id', 'name'];

function escapeIdent(value: string): string {
  // `CSS.escape` is missing in some test DOMs; this covers what ids and attribute values need.
  const css = (globalThis as { CSS?: { escape?: (v: string) => string } }).CSS;
  return css?.escape ? css.escape(value) : value.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}

function step(el: Element): { part: string; unique: boolean } {
  if (el.id && !/\d{4,}|^:|^[0-9]/.test(el.id)) return { part: `#${escapeIdent(el.id)}`, unique: true };
  for (const name of STABLE_ATTRS) {
    const value = el.getAttribute(name);
    if (value && value.length <= 200) return { part: `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`, unique: true };
  }
  const tag = el.localName;
  let index = 1;
  for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
    if (sib.localName === tag) index++;
  }
  return { part: `${escapeIdent(tag)}:nth-of-type(${index})`, unique: false };
}

/**
 * A CSS selector for `el` within its own tree (document or shadow root), built from ids and
 * stable data attributes where the page has them, else from `nth-of-type` steps. Generated ids
 * (long digit runs, React's `:r1:`) are skipped: they change between visits.
 */
export function cssPath(el: Element): string {
  const parts: string[] = [];
  const root = el.getRootNode() as Document | ShadowRoot;
  for (let current: Element | null = el; current && parts.length < 12; current = current.parentElement) {
    if (current.localName === 'html' || current.localName === 'body') break;
    const { part, unique } = step(current);
    parts.unshift(part);
    if (unique && root.querySelectorAll(parts.join(' > ')).length === 1) break;
  }
  return parts.join(' > ') || 'body';
}
