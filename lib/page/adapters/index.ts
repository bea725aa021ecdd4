import { chatgpt, claude, copilot, gemini } from './tools';
import { generic } from './generic';
import type { PageContext, SiteAdapter } from './types';

export type { Found, PageContext, SiteAdapter } from './types';

/** Site adapters in the order they are tried; the generic rules come last and match every page. */
export const ADAPTERS: SiteAdapter[] = [chatgpt, claude, gemini, copilot, generic];

/**
 * The context of `node`: the first adapter whose tool the page is reads it; when that adapter
 * finds no AI turn (its markers are missing), the generic rules fill the gaps. Never throws: a
 * page that breaks an adapter still gets flagged with selection and container.
 */
export function readContext(node: Node, doc: Document): PageContext {
  let context: PageContext = {};
  try {
    const adapter = ADAPTERS.find((a) => a.matches(doc, node)) ?? generic;
    context = adapter.read(node, doc);
    if (!context.container && adapter !== generic) {
      const fallback = generic.read(node, doc);
      context = { ...fallback, ...definedOnly(context) };
    }
  } catch {
    // A page shaped unlike the adapter expects: fall back to the generic rules, then to nothing.
    try {
      context = generic.read(node, doc);
    } catch {
      context = {};
    }
  }
  return context;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
