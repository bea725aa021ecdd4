import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import flagContentScript from '../../entrypoints/flag.content';
import { ownUi } from '../../lib/page/ui/own-ui';
import { keepHighlights, removeHighlights } from '../../lib/page/ui/teardown';

/** Selects the text of `el` and lets the flag button's selection debounce run, on fake timers. */
function selectAndSettle(el: Element): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
  vi.runAllTimers();
}

/** Flagline's UI hosts attached to the page right now. */
const hosts = () => [...ownUi().roots.keys()].filter((host) => host.isConnected);

describe('the content script after the extension is reloaded or updated', () => {
  let ctx: ContentScriptContext;
  let output: HTMLParagraphElement;

  beforeEach(async () => {
    // A new context announces itself to older scripts with a window message, and treats the first
    // such message it sees as its own: wait for that delivery so no announcement is left in flight.
    const announced = new Promise((resolve) => window.addEventListener('message', resolve, { once: true }));
    ctx = new ContentScriptContext('flag');
    await announced;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // happy-dom does no layout; the button is placed beside the selection's last line box.
    const line = [new DOMRect(10, 10, 200, 20)] as unknown as DOMRectList;
    vi.spyOn(Range.prototype, 'getClientRects').mockReturnValue(line);
    output = document.createElement('p');
    output.textContent = 'The refund is approved.';
    document.body.append(output);
  });

  afterEach(() => {
    ctx.notifyInvalidated();
    removeHighlights();
    for (const host of hosts()) host.remove();
    output.remove();
    vi.useRealTimers();
  });

  it('shows the flag button while the context is valid', () => {
    void flagContentScript.main(ctx);
    selectAndSettle(output);
    expect(hosts()).toHaveLength(1);
  });

  it('removes the button host and stops listening once the context is invalidated', () => {
    void flagContentScript.main(ctx);
    selectAndSettle(output);
    expect(hosts()).toHaveLength(1);

    ctx.notifyInvalidated();
    expect(hosts()).toEqual([]);
    // Its selection and key listeners are gone: a new selection builds nothing.
    selectAndSettle(output);
    expect(hosts()).toEqual([]);
  });

  it('removes the highlights the anchoring script drew in this frame', () => {
    const removeDrawn = vi.fn();
    void flagContentScript.main(ctx);
    keepHighlights(removeDrawn);

    ctx.notifyInvalidated();
    expect(removeDrawn).toHaveBeenCalledOnce();
  });
});

describe('keepHighlights', () => {
  it('removes the previous highlights of the frame before keeping new ones, and each only once', () => {
    const scope = {};
    const first = vi.fn();
    const second = vi.fn();
    keepHighlights(first, scope);
    keepHighlights(second, scope);
    expect(first).toHaveBeenCalledOnce();
    expect(second).not.toHaveBeenCalled();
    removeHighlights(scope);
    removeHighlights(scope);
    expect(second).toHaveBeenCalledOnce();
  });
});
