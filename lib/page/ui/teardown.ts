import { installFlagButton } from './flag-button';

/**
 * The teardown of the highlights the anchoring script drew in this frame. Kept on the global
 * object of the extension's isolated world, which the flag button and the anchoring script of
 * one frame share and page scripts cannot reach.
 */
const HIGHLIGHTS = Symbol.for('flagline.anchor');
type Scope = { [HIGHLIGHTS]?: () => void };

/** Removes the highlights and markers the anchoring script added to this frame, if any. */
export function removeHighlights(scope: object = globalThis): void {
  const slot = scope as Scope;
  const remove = slot[HIGHLIGHTS];
  slot[HIGHLIGHTS] = undefined;
  remove?.();
}

/** Records how to remove this frame's highlights; a previous set is removed first. */
export function keepHighlights(remove: () => void, scope: object = globalThis): void {
  removeHighlights(scope);
  (scope as Scope)[HIGHLIGHTS] = remove;
}

/** What the content script needs of WXT's `ContentScriptContext`. */
export interface InvalidationContext {
  onInvalidated(cb: () => void): unknown;
}

/**
 * Runs the always-present content script: the flag button. When the extension is reloaded,
 * updated or removed, WXT invalidates the old script's context; the old script then takes back
 * everything it added (the button's host and listeners, and the highlights and markers of this
 * frame) so the page is left as it was and the new version starts clean.
 */
export function runFlagContentScript(win: Window, ctx: InvalidationContext): void {
  const removeButton = installFlagButton(win);
  ctx.onInvalidated(() => {
    removeButton();
    removeHighlights();
  });
}
