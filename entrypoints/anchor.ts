import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { MessageOf, Reply } from '@/lib/messaging/protocol';
import { installHighlights } from '@/lib/page/ui/highlights';
import { keepHighlights, removeHighlights } from '@/lib/page/ui/teardown';

/**
 * Injected by the background only on enabled sites that have records for the page. Asks for the
 * records of its own frame (the background answers from the sender's URL), then re-anchors and
 * highlights them. Injected again after a single-page navigation: the previous run is replaced.
 */
export default defineUnlistedScript({
  // Async: `executeScript` resolves once the highlights are installed.
  main: async () => {
    removeHighlights();
    const request: MessageOf<'cs-bg:anchors'> = { type: 'cs-bg:anchors' };
    const reply = (await browser.runtime.sendMessage(request).catch(() => undefined)) as Reply | undefined;
    if (!reply?.ok || !reply.anchors?.length) return;
    keepHighlights(
      installHighlights(window, reply.anchors, (id) => {
        const open: MessageOf<'cs-bg:open-record'> = { type: 'cs-bg:open-record', id };
        void browser.runtime.sendMessage(open).catch(() => undefined);
      }),
    );
  },
});
