import type { FlaglineDb } from '../db';
import { enabledSitesItem, reporterItem } from '../settings/items';
import { readPolicy, watchPolicy, type Policy } from '../settings/policy';
import { normaliseOrigin } from '../settings/sites';
import { syncSettingsItem } from '../sync/settings';
import { WorkflowSchema } from '../workflows/schema';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the organisation's values over the user's: sync endpoint and automatic sync, enabled
 * sites, reporter identity and the workflows of the registry. Redaction level and screenshots are
 * read from the policy where they are used. Writes only what differs, so re-applying after every
 * local change settles at once.
 */
export async function applyPolicy(db: FlaglineDb, policy: Policy, now = new Date()): Promise<void> {
  if (policy.syncEndpoint !== undefined || policy.autoSync !== undefined) {
    const sync = await syncSettingsItem.getValue();
    const next = {
      ...sync,
      endpoint: policy.syncEndpoint ?? sync.endpoint,
      autoSync: policy.autoSync ?? sync.autoSync,
    };
    if (!same(sync, next)) await syncSettingsItem.setValue(next);
  }
  if (policy.enabledSites) {
    const sites = [
      ...new Set(
        policy.enabledSites.flatMap((site) => {
          const parsed = normaliseOrigin(site);
          return parsed.ok ? [parsed.origin] : [];
        }),
      ),
    ];
    if (!same(await enabledSitesItem.getValue(), sites)) await enabledSitesItem.setValue(sites);
  }
  if (policy.reporterName !== undefined || policy.reporterEmail !== undefined) {
    const person = await reporterItem.getValue();
    const next = { name: policy.reporterName ?? person.name, email: policy.reporterEmail ?? person.email };
    if (!same(person, next)) await reporterItem.setValue(next);
  }
  if (policy.workflowRegistry) {
    const existing = new Map((await db.workflows.toArray()).map((w) => [w.id, w]));
    for (const entry of policy.workflowRegistry) {
      const { updatedAt: _at, ...mine } = existing.get(entry.id) ?? { updatedAt: '' };
      if (same(mine, entry)) continue;
      await db.workflows.put(WorkflowSchema.parse({ ...entry, updatedAt: now.toISOString() }));
    }
  }
}

/** The ids of workflows the policy provides: shown locked in the registry. */
export function policyWorkflowIds(policy: Policy): Set<string> {
  return new Set((policy.workflowRegistry ?? []).map((w) => w.id));
}

/**
 * Applies the policy now, whenever it changes, and whenever the user's copy of a locked value
 * changes (an older page, another context): the policy always wins.
 */
export function setupPolicy(db: FlaglineDb): void {
  const apply = () =>
    void readPolicy()
      .then((policy) => applyPolicy(db, policy))
      .catch(() => undefined);
  apply();
  watchPolicy(apply);
  syncSettingsItem.watch(apply);
  enabledSitesItem.watch(apply);
  reporterItem.watch(apply);
}
