import type { Workflow } from './schema';

/** The parts of a registry pattern (the same shape UrlPatternSchema accepts). */
const PATTERN = /^(https?|\*):\/\/([^/\s]+)(\/\S*)?$/i;

/**
 * True when `text` matches `glob`, where `*` stands for any run of characters, case-insensitively.
 * No regular expression and no backtracking: the pieces between stars are found left to right,
 * each at its leftmost place (which is always safe with `*` as the only wildcard), so a pattern
 * with many stars costs at most one scan of the text per piece. Patterns come from files and
 * endpoints; a regex built from them could take exponential time on a long URL.
 */
export function globMatches(glob: string, text: string): boolean {
  const pieces = glob.toLowerCase().split('*');
  const hay = text.toLowerCase();
  const first = pieces[0]!;
  if (pieces.length === 1) return hay === first;
  const last = pieces[pieces.length - 1]!;
  if (!hay.startsWith(first) || hay.length < first.length + last.length) return false;
  let at = first.length;
  const end = hay.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (!piece) continue;
    const found = hay.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return hay.endsWith(last);
}

/** True when the pattern's host part names a port (`host:8080`, `host:*`, `[::1]:8080`). */
function hasPort(host: string): boolean {
  return /:(\d+|\*)$/.test(host);
}

/**
 * True when a URL matches a registry pattern.
 * - The scheme is `http`, `https` or `*` (either of them).
 * - The host is compared on its own: `*` there never reaches into the path, and a host without a
 *   port matches any port (as browser match patterns do), so `http://127.0.0.1/*` matches
 *   `http://127.0.0.1:5173/crm.html`.
 * - A path with `*` is a wildcard over path, query and fragment; a path without `*` matches that
 *   URL and the pages below it (`/accounts` matches `/accounts`, `/accounts/42`, `/accounts?x=1`,
 *   not `/accountsXYZ`). Hosts and paths are compared case-insensitively.
 */
export function urlMatches(pattern: string, url: string): boolean {
  const parts = PATTERN.exec(pattern.trim());
  if (!parts) return false;
  const scheme = parts[1]!.toLowerCase();
  const host = parts[2]!;
  const path = parts[3] ?? '';
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const protocol = target.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') return false;
  if (scheme !== '*' && scheme !== protocol) return false;

  const targetHost = hasPort(host)
    ? `${target.hostname}:${target.port || (protocol === 'https' ? '443' : '80')}`
    : target.hostname;
  if (!globMatches(host, targetHost)) return false; // A host has no `/`: `*` stays in the host.

  const rest = `${target.pathname}${target.search}${target.hash}`;
  if (path.includes('*')) return globMatches(path, rest);
  const base = path.replace(/\/+$/, '').toLowerCase();
  const lower = rest.toLowerCase();
  if (base === '' || lower === base || lower === `${base}/`) return true;
  const next = lower.charAt(base.length);
  return (
    lower.startsWith(base) && (next === '/' || next === '?' || next === '#' || (next === '&' && base.includes('?')))
  );
}

/**
 * The picker's choice for "I don't know which workflow this came from": the record is saved
 * without a workflow and a reviewer picks one later. Not a registry id (those are random UUIDs).
 */
export const UNKNOWN_WORKFLOW = 'unknown';

/** How specific a registry pattern is; a higher `literal`, then a lower `wildcards`, wins. */
export interface Specificity {
  /** Characters of host and path that must match as written: no `*`, no trailing `/`. */
  literal: number;
  /** How many `*` the pattern has (in scheme, host and path). */
  wildcards: number;
}

/**
 * The specificity of a registry pattern. The scheme adds nothing to the literal length (a `*`
 * scheme counts as a wildcard), nor do trailing slashes, so `https://a.example/`,
 * `https://a.example` and `https://a.example/*` are equally literal (the last has one wildcard
 * more, so the exact pattern wins between them).
 */
export function patternSpecificity(pattern: string): Specificity {
  const parts = PATTERN.exec(pattern.trim());
  const scheme = parts?.[1] ?? '';
  const rest = parts ? `${parts[2]}${parts[3] ?? ''}` : pattern;
  const literal = rest.replace(/\*/g, '').replace(/\/+$/, '').length;
  const wildcards = (scheme.match(/\*/g)?.length ?? 0) + (rest.match(/\*/g)?.length ?? 0);
  return { literal, wildcards };
}

/** Negative when `a` is more specific than `b`, positive when less, 0 when equal. */
function compareSpecificity(a: Specificity, b: Specificity): number {
  return b.literal - a.literal || a.wildcards - b.wildcards;
}

/**
 * The workflow a flag raised on `url` belongs to: among the workflows with a pattern matching the
 * URL, the one whose best matching pattern is the most specific.
 * 1. The longest literal host and path wins (see `patternSpecificity`), so
 *    `https://crm.example.com/accounts/*` beats `https://crm.example.com/*`.
 * 2. At equal length, fewer wildcards win, so `https://crm.example.com/accounts` beats
 *    `https://crm.example.com/accounts/*`, and `https://crm.example.com/*` beats `*://crm.example.com/*`.
 * 3. Still equal: the workflow whose name sorts first (case-insensitively), then the smaller id, so
 *    the suggestion never depends on the order the registry happens to be stored in.
 */
export function matchWorkflow(workflows: readonly Workflow[], url: string): Workflow | undefined {
  let best: { workflow: Workflow; score: Specificity } | undefined;
  for (const workflow of workflows) {
    for (const pattern of workflow.urlPatterns) {
      if (!urlMatches(pattern, url)) continue;
      const score = patternSpecificity(pattern);
      if (!best || beats({ workflow, score }, best)) best = { workflow, score };
    }
  }
  return best?.workflow;
}

function beats(a: { workflow: Workflow; score: Specificity }, b: { workflow: Workflow; score: Specificity }): boolean {
  const bySpecificity = compareSpecificity(a.score, b.score);
  if (bySpecificity !== 0) return bySpecificity < 0;
  if (a.workflow.id === b.workflow.id) return false;
  const byName = a.workflow.name.localeCompare(b.workflow.name, 'en', { sensitivity: 'base' });
  if (byName !== 0) return byName < 0;
  return a.workflow.id < b.workflow.id;
}

/**
 * The URL pattern a workflow registered from a page proposes: the page's origin and the first
 * segment of its path, then `*`, never the query or fragment (they hold record ids and state).
 * `https://crm.example.com/accounts/123/summary?x=1` gives `https://crm.example.com/accounts/*`: the
 * first segment is usually the app or section (accounts, deals, compose), deeper ones are ids.
 * A page at the site's root, or whose first segment looks like an id (digits, a UUID, a long
 * hex or mixed token), gives the whole site: `https://crm.example.com/*`. A page one segment deep
 * (`https://mail.example.com/compose?id=7`) gives that address: `https://mail.example.com/compose`.
 * The port stays when the page has one. Not http(s): no pattern.
 */
export function proposedPattern(pageUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const segments = url.pathname.split('/');
  const first = segments[1];
  if (!first || looksLikeId(first)) return `${url.origin}/*`;
  // A page that is itself the first segment (`/crm.html`, `/inbox`): that address and the pages
  // below it, which a pattern without `*` means (see `urlMatches`).
  return segments.length > 2 ? `${url.origin}/${first}/*` : `${url.origin}/${first}`;
}

/** A path segment that names one item rather than a section: digits, a UUID or a long token. */
function looksLikeId(segment: string): boolean {
  return /^\d+$/.test(segment) || /^[0-9a-f-]{16,}$/i.test(segment) || (segment.length >= 24 && /\d/.test(segment));
}
