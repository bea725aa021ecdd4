import { browser } from 'wxt/browser';
import type { MessageOf, Reply } from '../messaging/protocol';

const HOST_TAG = 'flagline-ui';
const LABEL = 'Flag AI output';

const STYLE = `
:host { all: initial; }
.wrap { position: fixed; z-index: 2147483647; display: none; font: 13px/1.3 system-ui, sans-serif; }
.wrap.show { display: block; }
button { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px; border: 0;
  border-radius: 8px; background: #b42318; color: #fff; font: inherit; font-weight: 600;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); cursor: pointer; }
button:hover { background: #912018; }
button:focus-visible { outline: 3px solid #f79009; outline-offset: 2px; }
.toast { margin-top: 6px; padding: 6px 10px; border-radius: 8px; background: #101828; color: #fff; }
.toast:empty { display: none; }
`;

/**
 * The floating "Flag AI output" button shown beside a text selection on enabled sites. It lives
 * in its own shadow root attached to <html>, outside the page's content, and only reacts to
 * trusted (user) events, so a page script cannot flag on the user's behalf.
 */
export function installFlagButton(win: Window): () => void {
  const doc = win.document;
  let host: HTMLElement | undefined;
  let wrap: HTMLDivElement | undefined;
  let toast: HTMLDivElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function ui() {
    if (host && wrap && toast) return { wrap, toast };
    host = doc.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    wrap = doc.createElement('div');
    wrap.className = 'wrap';
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = `⚑ ${LABEL}`;
    button.setAttribute('aria-label', LABEL);
    // Keep the page's selection: a mousedown on the button would otherwise clear it.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', (event) => {
      if (event.isTrusted) void flag();
    });
    toast = doc.createElement('div');
    toast.className = 'toast';
    toast.setAttribute('role', 'status');
    wrap.append(button, toast);
    root.append(style, wrap);
    doc.documentElement.append(host);
    return { wrap, toast };
  }

  function hide() {
    wrap?.classList.remove('show');
  }

  function place() {
    const selection = win.getSelection();
    const active = doc.activeElement;
    const inField = active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement;
    let rect: DOMRect | undefined;
    if (inField && active.selectionEnd !== active.selectionStart) {
      rect = active.getBoundingClientRect();
    } else if (selection && !selection.isCollapsed && selection.rangeCount && selection.toString().trim()) {
      const rects = selection.getRangeAt(0).getClientRects();
      rect = rects[rects.length - 1];
    }
    if (!rect) return hide();
    const { wrap: el, toast: note } = ui();
    note.textContent = '';
    el.style.left = `${Math.max(4, Math.min(rect.right - 40, win.innerWidth - 170))}px`;
    el.style.top = `${Math.max(4, Math.min(rect.bottom + 6, win.innerHeight - 40))}px`;
    el.classList.add('show');
  }

  async function flag() {
    const { toast: note } = ui();
    // The background injects the capture script into this frame and takes the screenshot.
    const message: MessageOf<'cs-bg:flag-selection'> = { type: 'cs-bg:flag-selection' };
    try {
      const reply = (await browser.runtime.sendMessage(message)) as Reply | undefined;
      note.textContent = reply?.ok
        ? 'Flagged. Assess it in the side panel.'
        : (reply?.error ?? 'Flagline did not answer.');
    } catch {
      note.textContent = 'Flagline was updated or reloaded. Reload this page and flag again.';
    }
    clearTimeout(timer);
    timer = setTimeout(hide, 2_500);
  }

  const onSelection = () => {
    clearTimeout(timer);
    timer = setTimeout(place, 150);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') hide();
  };
  doc.addEventListener('selectionchange', onSelection);
  doc.addEventListener('keydown', onKey, true);
  // The script runs at document_idle: a selection made before then still gets its button.
  if (win.getSelection()?.toString().trim()) onSelection();
  return () => {
    doc.removeEventListener('selectionchange', onSelection);
    doc.removeEventListener('keydown', onKey, true);
    clearTimeout(timer);
    host?.remove();
  };
}
