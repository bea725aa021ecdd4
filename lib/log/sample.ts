import { SEVERITIES } from '../assessment/rules';
import { INCIDENT_SCHEMA_VERSION, RootCauseSchema, type Incident } from '../incident/schema';
import { canonicalJson } from '../integrity/canonical-json';
import { sha256Hex } from '../integrity/sha256';

const WORKFLOWS = [
  { name: 'CRM account summaries', owner: 'Dana Reyes' },
  { name: 'Support ticket answers', owner: 'Sam Okafor' },
  { name: 'Invoice approvals', owner: 'Lee Park' },
] as const;
const CAUSES = RootCauseSchema.options;

/**
 * A deterministic, schema-valid record for load tests and demos: record `index` of a set, detected
 * `index` hours after `start`. Fields vary with the index so filters and the review have work.
 * The id is a fixed-form UUID from the index, so the same index always gives the same record.
 */
export function sampleRecord(index: number, start = Date.UTC(2026, 0, 1)): Incident {
  const detected = new Date(start + index * 3_600_000).toISOString();
  const contained = new Date(start + index * 3_600_000 + ((index % 5) + 1) * 900_000).toISOString();
  const workflow = WORKFLOWS[index % WORKFLOWS.length]!;
  const severity = SEVERITIES[index % SEVERITIES.length]!;
  const id = `0190f000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
  const unhashed = {
    output: `Sample AI output ${index}: the summary names customer ${index % 97}.`,
    source: 'manual' as const,
    trigger: 'manual' as const,
    selectors: [],
    page: { url: `https://crm.example.com/accounts/${index}`, title: `Account ${index}`, capturedAt: detected },
  };
  return {
    schemaVersion: INCIDENT_SCHEMA_VERSION,
    id,
    revision: 1,
    createdAt: detected,
    updatedAt: detected,
    status: index % 2 ? 'contained' : 'reported',
    workflow: { ...workflow },
    timeline: { detectedAt: detected, reportedAt: detected },
    reporter: { name: `Reviewer ${index % 7}` },
    evidence: { ...unhashed, hash: { algorithm: 'SHA-256', value: sha256Hex(canonicalJson(unhashed)) } },
    whatHappened: `Record ${index} of a generated set.`,
    assessment: {
      answers: { leftCompany: index % 3 ? 'no' : 'yes', exposedData: 'no', actedUpon: 'no' },
      class: index % 3 ? 'near-miss' : 'incident',
      severity,
      provisional: false,
    },
    diagnosis: { rootCause: CAUSES[index % CAUSES.length] },
    steps: {
      reported: { completedAt: detected, by: 'Generator' },
      ...(index % 2 ? { contained: { completedAt: contained, by: 'Generator' } } : {}),
    },
    history: [{ at: detected, by: 'Generator', revision: 1, action: 'Generated' }],
  };
}

/** `count` sample records, newest last. */
export function sampleRecords(count: number, start?: number): Incident[] {
  return Array.from({ length: count }, (_, index) => sampleRecord(index, start));
}
