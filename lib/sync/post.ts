import { readAck } from './ack';
import { CLOCK_TOLERANCE_SECONDS, ErrorBodySchema, type Ack, type Batch } from './contract';
import { signatureHeaders } from './signing';
import type { SyncSecrets } from './secrets';
import type { PauseReason } from './settings';

/** A request is aborted after this long: an answer that never comes is a retryable failure. */
export const REQUEST_TIMEOUT_MS = 25_000;

/** Said when the endpoint answers with a redirect, which sync never follows. */
export const REDIRECT_MESSAGE = 'The endpoint redirected; check its URL.';

/**
 * What one POST to the endpoint came to, already sorted into what the engine does next.
 * `suspect` marks failures that may be caused by a record of the batch (a 500, an unreadable
 * 2xx): repeated, they split the batch, and a record failing alone goes to "Needs attention".
 */
export type PostOutcome =
  | { kind: 'answered'; ack: Ack }
  | { kind: 'retry'; error: string; retryAfter?: string | null; suspect?: boolean }
  | { kind: 'skew'; error: string; skewMs: number }
  | { kind: 'split'; error: string }
  | { kind: 'pause'; reason: PauseReason; message: string }
  | { kind: 'rejected'; ack?: Ack; message: string };

export interface PostDeps {
  fetch: typeof fetch;
  now: () => number;
  timeoutMs?: number;
}

/** Removes the token and secret from any text we keep or show: servers sometimes echo headers. */
export function redact(text: string, secrets: SyncSecrets): string {
  let out = text;
  for (const value of [secrets.token, secrets.signingSecret]) if (value) out = out.split(value).join('[redacted]');
  return out;
}

/** The server's own words from a body (`message` or `error` field, or short text), and its error code. */
function serverWords(raw: string): { text: string; code?: string; serverTime?: string } {
  try {
    const json = JSON.parse(raw) as { message?: unknown; error?: unknown };
    const text = typeof json.message === 'string' ? json.message : typeof json.error === 'string' ? json.error : '';
    const known = ErrorBodySchema.partial().safeParse(json);
    return { text: text.slice(0, 500), code: known.data?.code, serverTime: known.data?.serverTime };
  } catch {
    return { text: raw.replace(/\s+/g, ' ').trim().slice(0, 300) };
  }
}

/** The 4xx answers that mean "later": request timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
/** Gateway answers: the endpoint's front is up, its back is not; no record is to blame. */
const GATEWAY_5XX = new Set([502, 503, 504]);

/** How far the endpoint's clock is from ours, from the body's `serverTime` or the `Date` header. */
function clockSkew(response: Response, serverTime: string | undefined, now: number): number | undefined {
  const theirs = Date.parse(serverTime ?? response.headers.get('date') ?? '');
  return Number.isNaN(theirs) ? undefined : now - theirs;
}

function skewOutcome(skewMs: number): PostOutcome {
  const minutes = Math.max(1, Math.round(Math.abs(skewMs) / 60_000));
  return {
    kind: 'skew',
    skewMs,
    error: `This device's clock differs from the endpoint's by ${minutes} minute${minutes === 1 ? '' : 's'}. Correct the clock; sync tries again on its own.`,
  };
}

/** A 2xx: only a readable acknowledgement counts; anything else is a failure in the endpoint's words. */
function classify2xx(status: number, raw: string, secrets: SyncSecrets): PostOutcome {
  const ack = readAck(raw);
  if (ack) return { kind: 'answered', ack };
  const words = raw.replace(/\s+/g, ' ').trim().slice(0, 300);
  return {
    kind: 'retry',
    suspect: true,
    error: `The endpoint answered ${status} without a Flagline acknowledgement${words ? `: ${redact(words, secrets)}` : ' (empty body)'}`,
  };
}

/** Sorts an HTTP answer into the engine's next step (the status table in receiver/README.md). */
export async function classify(response: Response, secrets: SyncSecrets, now = Date.now()): Promise<PostOutcome> {
  const { status } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    return { kind: 'pause', reason: 'check-endpoint', message: REDIRECT_MESSAGE };
  }
  const raw = (await response.text().catch(() => '')).slice(0, 1_000_000);
  if (status >= 200 && status < 300) return classify2xx(status, raw, secrets);
  const { text, code, serverTime } = serverWords(raw.slice(0, 4_000));
  const said = text ? `: ${redact(text, secrets)}` : '';
  if (status === 401 || status === 403) {
    const skew = clockSkew(response, serverTime, now);
    const skewed = skew !== undefined && Math.abs(skew) > CLOCK_TOLERANCE_SECONDS * 1000;
    if (code === 'clock-skew' || skewed) return skewOutcome(skew ?? 0);
    return {
      kind: 'pause',
      reason: 'token-needed',
      message: `Token needed: the endpoint refused the credentials (${status})${said}`,
    };
  }
  if (status === 404 || status === 410) {
    return { kind: 'pause', reason: 'check-endpoint', message: `Check the endpoint: it answered ${status}${said}` };
  }
  if (status === 413) return { kind: 'split', error: `The endpoint found the batch too large (413)${said}` };
  if (status === 400 || status === 422)
    return { kind: 'rejected', ack: readAck(raw), message: `Refused (${status})${said}` };
  if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) {
    // A 4xx the contract does not name (405, 409, 415, …) will not go away by retrying: a person must act.
    return {
      kind: 'pause',
      reason: 'endpoint-refused',
      message: `The endpoint refused the batch (${status})${said.replace(/[.\s]+$/, '')}. Check the endpoint and its receiver, then sync again.`,
    };
  }
  return {
    kind: 'retry',
    error: `The endpoint answered ${status}${said}`,
    retryAfter: response.headers.get('retry-after'),
    suspect: status >= 500 && !GATEWAY_5XX.has(status),
  };
}

/**
 * Sends one batch: JSON body, bearer token, `Idempotency-Key`, and Standard Webhooks headers
 * when a signing secret is set. Network errors and the 25 s timeout become retries. Redirects
 * are not followed (`manual`: the records and signature must not go to another URL, and unlike
 * `error` it lets us say why).
 */
export async function postBatch(
  deps: PostDeps,
  endpoint: string,
  batch: Batch,
  secrets: SyncSecrets,
): Promise<PostOutcome> {
  const body = JSON.stringify(batch);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': batch.batchId };
  if (secrets.token) headers.Authorization = `Bearer ${secrets.token}`;
  if (secrets.signingSecret) {
    Object.assign(headers, await signatureHeaders(secrets.signingSecret, batch.batchId, body, new Date(deps.now())));
  }
  const controller = new AbortController();
  const timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await deps.fetch(endpoint, {
      method: 'POST',
      headers,
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
    return await classify(response, secrets, deps.now());
  } catch {
    // The error text of fetch can include the request; say what happened in our own words.
    return controller.signal.aborted
      ? { kind: 'retry', error: `The endpoint did not answer within ${Math.round(timeoutMs / 1000)} s.` }
      : { kind: 'retry', error: 'Could not reach the endpoint (network error).' };
  } finally {
    clearTimeout(timer);
  }
}
