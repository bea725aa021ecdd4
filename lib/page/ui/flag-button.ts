import { browser } from 'wxt/browser';
import type { MessageOf, Reply } from '../../messaging/protocol';
import { createHost, markOwn, removeHost } from './own-ui';
import {
  SELECTION_CHANGED,
  equalSnapshots,
  sameSelection,
  setPendingFlag,
  takeSnapshot,
  type SelectionSnapshot,
} from './selection-snapshot';
import { exposeForTests, plainRect } from './test-hook';
import { createVisibilityGuard, type VisibilityGuard } from './visibility';

const LABEL = 'Flag AI output';

const STYLE = `
:host { all: initial; }
.wrap { position: fixed; z-index: 2147483647; display: none; font: 13px/1.3 system-ui, sans-serif; }
.wrap.show { display: block; }
button { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px; border: 0;
  border-radius: 8px; background: #b42318; color: #fff; font: inherit; font-weight: 600;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); cursor: pointer; }
button:hover { background: #912018; }
button[aria-busy] { cursor: progress; }
button:focus-visible { outline: 3px solid #f79009; outline-offset: 2px; }
.toast { margin-top: 6px; padding: 6px 10px; border-radius: 8px; background: #101828; color: #fff; }
.toast:empty { display: none; }
`;

interface Ui {
  host: HTMLElement;
  root: ShadowRoot;
  wrap: HTMLDivElement;
  button: HTMLButtonElement;
  toast: HTMLDivElement;
  guard: VisibilityGuard;
}

/** Builds the button and its message line in a closed shadow root; `onClick` gets its clicks. */
function createUi(win: Window, onClick: (event: MouseEvent) => void): Ui {
  const doc = win.document;
  const { host, root } = createHost(doc);
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const wrap = doc.createElement('div');
  wrap.className = 'wrap';
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = `⚑ ${LABEL}`;
  button.setAttribute('aria-label', LABEL);
  // Keep the page's selection: a mousedown on the button would otherwise clear it.
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', onClick);
  const toast = doc.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'status');
  wrap.append(button, toast);
  root.append(style, wrap);
  markOwn(root);
  return { host, root, wrap, button, toast, guard: createVisibilityGuard(win, host, button) };
}

/** Where the selection ends on screen: the button goes just below it. */
function selectionEnd(win: Window, taken: SelectionSnapshot): DOMRect | undefined {
  if (taken.field) return taken.field.el.getBoundingClientRect();
  const rects = win.getSelection()!.getRangeAt(0).getClientRects();
  return rects[rects.length - 1];
}

/**
 * While a flag is on its way the button takes no click, and says so to assistive technology. Not
 * `disabled`: a disabled button loses keyboard focus, and the user's place with it.
 */
function setBusy(button: HTMLButtonElement, busy: boolean): void {
  for (const name of ['aria-busy', 'aria-disabled']) {
    if (busy) button.setAttribute(name, 'true');
    else button.removeAttribute(name);
  }
}

/**
 * The message line under the button. A message stays its full time whatever the page does
 * meanwhile (a page that rewrites the selected words must not erase the refusal); then it goes,
 * and the button with it unless the user has selected something new since.
 */
function createMessages(toast: () => HTMLDivElement, hide: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let placedSince = false;
  let said = '';
  return {
    say(text: string) {
      const line = toast();
      line.textContent = text;
      said = text;
      placedSince = false;
      clearTimeout(timer);
      timer = setTimeout(() => {
        line.textContent = '';
        if (!placedSince) hide();
      }, 4_000);
    },
    placed: () => void (placedSince = true),
    clicked: () => void (said = ''),
    said: () => said,
    dispose: () => clearTimeout(timer),
  };
}

/**
 * What the e2e build shows tests of the button (see test-hook.ts). `ready` waits for the button to
 * stand for the current selection; `said` is the last message since the last click, which a test
 * on a slow machine may read after the message itself has gone.
 */
function testView(ui: Ui | undefined, placing: boolean, said: string) {
  return {
    shown: !!ui?.wrap.classList.contains('show'),
    ready: ui ? ui.guard.readiness() === null && !placing : false,
    rect: ui ? plainRect(ui.button) : null,
    toast: ui?.toast.textContent ?? '',
    said,
    focused: !!ui && ui.root.activeElement === ui.button,
  };
}

/**
 * The floating "Flag AI output" button shown beside a text selection on enabled sites. It lives
 * in a closed shadow root on a plain `div` attached to <html>, outside the page's content (see
 * `own-ui.ts`). A click counts only when it is the user's own (trusted), on a button that was
 * really visible, and when the selection is still the one the button was shown for.
 */
export function installFlagButton(win: Window): () => void {
  const doc = win.document;
  let ui: Ui | undefined;
  let snapshot: SelectionSnapshot | null = null;
  // Placing follows the selection after a pause.
  let placeTimer: ReturnType<typeof setTimeout> | undefined;
  let placing = false;
  const messages = createMessages(() => build().toast, hide);

  function build(): Ui {
    if (ui?.host.isConnected) return ui;
    if (ui) teardown(ui); // The page removed the host: build a fresh one rather than trust the old.
    ui = createUi(win, (event) => void onClick(event));
    return ui;
  }

  function teardown(old: Ui) {
    old.guard.disconnect();
    removeHost(old.host);
  }

  function hide() {
    ui?.wrap.classList.remove('show');
    snapshot = null;
  }

  const say = messages.say;

  function place() {
    placing = false;
    messages.placed();
    const taken = takeSnapshot(win);
    const rect = taken ? selectionEnd(win, taken) : undefined;
    if (!taken || !rect) return hide();
    const current = build();
    const left = `${Math.max(4, Math.min(rect.right - 40, win.innerWidth - 170))}px`;
    const top = `${Math.max(4, Math.min(rect.bottom + 6, win.innerHeight - 40))}px`;
    const moved = current.wrap.style.left !== left || current.wrap.style.top !== top;
    current.wrap.style.left = left;
    current.wrap.style.top = top;
    // A button that moved, or now stands for other words, must be seen again before a click counts:
    // a page that swaps the selection while the mouse is down gains nothing by waiting.
    if (moved || !current.wrap.classList.contains('show') || !equalSnapshots(taken, snapshot)) current.guard.restart();
    current.wrap.classList.add('show');
    // What the user sees selected now is what a click on this button may flag.
    snapshot = taken;
  }

  async function onClick(event: MouseEvent) {
    const current = build();
    // A second click (a double click) while the first flag is on its way makes no second record.
    if (current.button.hasAttribute('aria-busy')) return;
    messages.clicked();
    const refusal = current.guard.refusal(event);
    if (refusal) return say(refusal);
    // The page had turns since the button appeared (it sees the pointerdown on our host too).
    if (!snapshot || !sameSelection(win, snapshot)) return say(SELECTION_CHANGED);
    const pending = setPendingFlag(snapshot);
    // The background injects the capture script into this frame; it re-checks the selection
    // against `pending` in the same task as it reads the page, and takes no screenshot.
    const message: MessageOf<'cs-bg:flag-selection'> = { type: 'cs-bg:flag-selection' };
    setBusy(current.button, true);
    try {
      const reply = (await browser.runtime.sendMessage(message)) as Reply | undefined;
      if (pending.refused) say(pending.refused);
      else say(reply?.ok ? 'Flagged. Assess it in the side panel.' : (reply?.error ?? 'Flagline did not answer.'));
    } catch {
      say('Flagline was updated or reloaded. Reload this page and flag again.');
    } finally {
      setBusy(current.button, false);
    }
  }

  const onSelection = () => {
    placing = true;
    clearTimeout(placeTimer);
    placeTimer = setTimeout(place, 150);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') hide();
  };
  doc.addEventListener('selectionchange', onSelection);
  doc.addEventListener('keydown', onKey, true);
  // The script runs at document_idle: a selection made before then still gets its button.
  if (win.getSelection()?.toString().trim()) onSelection();
  exposeForTests('flagButton', () => testView(ui, placing, messages.said()));
  return () => {
    doc.removeEventListener('selectionchange', onSelection);
    doc.removeEventListener('keydown', onKey, true);
    clearTimeout(placeTimer);
    messages.dispose();
    if (ui) teardown(ui);
  };
}
