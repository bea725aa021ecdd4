import { z } from 'zod';
import { StoredIncidentSchema, upgradeIncident } from '../incident/upgrade';
import { ChainLinkSchema, ExportFileSchema, type ExportFile } from './envelope';
import type { Pacer } from './pace';

/**
 * The smallest a record or chain link can be in a genuine file: a record has an id, three
 * timestamps, evidence with a 64-digit hash and a history entry; a link has three 64-digit
 * hashes. Well under the real sizes, so only files that cannot be exports are refused by it.
 */
export const MIN_RECORD_BYTES = 300;
export const MIN_LINK_BYTES = 200;

/** The export file with its records not yet looked at: they are checked one by one. */
const EnvelopeSchema = ExportFileSchema.extend({
  records: z.array(z.unknown()),
  chain: z.strictObject({ algorithm: z.literal('SHA-256'), links: z.array(z.unknown()) }),
});

/** How many problems a refusal lists: the first few say what is wrong; the rest only cost time. */
export const MAX_DETAILS = 5;

export type Validated = { ok: true; file: ExportFile } | { ok: false; message: string; details: string[] };

/** `records[3].evidence.page.url` from a Zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  return text || '(file)';
}

/** The first few validation issues, each with the path where it is, as a person reads them. */
export function describeIssues(error: z.ZodError, max = MAX_DETAILS): string[] {
  const lines = error.issues.slice(0, max).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more.`);
  return lines;
}

/**
 * Counts before it validates: a file that holds more records or links than its size allows, or
 * not the number it declares, is refused before any record or link is read.
 */
function countProblem(value: unknown, bytes: number): string | undefined {
  const file = value as { count?: unknown; records?: unknown; chain?: { links?: unknown } };
  const records = Array.isArray(file.records) ? file.records.length : 0;
  const links = Array.isArray(file.chain?.links) ? file.chain.links.length : 0;
  if (records * MIN_RECORD_BYTES + links * MIN_LINK_BYTES > bytes) {
    return `The file holds ${records} records and ${links} chain links, more than ${bytes} bytes can: they cannot be Flagline records.`;
  }
  if (typeof file.count === 'number' && records !== file.count) {
    return `The file says ${file.count} records but holds ${records}.`;
  }
  if (links < records) return `The file holds ${records} records but only ${links} chain links; every record has one.`;
  return undefined;
}

/**
 * Validates a parsed export against the schema: the envelope first, then the count, then each
 * record on its own, stopping at the first few problems, and pausing whenever `pace` says so.
 */
export async function validateExport(value: unknown, bytes: number, pace: Pacer): Promise<Validated> {
  const schemaRefusal = (details: string[]) => ({
    ok: false as const,
    message: 'The file does not match the export schema.',
    details,
  });
  const counted = countProblem(value, bytes);
  if (counted) return { ok: false, message: 'The file is not a whole Flagline export.', details: [counted] };
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success) return schemaRefusal(describeIssues(envelope.error));

  const details: string[] = [];
  // A file exported before today's record schema holds older records: they are read as written and
  // take today's shape at the same revision, as this device's own records did (lib/db.ts, v7).
  const stored = await eachValid(envelope.data.records, StoredIncidentSchema, ['records'], details, pace);
  const records = stored.map(upgradeIncident);
  const links = await eachValid(envelope.data.chain.links, ChainLinkSchema, ['chain', 'links'], details, pace);
  if (details.length) return schemaRefusal(details);
  return { ok: true, file: { ...envelope.data, records, chain: { ...envelope.data.chain, links } } };
}

/**
 * Parses each item on its own, adding the problems to `details` until there are enough: a broken
 * file is refused after its first few problems, not after every item was looked at.
 */
async function eachValid<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
  at: readonly PropertyKey[],
  details: string[],
  pace: Pacer,
): Promise<T[]> {
  const valid: T[] = [];
  for (const [index, raw] of items.entries()) {
    if (details.length >= MAX_DETAILS) break;
    if (pace.due()) await pace.pause();
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      valid.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues.slice(0, MAX_DETAILS - details.length)) {
      details.push(`${formatPath([...at, index, ...issue.path])}: ${issue.message}`);
    }
    if (details.length >= MAX_DETAILS && index < items.length - 1) details.push('…checking stopped there.');
  }
  return valid;
}
