import { z } from 'zod';
import { IncidentSchema } from '../incident/schema';

/**
 * The sync wire contract, shared by the extension and the reference receiver. The JSON Schema in
 * `receiver/schema/wire-contract.json` is generated from these schemas; a unit test keeps it current.
 */
export const WIRE_SCHEMA_VERSION = 1 as const;

/** At most this many records travel in one request. */
export const MAX_BATCH_RECORDS = 50;
/** At most this many bytes of JSON body travel in one request. */
export const MAX_BATCH_BYTES = 256 * 1024;
/** The signature timestamp tolerance of Standard Webhooks: outside it, the clocks disagree. */
export const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/** One record revision: the key the receiver stores by. */
export const RecordRefSchema = z.strictObject({ id: z.string().min(1).max(100), revision: z.int().min(1) });

/**
 * The body of `POST <endpoint>`. An empty `records` array is a connection test: the receiver
 * checks credentials and signature and stores nothing. `dryRun: true` asks the receiver to check
 * and answer for every record exactly as it would, and to store none of them ("Test connection").
 */
export const BatchSchema = z.strictObject({
  schemaVersion: z.literal(WIRE_SCHEMA_VERSION),
  batchId: z.uuid(),
  deviceId: z.uuid(),
  sentAt: z.iso.datetime({ offset: true }),
  dryRun: z.boolean().optional(),
  records: z.array(IncidentSchema).max(MAX_BATCH_RECORDS),
});
export type Batch = z.infer<typeof BatchSchema>;

/** A record the receiver refused, with a message for the reviewer. */
export const RejectedSchema = z.object({
  id: z.string().max(100),
  revision: z.int().min(1),
  code: z.string().max(100),
  message: z.string().max(2_000),
});
export type Rejected = z.infer<typeof RejectedSchema>;

/** A hash as the receiver compares bodies: SHA-256 over the record's canonical JSON, hex. */
const HashSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** A revision the receiver already holds with a different body: kept, not overwritten. */
export const ConflictSchema = z.object({
  id: z.string().max(100),
  revision: z.int().min(1),
  storedHash: HashSchema,
  sentHash: HashSchema,
});

/**
 * The receiver's answer. With a 2xx, every record sent is listed once: `accepted` (stored now),
 * `duplicate` (held already, same body), `conflict` (held already with another body) or
 * `rejected` (not stored). A record not listed is not stored. A 400 or 422 may carry `rejected`
 * to name the records at fault: the receiver then stored nothing of the batch. `dryRun` echoes a
 * dry run: nothing was stored, the lists say what would have happened.
 */
export const AckSchema = z.object({
  accepted: z.array(RecordRefSchema).optional(),
  duplicate: z.array(RecordRefSchema).optional(),
  conflict: z.array(ConflictSchema).optional(),
  rejected: z.array(RejectedSchema).optional(),
  dryRun: z.boolean().optional(),
});
export type Ack = z.infer<typeof AckSchema>;

/**
 * The error body of a non-2xx answer. `code` names causes the extension acts on:
 * `clock-skew` (the signature timestamp is outside the tolerance; `serverTime` says the
 * receiver's clock).
 */
export const ErrorBodySchema = z.object({
  error: z.string().max(2_000),
  code: z.string().max(100).optional(),
  serverTime: z.iso.datetime({ offset: true }).optional(),
});

/** The key of a record revision, as the outbox spells it. */
export function refKey(ref: { id: string; revision: number }): string {
  return `${ref.id}:${ref.revision}`;
}
