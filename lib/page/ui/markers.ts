import type { AnchorResult } from '../anchoring/anchor';
import { createHost, markOwn, removeHost } from './own-ui';
import { exposeForTests, plainRect } from './test-hook';

const STYLE = `
:host { all: initial; }
.mark { position: fixed; z-index: 2147483646; width: 18px; height: 18px; padding: 0; border: 0;
  border-radius: 50%; background: #b42318; color: #fff; font: 700 11px/18px system-ui, sans-serif;
  text-align: center; cursor: pointer; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.mark.fuzzy { background: #b54708; }
.mark:focus-visible { outline: 3px solid #f79009; outline-offset: 2px; }
.status { position: fixed; right: 12px; bottom: 12px; z-index: 2147483646; padding: 4px 8px;
  border-radius: 8px; background: #101828; color: #fff; font: 12px/1.3 system-ui, sans-serif; }
`;

/**
 * Flagline's markers beside re-anchored quotes, in a closed shadow root on a plain `div` on <html>
 * (outside the page's content, like the flag button). Record ids, labels and counts stay in this
 * script's memory and inside the closed root: nothing the page can query carries them. Each marker
 * opens its record in the side panel; only trusted clicks count, so a page script cannot open records.
 */
export function createMarkers(win: Window, open: (id: string) => void) {
  const doc = win.document;
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  /** Each marker with the result it stands for; never written into the DOM. */
  let shown = new Map<HTMLButtonElement, AnchorResult>();
  let status: HTMLDivElement | undefined;
  let frame = 0;

  function ensure(): ShadowRoot {
    if (root && host?.isConnected) return root;
    removeHost(host); // The page removed our host: start over with a fresh one.
    ({ host, root } = createHost(doc));
    return root;
  }

  function place() {
    frame = 0;
    for (const [button, result] of shown) {
      const rect = result.ranges[0]?.getBoundingClientRect();
      const visible = rect && rect.height > 0 && rect.bottom > 0 && rect.top < win.innerHeight;
      button.hidden = !visible;
      if (visible) {
        button.style.left = `${Math.max(0, rect.left - 22)}px`;
        button.style.top = `${rect.top}px`;
      }
    }
  }
  const schedule = () => {
    frame ||= win.requestAnimationFrame(place);
  };
  win.addEventListener('scroll', schedule, { capture: true, passive: true });
  win.addEventListener('resize', schedule, { passive: true });
  exposeForTests('markers', () => ({
    status: status?.textContent ?? '',
    marks: [...shown].map(([button, result]) => ({
      id: result.id,
      label: result.label,
      hidden: button.hidden,
      rect: plainRect(button),
    })),
  }));

  return {
    /** Redraws the markers and the summary for the latest results. */
    render(results: AnchorResult[]) {
      const shadow = ensure();
      const style = doc.createElement('style');
      style.textContent = STYLE;
      const found = results.filter((r) => r.label !== 'orphaned');
      shown = new Map();
      const buttons = found.map((result) => {
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = `mark ${result.label}`;
        shown.set(button, result);
        button.textContent = '⚑';
        button.setAttribute(
          'aria-label',
          `Open the flagged record in Flagline${result.label === 'fuzzy' ? ' (text has changed since)' : ''}`,
        );
        button.addEventListener('click', (event) => {
          if (event.isTrusted) open(result.id);
        });
        return button;
      });
      status = doc.createElement('div');
      status.className = 'status';
      // Not a live region: redraws on busy pages would be announced again and again.
      const missing = results.length - found.length;
      status.textContent = `Flagline: ${found.length} flagged here${missing ? `, ${missing} not found` : ''}`;
      shadow.replaceChildren(style, ...buttons, status);
      markOwn(shadow);
      place();
    },
    destroy() {
      win.removeEventListener('scroll', schedule, { capture: true });
      win.removeEventListener('resize', schedule);
      removeHost(host);
    },
  };
}
