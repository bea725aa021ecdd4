import { usePolicy } from './usePolicy';

/**
 * What the organisation's policy sets, in one place at the top of Settings. Sync endpoint and
 * automatic sync are enforced by the background (it restores them after any change); the other
 * locked values are also shown, disabled, where they are set.
 */
export function PolicySummary() {
  const policy = usePolicy();
  if (!policy || Object.keys(policy).length === 0) return null;
  const lines: string[] = [];
  if (policy.syncEndpoint !== undefined) lines.push(`Sync endpoint: ${policy.syncEndpoint}`);
  if (policy.autoSync !== undefined) lines.push(`Automatic sync: ${policy.autoSync ? 'on' : 'off'}`);
  if (policy.redactionLevel !== undefined) lines.push(`Redaction level: ${policy.redactionLevel}`);
  if (policy.screenshotsAllowed !== undefined) {
    lines.push(`Screenshots: ${policy.screenshotsAllowed ? 'allowed' : 'not allowed'}`);
  }
  if (policy.enabledSites !== undefined) lines.push(`Enabled sites: ${policy.enabledSites.join(', ') || 'none'}`);
  if (policy.workflowRegistry !== undefined) {
    lines.push(`Workflow registry: ${policy.workflowRegistry.length} workflows provided`);
  }
  if (policy.reporterName !== undefined || policy.reporterEmail !== undefined) {
    lines.push(`Reporter: ${[policy.reporterName, policy.reporterEmail].filter(Boolean).join(', ')}`);
  }
  return (
    <section className="card stack" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Managed by your organisation</h2>
      <p className="small muted">
        These settings come from your organisation&apos;s policy and cannot be changed here.
      </p>
      <ul className="small" aria-label="Locked settings">
        {lines.map((line) => (
          <li key={line}>🔒 {line}</li>
        ))}
      </ul>
    </section>
  );
}
