import { z } from 'zod';
import { IncidentSchema } from '../incident/schema';

/** What an incident export file declares itself to be. */
export const EXPORT_KIND = 'flagline-incidents';
/** Version of the export file shape. Raise it with a reader for the old one, never in place. */
export const EXPORT_SCHEMA_VERSION = 1;
/** Files this large or larger are refused before they are read as JSON. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Deepest nesting a genuine export reaches is about 6; anything past this is hostile. */
export const MAX_DEPTH = 32;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One link header of the exporting device's hash chain (see `lib/integrity/chain.ts`). */
export const ChainLinkSchema = z.strictObject({
  seq: z.int().min(1),
  id: z.string().min(1).max(100),
  revision: z.int().min(1),
  recordHash: hex64,
  prevHash: hex64,
  hash: hex64,
  at: z.iso.datetime({ offset: true }),
});

/** Which records an export holds. */
export const ExportScopeSchema = z.enum(['queued', 'all', 'filter']);
export type ExportScope = z.infer<typeof ExportScopeSchema>;

/**
 * The export file, schema v1. `records` holds the latest stored revision of each exported record;
 * `chain.links` holds every link of the device's chain from its first, so the chain verifies even
 * when only some records are included. Nothing from extension storage (settings, tokens) is in it.
 */
export const ExportFileSchema = z.strictObject({
  kind: z.literal(EXPORT_KIND),
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  extensionVersion: z.string().max(50),
  scope: ExportScopeSchema,
  count: z.int().min(0),
  records: z.array(IncidentSchema),
  chain: z.strictObject({
    algorithm: z.literal('SHA-256'),
    links: z.array(ChainLinkSchema),
  }),
});
export type ExportFile = z.infer<typeof ExportFileSchema>;

/** The JSON Schema published for the export file (`docs/export.schema.json`), derived from Zod. */
export function exportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ExportFileSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://flagline.dev/schemas/export.schema.json',
    title: 'Flagline incident export',
  };
}
