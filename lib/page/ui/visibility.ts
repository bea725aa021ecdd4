/**
 * Whether a click on Flagline's button is a click the user meant. A page can make the button
 * invisible (opacity, visibility, filters), cover it with a decoy, or move it under the pointer at
 * the last moment (clickjacking); it can also try to focus it so the user's next Enter flags. A
 * click counts only when the button was really visible for a while, and a keyboard activation only
 * when the user moved the focus there.
 */

/** How long the button must have been visible, unobstructed, before a click counts. */
export const MIN_VISIBLE_MS = 500;
/** A focus that follows the user's Tab key within this time was moved there by the user. */
const TAB_FOCUS_WINDOW_MS = 1_000;
/** Below this opacity (of the host or <html>) the button counts as hidden. */
const MIN_OPACITY = 0.95;

export const NOT_VISIBLE =
  'The flag button was hidden or covered on this page, so nothing was flagged. Use the right-click menu or Alt+Shift+F.';
export const TOO_SOON = 'The flag button had only just appeared. Click it again to flag.';

type Entry = IntersectionObserverEntry & { isVisible?: boolean };

export interface VisibilityGuard {
  /** The button was shown again (new place): its time on screen starts over. */
  restart(): void;
  /** Null when a click counts now; otherwise why not. */
  refusal(event: MouseEvent): string | null;
  /** Null while the button has been visible long enough; otherwise why a click would not count. */
  readiness(): string | null;
  disconnect(): void;
}

function styleHidden(win: Window, host: HTMLElement, button: HTMLElement): boolean {
  for (const el of [host, win.document.documentElement]) {
    const style = win.getComputedStyle(el);
    if (Number(style.opacity) < MIN_OPACITY || style.visibility !== 'visible' || style.display === 'none') return true;
    if (style.filter !== 'none' || style.clipPath !== 'none' || style.mixBlendMode !== 'normal') return true;
  }
  const check = (button as HTMLElement & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  return typeof check === 'function'
    ? !check.call(button, { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })
    : false;
}

export function createVisibilityGuard(win: Window, host: HTMLElement, button: HTMLElement): VisibilityGuard {
  const IO = (win as Window & typeof globalThis).IntersectionObserver;
  // IntersectionObserver v2 (Chromium): `isVisible` is false when anything is drawn over the
  // button or it is transparent, transformed or filtered. Elsewhere intersection is the floor.
  const v2 = typeof IO === 'function' && hasV2(win);
  let visibleSince: number | undefined;
  let focusByUser = false;
  let lastTab = -Infinity;
  const observer =
    typeof IO === 'function'
      ? new IO(
          (entries) => {
            const entry = entries[entries.length - 1] as Entry | undefined;
            const visible = entry ? (v2 ? entry.isVisible === true : entry.isIntersecting) : false;
            if (!visible) visibleSince = undefined;
            else visibleSince ??= win.performance.now();
          },
          { threshold: 1, ...(v2 ? { trackVisibility: true, delay: 100 } : {}) } as IntersectionObserverInit,
        )
      : undefined;
  observer?.observe(button);

  const onKey = (event: KeyboardEvent) => {
    if (event.isTrusted && event.key === 'Tab') lastTab = win.performance.now();
  };
  win.addEventListener('keydown', onKey, true);
  button.addEventListener('focus', (event) => {
    focusByUser = event.isTrusted && win.performance.now() - lastTab < TAB_FOCUS_WINDOW_MS;
  });
  button.addEventListener('blur', () => (focusByUser = false));

  function readiness(): string | null {
    if (styleHidden(win, host, button)) return NOT_VISIBLE;
    if (observer && visibleSince === undefined) return NOT_VISIBLE;
    const since = visibleSince ?? 0;
    return win.performance.now() - since < MIN_VISIBLE_MS ? TOO_SOON : null;
  }

  return {
    restart() {
      visibleSince = undefined;
      if (!observer) return;
      // Observe afresh: the first notification of the new place starts the time on screen.
      observer.unobserve(button);
      observer.observe(button);
    },
    refusal(event) {
      if (!event.isTrusted) return NOT_VISIBLE;
      // `detail` 0 is a keyboard activation (Enter, Space): only on a focus the user moved there.
      if (event.detail === 0) return focusByUser && !styleHidden(win, host, button) ? null : NOT_VISIBLE;
      return readiness();
    },
    readiness,
    disconnect() {
      observer?.disconnect();
      win.removeEventListener('keydown', onKey, true);
    },
  };
}

/** True when this browser's IntersectionObserver supports `trackVisibility` (v2). */
function hasV2(win: Window): boolean {
  const Entry = (win as Window & typeof globalThis).IntersectionObserverEntry;
  return typeof Entry === 'function' && 'isVisible' in Entry.prototype;
}
