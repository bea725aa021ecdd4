import { z } from 'zod';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { WorkflowSchema } from '../workflows/schema';

/**
 * What an organisation may set centrally, through `chrome.storage.managed` (Chrome and Edge
 * policies, Firefox's `3rdparty` policies). The keys match `public/managed_schema.json`; a value
 * set here wins over the user's and shows as locked in Settings. docs/admin.md shows deployment.
 */
export const RedactionLevelSchema = z.enum(['standard', 'strict']);
export type RedactionLevel = z.infer<typeof RedactionLevelSchema>;

const POLICY_FIELDS = {
  syncEndpoint: z.url({ protocol: /^https?$/ }).max(2_000),
  autoSync: z.boolean(),
  redactionLevel: RedactionLevelSchema,
  screenshotsAllowed: z.boolean(),
  enabledSites: z.array(z.string().max(500)).max(500),
  workflowRegistry: z.array(WorkflowSchema.omit({ updatedAt: true })).max(1_000),
  reporterName: z.string().trim().max(200),
  reporterEmail: z.email().max(320),
} as const;

export type PolicyKey = keyof typeof POLICY_FIELDS;
export type Policy = { [K in PolicyKey]?: z.output<(typeof POLICY_FIELDS)[K]> };
export const POLICY_KEYS = Object.keys(POLICY_FIELDS) as PolicyKey[];

/**
 * Validates each key on its own: one mistyped value in a policy file must not throw away the
 * rest of the organisation's settings. Unknown keys are ignored.
 */
export function parsePolicy(raw: unknown): { policy: Policy; problems: string[] } {
  const policy: Record<string, unknown> = {};
  const problems: string[] = [];
  if (raw === null || typeof raw !== 'object') return { policy, problems };
  for (const key of POLICY_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = POLICY_FIELDS[key].safeParse(value);
    if (parsed.success) policy[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { policy: policy as Policy, problems };
}

/**
 * The e2e build's stand-in for enterprise policy: Chromium reads managed storage only from
 * platform policy (files under /etc, the registry), which a browser test cannot set. Read only
 * in the e2e build; a production build never looks at this key.
 */
export const e2ePolicyItem = storage.defineItem<Record<string, unknown> | null>('local:e2eManagedPolicy', {
  fallback: null,
});

/** The organisation's policy, validated. Empty when none is set (Firefox rejects the read then). */
export async function readPolicy(): Promise<Policy> {
  let raw: unknown = {};
  try {
    raw = await browser.storage.managed.get();
  } catch {
    // Firefox: no managed storage manifest or no policy for this extension. Nothing is locked.
  }
  if (import.meta.env.MODE === 'e2e') {
    const injected = await e2ePolicyItem.getValue();
    if (injected) raw = { ...(raw as object), ...injected };
  }
  return parsePolicy(raw).policy;
}

/** Calls `onChange` when the policy (or the e2e stand-in) changes; returns the unsubscribe. */
export function watchPolicy(onChange: () => void): () => void {
  const listener = (_changes: unknown, area: string) => {
    if (area === 'managed') onChange();
  };
  browser.storage.onChanged.addListener(listener);
  const unwatch = import.meta.env.MODE === 'e2e' ? e2ePolicyItem.watch(onChange) : () => {};
  return () => {
    browser.storage.onChanged.removeListener(listener);
    unwatch();
  };
}
