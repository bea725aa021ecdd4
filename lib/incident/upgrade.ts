/**
 * Records written by earlier versions of Flagline, and how they become today's shape. The local
 * database upgrades its records once (lib/db.ts); an import or the receiver meets older records
 * in files and batches, and reads them through `StoredIncidentSchema`. docs/incident-model.md,
 * "Record versions", lists what changed.
 */
import { z } from 'zod';
import { storableString } from '../capture/schema';
import { INCIDENT_SCHEMA_VERSION, IncidentSchema, type CorrectiveAction, type Incident } from './schema';

const text = (max = 4_000) => storableString().trim().max(max);

/**
 * Schema v1 as it shipped: corrective actions were one text and one "done" box; there was no
 * triage, stored routing, checklist, affected counts, containment time or effectiveness check.
 */
export const IncidentV1Schema = IncidentSchema.omit({ triage: true, routing: true, checklist: true }).extend({
  schemaVersion: z.literal(1),
  workflow: z.object({ id: z.string().max(100).optional(), name: text(200), owner: text(200).optional() }).optional(),
  affected: z.object({ users: text().optional(), records: text().optional() }).optional(),
  containment: z.object({ done: z.array(z.string().max(100)).max(50), notes: text().optional() }).optional(),
  correction: z.object({ actions: text().optional(), done: z.boolean().optional() }).optional(),
  learning: z
    .object({
      evaluationCases: text().optional(),
      policy: text().optional(),
      training: text().optional(),
      workflowDesign: text().optional(),
    })
    .optional(),
});
export type IncidentV1 = z.infer<typeof IncidentV1Schema>;

/** A record of any version this Flagline reads, as it was written (nothing upgraded yet). */
export const StoredIncidentSchema = z.discriminatedUnion('schemaVersion', [IncidentSchema, IncidentV1Schema]);
export type StoredIncident = z.infer<typeof StoredIncidentSchema>;

/** The id a v1 record's single corrective action gets: stable, so every device upgrades it alike. */
export const LEGACY_ACTION_ID = 'v1-actions';

/** A v1 record in the v2 shape, same revision: the one text of actions becomes one action. */
export function upgradeIncident(record: StoredIncident): Incident {
  if (record.schemaVersion === INCIDENT_SCHEMA_VERSION) return record as Incident;
  const { correction, ...rest } = record as IncidentV1;
  const actions: CorrectiveAction[] = correction?.actions
    ? [{ id: LEGACY_ACTION_ID, what: correction.actions, status: correction.done ? 'done' : 'open' }]
    : [];
  return {
    ...rest,
    schemaVersion: INCIDENT_SCHEMA_VERSION,
    ...(correction ? { correction: { actions } } : {}),
  } as Incident;
}

/** True when `record` was written before today's schema and must be upgraded before use. */
export function isOlderRecord(record: { schemaVersion: number }): boolean {
  return record.schemaVersion < INCIDENT_SCHEMA_VERSION;
}
