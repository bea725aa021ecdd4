import { AckSchema, type Ack, type Batch } from './contract';
import { signatureHeaders } from './signing';
import type { SyncSecrets } from './secrets';
import type { PauseReason } from './settings';

/** A request is aborted after this long: an answer that never comes is a retryable failure. */
export const REQUEST_TIMEOUT_MS = 25_000;

/** What one POST to the endpoint came to, already sorted into what the engine does next. */
export type PostOutcome =
  | { kind: 'acked'; ack?: Ack }
  | { kind: 'retry'; error: string; retryAfter?: string | null }
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

/** The server's own words from an error body (`message` or `error` field, or short text). */
async function serverMessage(response: Response): Promise<{ text: string; ack?: Ack }> {
  const raw = (await response.text().catch(() => '')).slice(0, 4_000);
  try {
    const json: unknown = JSON.parse(raw);
    const ack = AckSchema.safeParse(json);
    const obj = json as { message?: unknown; error?: unknown };
    const text = typeof obj.message === 'string' ? obj.message : typeof obj.error === 'string' ? obj.error : '';
    return { text: text.slice(0, 500), ack: ack.success ? ack.data : undefined };
  } catch {
    return { text: raw.replace(/\s+/g, ' ').trim().slice(0, 300) };
  }
}

/** The 4xx answers that mean "later": request timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/** Sorts an HTTP answer into the engine's next step (issue 5's status table). */
export async function classify(response: Response, secrets: SyncSecrets): Promise<PostOutcome> {
  const { status } = response;
  if (status >= 200 && status < 300) {
    const raw = await response.text().catch(() => '');
    if (!raw.trim()) return { kind: 'acked' };
    const parsed = AckSchema.safeParse(
      (() => {
        try {
          return JSON.parse(raw);
        } catch {
          return undefined;
        }
      })(),
    );
    // A 2xx means the batch was taken; an answer we cannot read still acknowledges it all.
    return { kind: 'acked', ack: parsed.success ? parsed.data : undefined };
  }
  const { text, ack } = await serverMessage(response);
  const said = text ? `: ${redact(text, secrets)}` : '';
  if (status === 401 || status === 403) {
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
  if (status === 400 || status === 422) return { kind: 'rejected', ack, message: `Refused (${status})${said}` };
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
  };
}

/**
 * Sends one batch: JSON body, bearer token, `Idempotency-Key`, and Standard Webhooks headers
 * when a signing secret is set. Network errors and the 25 s timeout become retries.
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
    const response = await deps.fetch(endpoint, { method: 'POST', headers, body, signal: controller.signal });
    return await classify(response, secrets);
  } catch {
    // The error text of fetch can include the request; say what happened in our own words.
    return controller.signal.aborted
      ? { kind: 'retry', error: `The endpoint did not answer within ${Math.round(timeoutMs / 1000)} s.` }
      : { kind: 'retry', error: 'Could not reach the endpoint (network error).' };
  } finally {
    clearTimeout(timer);
  }
}
