import { originPattern } from '../shared/match-pattern';

/**
 * Enabled sites and the sync endpoint share host permissions: both ask for `proto//hostname/*`
 * (match patterns carry no port). Revoking one for the other's sake would break it, so these
 * decide which pattern, if any, may go.
 */

/** The host-permission pattern the sync endpoint needs, or none when sync is off. */
export function endpointPermission(endpoint: string): string | undefined {
  if (!endpoint.trim()) return undefined;
  try {
    return originPattern(new URL(endpoint.trim()).origin);
  } catch {
    return undefined;
  }
}

/** A site is removed: its pattern may be revoked unless the sync endpoint still needs it. */
export function sitePermissionToRevoke(site: string, endpoint: string): string | undefined {
  const pattern = originPattern(site);
  return pattern === endpointPermission(endpoint) ? undefined : pattern;
}

/**
 * The sync endpoint changed (or was cleared): the old endpoint's pattern may be revoked unless
 * the new endpoint or an enabled site still needs it.
 */
export function endpointPermissionToRevoke(
  before: string,
  after: string,
  enabledSites: readonly string[],
): string | undefined {
  const pattern = endpointPermission(before);
  if (!pattern || pattern === endpointPermission(after)) return undefined;
  return enabledSites.some((site) => originPattern(site) === pattern) ? undefined : pattern;
}
