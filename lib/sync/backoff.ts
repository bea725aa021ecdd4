/** Backoff for failed sends: full jitter (AWS architecture blog), base 30 s, cap 1 h. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60_000;

/**
 * A random delay in [0, min(cap, base · 2^attempt)). Full jitter spreads retries from many
 * devices so an endpoint that comes back is not hit by all of them at once.
 */
export function fullJitterDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds to wait from a `Retry-After` header (delay-seconds or HTTP-date, RFC 9110 §10.2.3),
 * clamped to [0, cap]. Garbage gives `undefined`, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (/[a-z]/i.test(text) && !Number.isNaN(Date.parse(text))) ms = Date.parse(text) - now;
  else return undefined;
  return Math.min(BACKOFF_CAP_MS, Math.max(0, ms));
}

/** When to try again: the server's `Retry-After` when it gave a usable one, else full jitter. */
export function retryDelay(attempt: number, retryAfter: string | null | undefined, now: number, random?: () => number) {
  return parseRetryAfter(retryAfter, now) ?? fullJitterDelay(attempt, random);
}
