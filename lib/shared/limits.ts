/**
 * Every bound on what a capture reads from a page, in one place. Page scripts cut text to these
 * lengths before sending it, and the schemas (`./schema`, `../incident/schema`) refuse anything
 * longer, so the two can never disagree. Bundled into page scripts: no imports, no Zod.
 */

/** Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix). */
export const QUOTE_CONTEXT = 64;
/** Longest quote accepted: a flag is about an output, not a whole page. */
export const MAX_QUOTE = 20_000;
/** Cap for any context value a site adapter reads (prompt, model, ids): the same as a quote. */
export const MAX_FOUND = MAX_QUOTE;
/** Cap for the text of the enclosing container kept as context. */
export const MAX_CONTAINER_TEXT = 4_000;
/** Longest page title kept. */
export const MAX_TITLE = 2_000;
/** Longest page or frame URL accepted. */
export const MAX_URL = 8_192;
/** Longest CSS selector of the container accepted. */
export const MAX_CSS = 2_000;
/** Longest BCP 47 language tag kept (RFC 5646 allows 35 characters). */
export const MAX_LANG = 35;
