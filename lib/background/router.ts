import type { FlaglineDb } from '../db';
import type { CommandReply } from '../messaging/commands';
import { answerWithSendResponse, type MessageListener } from '../messaging/listener';
import { parseMessage, type Reply, type SenderLike } from '../messaging/protocol';
import type { PostWriteEffects } from './after-write';
import { anchorsForSender, openRecordFromPage } from './highlight-injection';
import { handleCommand, isCommand } from './commands';
import { acceptFlagRequest } from './flag';
import { handleSyncMessage } from './sync';

/**
 * The background's one entry for runtime messages: parse with the protocol's Zod schema, then
 * hand the typed message to its handler, which checks the sender. Anything else is refused with
 * a reason. Write commands from extension pages go to `handleCommand`, which runs the post-write
 * `effects` (tests pass their own).
 */
export function handleRuntimeMessage(
  db: FlaglineDb,
  raw: unknown,
  sender: SenderLike,
  effects?: PostWriteEffects,
): Promise<Reply | CommandReply> {
  const parsed = parseMessage(raw);
  if (!parsed.ok) return Promise.resolve({ ok: false, error: parsed.error });
  const { message } = parsed;
  if (isCommand(message)) return handleCommand(db, message, sender, effects);
  switch (message.type) {
    case 'cs-bg:flag-selection':
      return acceptFlagRequest(db, sender);
    case 'cs-bg:anchors':
      return anchorsForSender(db, sender);
    case 'cs-bg:open-record':
      return openRecordFromPage(message, sender);
    case 'ui-bg:sync-now':
    case 'ui-bg:sync-kick':
    case 'ui-bg:sync-test':
    case 'ui-bg:sync-retry':
    case 'ui-bg:sync-discard':
      return handleSyncMessage(db, message, sender);
    default:
      return Promise.resolve({ ok: false, error: `Unexpected message ${(message as { type: string }).type}` });
  }
}

/** The subset of `runtime.onMessage` the background registers with. */
export interface OnMessageEvent {
  addListener(listener: MessageListener): void;
}

/**
 * Registers the background's message listener. It answers through `sendResponse` (see
 * `answerWithSendResponse`): a returned Promise reaches no one on Chrome 120–143.
 */
export function listenForMessages(event: OnMessageEvent, db: () => FlaglineDb): void {
  event.addListener(answerWithSendResponse((raw, sender) => handleRuntimeMessage(db(), raw, sender)));
}
