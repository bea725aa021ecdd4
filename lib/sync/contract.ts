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

/** One record revision: the key the receiver stores by. */
export const RecordRefSchema = z.strictObject({ id: z.string().min(1).max(100), revision: z.int().min(1) });
export type RecordRef = z.infer<typeof RecordRefSchema>;

/**
 * The body of `POST <endpoint>`. An empty `records` array is a connection test: the receiver
 * checks credentials and signature and stores nothing.
 */
export const BatchSchema = z.strictObject({
  schemaVersion: z.literal(WIRE_SCHEMA_VERSION),
  batchId: z.uuid(),
  deviceId: z.uuid(),
  sentAt: z.iso.datetime({ offset: true }),
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

/**
 * The receiver's answer. With a 2xx, a record not listed as rejected counts as stored; a 2xx
 * without a body means all were stored. A 400 or 422 may carry `rejected` to name the records at
 * fault: the receiver then stored nothing of the batch.
 */
export const AckSchema = z.object({
  accepted: z.array(RecordRefSchema).optional(),
  duplicate: z.array(RecordRefSchema).optional(),
  rejected: z.array(RejectedSchema).optional(),
});
export type Ack = z.infer<typeof AckSchema>;

/** The key of a record revision, as the outbox spells it. */
export function refKey(ref: { id: string; revision: number }): string {
  return `${ref.id}:${ref.revision}`;
}
