import { CLOCK_TOLERANCE_SECONDS } from '../lib/sync/contract';

/**
 * Where a JSON value holds text PostgreSQL cannot store in `jsonb`: the NUL character, or a
 * UTF-16 surrogate without its pair. Returns the dotted path of the first, or undefined.
 */
export function unstorablePath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path.join('.') || '(value)';
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorablePath(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, '(key)'].join('.');
      const found = unstorablePath(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function isStorableText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/**
 * How far a Standard Webhooks timestamp (Unix seconds) is from the receiver's clock, in seconds,
 * when it is outside the tolerance; undefined when it is within it or not a number (the signature
 * check then answers).
 */
export function timestampSkew(header: string | undefined, now = Date.now()): number | undefined {
  const seconds = Number(header);
  if (!header || !Number.isFinite(seconds)) return undefined;
  const skew = seconds - Math.floor(now / 1000);
  return Math.abs(skew) > CLOCK_TOLERANCE_SECONDS ? skew : undefined;
}
