import type { Workflow } from './schema';

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** True when a URL matches a registry pattern; a pattern without `*` matches that URL and below it. */
export function urlMatches(pattern: string, url: string): boolean {
  const effective = pattern.includes('*', pattern.indexOf('://') + 3) ? pattern : `${pattern.replace(/\/$/, '')}*`;
  return patternToRegExp(effective).test(url);
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
