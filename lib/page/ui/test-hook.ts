const KEY = Symbol.for('flagline.e2e');

/**
 * Browser tests cannot look into Flagline's closed shadow roots (no page can, which is the point).
 * In the e2e build only, the content scripts publish read-only views of their UI on the isolated
 * world's global object, where the tests reach them through `scripting.executeScript` from the
 * service worker. Page scripts run in another world and never see them; production builds do not
 * have them at all.
 */
export function exposeForTests(name: string, view: () => unknown): void {
  if (import.meta.env.MODE !== 'e2e') return;
  const scope = globalThis as { [KEY]?: Record<string, () => unknown> };
  (scope[KEY] ??= {})[name] = view;
}

/** A rectangle as tests need it to click at real coordinates. */
export function plainRect(el: Element): { x: number; y: number; width: number; height: number } {
  const r = el.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/**
 * Marks a moment in the browser's performance trace (e2e build only). `console.timeStamp` reaches
 * DevTools tracing and nothing else: the page cannot observe it, unlike `performance.mark`.
 */
export function traceMark(name: string): void {
  if (import.meta.env.MODE !== 'e2e') return;
  console.timeStamp(name);
}

/**
 * Marks the trace once the browser has rendered the next frame (e2e build only): the style and
 * layout work that what Flagline just changed costs the page falls before the mark.
 */
export function traceMarkAfterFrame(win: Window, name: string): void {
  if (import.meta.env.MODE !== 'e2e') return;
  win.requestAnimationFrame(() => setTimeout(() => console.timeStamp(name), 0));
}
