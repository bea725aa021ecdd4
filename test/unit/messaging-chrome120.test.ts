// Chrome 120–143 deliver a reply only through `sendResponse`, and only when the listener returned
// `true`; a Promise returned from the listener answers `undefined` (Promise replies came in 144).
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { handleRuntimeMessage, listenForMessages } from '../../lib/background/router';
import { FlaglineDb } from '../../lib/db';
import { answerWithSendResponse } from '../../lib/messaging/listener';
import type { SenderLike } from '../../lib/messaging/protocol';
import { useFreshDb } from './fresh-db';

type AnyListener = (raw: unknown, sender: SenderLike, sendResponse: (reply: unknown) => void) => unknown;

/**
 * `runtime.onMessage` as Chrome before 144 dispatches it: the returned value only matters when it
 * is `true` (the channel stays open for a later `sendResponse`); otherwise the sender's promise
 * settles with `undefined` once the listener returned, whatever it returned.
 */
function chromeBefore144OnMessage() {
  const listeners: AnyListener[] = [];
  return {
    addListener(listener: AnyListener) {
      listeners.push(listener);
    },
    sendMessage(raw: unknown, sender: SenderLike): Promise<unknown> {
      return new Promise((resolve) => {
        let open = false;
        let answered = false;
        const sendResponse = (reply: unknown) => {
          if (answered) return;
          answered = true;
          resolve(reply);
        };
        for (const listener of listeners) if (listener(raw, sender, sendResponse) === true) open = true;
        if (!open && !answered) resolve(undefined);
      });
    },
  };
}

const pageSender = (): SenderLike => ({ id: browser.runtime.id, url: browser.runtime.getURL('/options.html') });

let db: FlaglineDb;
useFreshDb((opened) => (db = opened));

describe('runtime messages on Chrome 120–143', () => {
  it('a listener returning the Promise answers nothing there (why the background does not)', async () => {
    const onMessage = chromeBefore144OnMessage();
    onMessage.addListener((raw, sender) => handleRuntimeMessage(db, raw, sender));
    expect(await onMessage.sendMessage({ type: 'nonsense' }, pageSender())).toBeUndefined();
  });

  it('the background answers a refused message through sendResponse', async () => {
    const onMessage = chromeBefore144OnMessage();
    listenForMessages(onMessage, () => db);
    const reply = await onMessage.sendMessage({ type: 'nonsense' }, pageSender());
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('Rejected message') });
  });

  it('the background answers a handled message after its async work', async () => {
    const onMessage = chromeBefore144OnMessage();
    listenForMessages(onMessage, () => db);
    // From a web page tab, a sync request is refused by the sync handler after its own checks.
    const reply = await onMessage.sendMessage(
      { type: 'ui-bg:sync-now' },
      { id: browser.runtime.id, url: 'https://evil.example.net/', tab: { id: 4 }, frameId: 0 },
    );
    expect(reply).toEqual({ ok: false, error: 'Sync requests are only accepted from Flagline pages.' });
  });

  it('a handler that throws still answers, with the reason', async () => {
    const onMessage = chromeBefore144OnMessage();
    onMessage.addListener(
      answerWithSendResponse(() => {
        throw new Error('database closed');
      }),
    );
    const reply = await onMessage.sendMessage({}, pageSender());
    expect(reply).toEqual({ ok: false, error: expect.stringContaining('database closed') });
  });
});
