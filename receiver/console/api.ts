import type { Incident } from '@/lib/incident/schema';
import type { Review } from '@/lib/review/compute';

/** Who the console is signed in as (GET /v1/me). */
export interface Me {
  /** False when this browser has no session (and the receiver asks for tokens). */
  signedIn: boolean;
  role: 'reporter' | 'reviewer' | 'admin';
  label: string;
  openMode: boolean;
}

/** One row of the incidents list (GET /v1/incidents), as the receiver writes it. */
export type { IncidentSummary } from '../incidents';
import type { IncidentSummary } from '../incidents';

export interface IncidentPage {
  rows: IncidentSummary[];
  total: number;
  nextCursor: string | null;
}

export interface TriageEvent {
  at: string;
  by: string;
  kind: 'assign' | 'acknowledge' | 'note';
  value: string | null;
}

export interface Triage {
  assignedOwner: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  events: TriageEvent[];
}

export interface RevisionRef {
  revision: number;
  deviceId: string;
  receivedAt: string;
  hash: string;
}

export interface IncidentFile {
  record: Incident;
  revisions: RevisionRef[];
  triage: Triage;
}

export type TriageChange = { kind: 'assign'; owner: string } | { kind: 'acknowledge' } | { kind: 'note'; text: string };

export interface TokenRow {
  id: string;
  role: Me['role'];
  label: string;
  source: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A notification target as the admin API lists it; fields beyond these are shown as given. */
export interface TargetRow {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  parties?: unknown;
  config?: unknown;
}

/** A webhook, Slack or Teams target as the admin API creates it. */
export interface NewTarget {
  kind: 'webhook' | 'slack' | 'teams';
  name: string;
  config: { url: string; secret?: string };
  parties: string[];
  enabled: boolean;
}

/** A request the receiver refused: the status and its `{error}` message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Told when any request answers 401: the session ended, so the console shows sign-in. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const message = await response
      .json()
      .then((json: { error?: unknown }) => (typeof json.error === 'string' ? json.error : ''))
      .catch(() => '');
    if (response.status === 401 && path !== '/console/session') onSignedOut();
    throw new ApiError(response.status, message || `The receiver answered ${response.status}.`);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A query string from the values that are set. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  me: () => request<Me>('GET', '/v1/me'),
  signIn: (token: string) => request<void>('POST', '/console/session', { token }),
  signOut: () => request<void>('DELETE', '/console/session'),
  incidents: (params: Record<string, string | undefined>, signal?: AbortSignal) =>
    request<IncidentPage>('GET', `/v1/incidents${query(params)}`, undefined, signal),
  facets: () => request<{ workflows: string[]; devices: string[] }>('GET', '/v1/incidents/facets'),
  incident: (id: string) => request<IncidentFile>('GET', `/v1/incidents/${encodeURIComponent(id)}`),
  revision: (id: string, revision: number) =>
    request<{ record: unknown }>('GET', `/v1/incidents/${encodeURIComponent(id)}/revisions/${revision}`),
  triage: (id: string, change: TriageChange) =>
    request<Triage>('POST', `/v1/incidents/${encodeURIComponent(id)}/triage`, change),
  review: (quarter: string) => request<{ review: Review }>('GET', `/v1/review${query({ quarter })}`),
  tokens: () => request<TokenRow[] | { rows: TokenRow[] } | { tokens: TokenRow[] }>('GET', '/v1/admin/tokens'),
  createToken: (role: string, label: string) =>
    request<{ id: string; token: string }>('POST', '/v1/admin/tokens', { role, label }),
  revokeToken: (id: string) => request<void>('DELETE', `/v1/admin/tokens/${encodeURIComponent(id)}`),
  targets: () => request<TargetRow[] | { rows: TargetRow[] } | { targets: TargetRow[] }>('GET', '/v1/admin/targets'),
  createTarget: (target: NewTarget) => request<unknown>('POST', '/v1/admin/targets', target),
};

/** A list the admin API returns either bare or wrapped in `{rows}` / `{tokens}` / `{targets}`. */
export function listOf<T>(value: T[] | { rows: T[] } | { tokens: T[] } | { targets: T[] }): T[] {
  if (Array.isArray(value)) return value;
  if ('rows' in value) return value.rows;
  if ('tokens' in value) return value.tokens;
  return value.targets;
}

/** The message to show for a failed request. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'The receiver could not be reached. Check the connection and try again.';
}
