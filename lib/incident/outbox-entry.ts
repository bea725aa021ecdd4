import { shareableRecord } from '../redaction/share';
import type { Incident } from './schema';

/**
 * An outbox entry: one record revision waiting for the sync endpoint. It holds the revision
 * itself, so an earlier revision is still delivered after a later edit. Entries leave the outbox
 * only when the endpoint acknowledges them.
 */
export interface OutboxEntry {
  /** `${id}:${revision}`: one entry per revision, so a retry never duplicates it. */
  key: string;
  id: string;
  revision: number;
  record: Incident;
  /** queued: waiting; leased: in a request until `leaseUntil`; attention: rejected by the server. */
  state: 'queued' | 'leased' | 'attention';
  attempts: number;
  /** Epoch ms before which no retry is made (backoff). */
  nextAttemptAt: number;
  leaseUntil?: number;
  /** Epoch ms when the lease was taken; a lease that starts in the future outlived a clock change. */
  leasedAt?: number;
  /** Batch that holds the lease, when leased. */
  batchId?: string;
  lastError?: string;
  /** Epoch ms when the current wait was set; a time in the future means the clock went back since. */
  lastAttemptAt?: number;
  /** Failures this revision may have caused (a 500, an unreadable answer): they shrink its batch. */
  strikes?: number;
  /** The endpoint holds this (id, revision) with another body: both hashes, for the reviewer. */
  conflict?: { storedHash: string; localHash: string };
  createdAt: string;
}

/**
 * A fresh outbox entry for a record revision, due now. It holds the revision as it may leave the
 * device (personal data masked, see `shareableRecord`): the sync request body is built from it.
 */
export function outboxEntry(record: Incident, now: Date, shared = shareableRecord(record)): OutboxEntry {
  return {
    key: `${record.id}:${record.revision}`,
    id: record.id,
    revision: record.revision,
    record: shared,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: now.getTime(),
    createdAt: now.toISOString(),
  };
}
