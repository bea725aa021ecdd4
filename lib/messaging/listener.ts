import type { CommandReply } from './commands';
import type { Reply, SenderLike } from './protocol';

/** Every answer the background gives. */
export type BackgroundReply = Reply | CommandReply;

/** What `runtime.onMessage` hands a listener to answer with. */
export type SendResponse = (reply: BackgroundReply) => void;

/** A `runtime.onMessage` listener in the form every supported browser version understands. */
export type MessageListener = (raw: unknown, sender: SenderLike, sendResponse: SendResponse) => true;

/**
 * Wraps an async handler as a `runtime.onMessage` listener that answers through `sendResponse`
 * and returns `true` to keep the channel open. Chrome only delivers a Promise returned from the
 * listener from version 144; before that (the manifest allows 120) a returned Promise answers
 * `undefined`. Firefox accepts both forms. A handler that throws still answers, with the reason.
 */
export function answerWithSendResponse(
  handle: (raw: unknown, sender: SenderLike) => Promise<BackgroundReply>,
): MessageListener {
  return (raw, sender, sendResponse) => {
    let reply: Promise<BackgroundReply>;
    try {
      reply = handle(raw, sender);
    } catch (error) {
      reply = Promise.reject(error);
    }
    reply.then(sendResponse, (error: unknown) =>
      sendResponse({
        ok: false,
        error: `Flagline could not handle the request (${(error as Error)?.message ?? error}).`,
      }),
    );
    return true;
  };
}
