import { z } from 'zod';
import {
  MAX_CONTAINER_TEXT,
  MAX_CSS,
  MAX_FOUND,
  MAX_LANG,
  MAX_QUOTE,
  MAX_TITLE,
  MAX_URL,
  QUOTE_CONTEXT,
} from '../shared/limits';

/** NUL, and UTF-16 surrogates without their pair. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes what PostgreSQL cannot hold in `jsonb` text (NUL, lone surrogates): a page can put
 * them in its text, and one such record would be refused by the team's database forever.
 */
export function removeUnstorable(text: string): string {
  return text.replace(UNSTORABLE, '');
}

/** A string schema that drops unstorable characters before its other checks. */
export const storableString = () => z.string().overwrite(removeUnstorable);

export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: storableString().min(1, 'The quote is empty').max(MAX_QUOTE),
  prefix: storableString().max(QUOTE_CONTEXT * 4),
  suffix: storableString().max(QUOTE_CONTEXT * 4),
});
export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;

const httpUrl = z
  .string()
  .max(MAX_URL)
  .refine((value) => /^(https?|file):/i.test(value), 'Only web pages can be flagged');

/**
 * Where the selection was read from: page text, a `<textarea>`/`<input>` value, a contenteditable
 * or rich editor, or text inside an open shadow root. A frame is told by `page.frameUrl`.
 */
export const CaptureSourceSchema = z.enum(['selection', 'text-field', 'editor', 'shadow-root']);

/** A context value read from the page, with the adapter rule that found it. */
export const FoundSchema = z.strictObject({
  value: storableString().max(MAX_FOUND),
  foundBy: storableString().max(200),
});

/** What a site adapter read around the selection (AI tool, prompt, model, ids). */
export const CaptureContextSchema = z.strictObject({
  aiTool: FoundSchema.optional(),
  prompt: FoundSchema.optional(),
  model: FoundSchema.optional(),
  conversationId: FoundSchema.optional(),
  messageId: FoundSchema.optional(),
});
export type CaptureContext = z.infer<typeof CaptureContextSchema>;

/** How the user asked for the flag. */
export const FlagTriggerSchema = z.enum(['button', 'context-menu', 'command', 'manual']);
export type FlagTrigger = z.infer<typeof FlagTriggerSchema>;

/**
 * What the content script reports about a selection. Untrusted input: the page controls the DOM
 * it is read from, so everything is bounded and validated before it is stored.
 */
export const CapturePayloadSchema = z.strictObject({
  /** The selection as the browser renders it (what the reviewer saw). */
  shownText: storableString().min(1).max(MAX_QUOTE),
  quote: TextQuoteSelectorSchema,
  source: CaptureSourceSchema,
  /** TextPositionSelector over Flagline's text model of the page: a hint for finding it again. */
  position: z.strictObject({ start: z.int().min(0).max(1e9), end: z.int().min(0).max(1e9) }).optional(),
  /** CssSelector of the nearest stable container (the AI message, the editor, the card). */
  css: z.string().min(1).max(MAX_CSS).optional(),
  context: CaptureContextSchema.optional(),
  containerText: storableString().max(MAX_CONTAINER_TEXT).optional(),
  page: z.strictObject({
    url: httpUrl,
    title: storableString().max(MAX_TITLE),
    frameUrl: httpUrl.optional(),
    lang: z.string().max(MAX_LANG).optional(),
  }),
  capturedAt: z.iso.datetime({ offset: true }),
});
export type CapturePayload = z.infer<typeof CapturePayloadSchema>;
