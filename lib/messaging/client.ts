import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { FailureSchema, PAGE_REPLIES, type Failure, type PageRequestType, type ReplyData } from './commands';
import type { MessageSchema } from './protocol';

/** What an extension page may send the background: a write command or a sync request. */
export type PageRequest = Extract<z.input<typeof MessageSchema>, { type: PageRequestType }>;

/** The reply to a request of type `T`: its data, or a failure in plain words. */
export type PageResult<T extends PageRequestType> = ({ ok: true } & ReplyData<T>) | Failure;

/** Delivers a request and resolves with the raw answer (`runtime.sendMessage` in the pages). */
export type Transport = (request: PageRequest) => Promise<unknown>;

const viaRuntime: Transport = (request) => browser.runtime.sendMessage(request);

const NO_ANSWER = 'Flagline’s background did not answer, so nothing changed. Try again.';
const UNREADABLE = 'Flagline’s background gave an answer this page does not understand. Reload the page and try again.';

/**
 * Sends a request to the background and returns its typed reply: the reply's type follows from
 * the request's (`PAGE_REPLIES`), and the answer is parsed before the page sees it. Nothing
 * throws: an unreachable or unreadable background comes back as a failure too, so a form can show
 * it and keep what was typed.
 */
export async function send<R extends PageRequest>(
  request: R,
  transport: Transport = viaRuntime,
): Promise<PageResult<R['type']>> {
  let raw: unknown;
  try {
    raw = await transport(request);
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
  const failure = FailureSchema.safeParse(raw);
  if (failure.success) return failure.data;
  // TypeScript cannot narrow the map's entry by a generic key; the map itself ties each type to its schema.
  const schema = PAGE_REPLIES[request.type] as unknown as z.ZodType<ReplyData<R['type']>>;
  const data = schema.safeParse(raw);
  if (!data.success || (raw as { ok?: unknown }).ok !== true) return { ok: false, error: raw ? UNREADABLE : NO_ANSWER };
  return { ...data.data, ok: true };
}
