import { z } from 'zod';
import type { AnchorTarget } from '../page/anchoring/anchor';
import { COMMAND_SCHEMAS, type Failure } from './commands';

/** An outbox entry key: record id and revision. */
const OutboxKeySchema = z.string().regex(/^[0-9a-f-]{36}:[1-9][0-9]{0,8}$/, 'Expected a record revision key');

/**
 * Every runtime message of the extension, named by direction (`cs-bg:` content script to
 * background, `ui-bg:` extension page to background), with its schema. Receivers parse with
 * `parseMessage` and check the sender before acting; nothing else is accepted. The write commands
 * of extension pages are listed in `commands.ts`.
 */
export const MessageSchema = z.discriminatedUnion('type', [
  // The flag button asks; the background injects the capture script into the asking frame.
  z.strictObject({ type: z.literal('cs-bg:flag-selection') }),
  // Re-anchoring: the anchor script asks for the records of its own page; a marker opens one.
  z.strictObject({ type: z.literal('cs-bg:anchors') }),
  z.strictObject({ type: z.literal('cs-bg:open-record'), id: z.uuid() }),
  // Sync: run now (ignores backoff, lifts a pause), run after a page's own save, test the endpoint,
  // and settle a revision that needs attention (outbox key `${id}:${revision}`).
  z.strictObject({ type: z.literal('ui-bg:sync-now') }),
  z.strictObject({ type: z.literal('ui-bg:sync-kick') }),
  z.strictObject({ type: z.literal('ui-bg:sync-test') }),
  // `asNewRevision`: settle a conflict by sending this device's copy as a new revision.
  z.strictObject({
    type: z.literal('ui-bg:sync-retry'),
    key: OutboxKeySchema,
    asNewRevision: z.literal(true).optional(),
  }),
  z.strictObject({ type: z.literal('ui-bg:sync-discard'), key: OutboxKeySchema }),
  ...COMMAND_SCHEMAS,
]);
export type Message = z.infer<typeof MessageSchema>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** What the background answers. Errors are words a person can act on. */
export type Reply = { ok: true; id?: string; anchors?: AnchorTarget[] } | Failure;

export type ParsedMessage = { ok: true; message: Message } | { ok: false; error: string };

/** Validates an unknown runtime message, returning a readable error for anything malformed. */
export function parseMessage(raw: unknown): ParsedMessage {
  const result = MessageSchema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `Rejected message${where}: ${issue?.message ?? 'invalid'}` };
}

/** The fields of `runtime.MessageSender` the checks rely on. */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; windowId?: number };
  frameId?: number;
}

/**
 * True when the message comes from this extension's own content script running in a web page
 * tab. Page scripts cannot reach runtime messaging (no `externally_connectable`), and other
 * extensions carry another id; extension pages have our origin, not a page's.
 */
export function isOwnContentScript(sender: SenderLike, extensionId: string): boolean {
  if (sender.id !== extensionId) return false;
  if (typeof sender.tab?.id !== 'number' || sender.tab.id < 0) return false;
  if (typeof sender.frameId !== 'number') return false;
  const url = sender.url ?? '';
  return /^(https?|file):/i.test(url);
}

/** True when the message comes from one of this extension's own pages (side panel, options). */
export function isOwnExtensionPage(sender: SenderLike, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && (sender.url ?? '').startsWith(extensionOrigin);
}
