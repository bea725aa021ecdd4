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
 * The workflow a flag raised on `url` belongs to: the one whose matching pattern is the most
 * specific (longest), so `https://crm.example.com/accounts/*` wins over `https://crm.example.com/*`.
 */
export function matchWorkflow(workflows: readonly Workflow[], url: string): Workflow | undefined {
  let best: { workflow: Workflow; score: number } | undefined;
  for (const workflow of workflows) {
    for (const pattern of workflow.urlPatterns) {
      if (!urlMatches(pattern, url)) continue;
      const score = pattern.replace(/\*/g, '').length;
      if (!best || score > best.score) best = { workflow, score };
    }
  }
  return best?.workflow;
}
