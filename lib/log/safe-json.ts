import { MAX_DEPTH, MAX_FILE_BYTES } from './envelope';

/** The outcome of reading an untrusted file: its value, or a message a person can act on. */
export type SafeParse = { ok: true; value: unknown } | { ok: false; message: string };

/** Deepest `[`/`{` nesting of a JSON text, counted outside strings, stopping once past `limit`. */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

/** Size of a string as UTF-8 bytes, without allocating them. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Parses JSON from a file nobody vouches for. Refuses, before any other work, files of 50 MB or
 * more and nesting deeper than a real export has (deep nesting overflows the stack of every
 * recursive reader after JSON.parse). Refuses `__proto__` keys: JSON.parse makes them plain own
 * properties, but any later spread or merge would turn them into prototype changes.
 */
export function parseUntrustedJson(text: string, byteLength = utf8Length(text)): SafeParse {
  if (byteLength >= MAX_FILE_BYTES) {
    return { ok: false, message: `The file is too large (${formatMb(byteLength)}); the limit is 50 MB.` };
  }
  if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    return {
      ok: false,
      message: `The file is nested more than ${MAX_DEPTH} levels deep; it is not a Flagline export.`,
    };
  }
  let proto = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => {
      if (key === '__proto__') proto = true;
      return item;
    });
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON (${(error as Error).message}).` };
  }
  if (proto)
    return { ok: false, message: 'The file contains a "__proto__" key, which Flagline never writes; refused.' };
  return { ok: true, value };
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
