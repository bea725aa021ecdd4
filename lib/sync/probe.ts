import type { Incident } from '../incident/schema';
import { INCIDENT_SCHEMA_VERSION } from '../incident/schema';
import { sha256Hex } from '../integrity/sha256';
import { WIRE_SCHEMA_VERSION, type Batch } from './contract';

/**
 * The record "Test connection" sends in a dry run: valid, plainly a test, and never stored by a
 * receiver that honours `dryRun`. A fresh id each time, so it cannot collide with a real record.
 */
export function probeRecord(now: Date): Incident {
  const at = now.toISOString();
  const output = 'Flagline connection test: this record is not stored.';
  return {
    schemaVersion: INCIDENT_SCHEMA_VERSION,
    id: crypto.randomUUID(),
    revision: 1,
    createdAt: at,
    updatedAt: at,
    status: 'draft',
    timeline: { detectedAt: at },
    reporter: { name: 'Flagline connection test' },
    evidence: {
      output,
      source: 'manual',
      trigger: 'manual',
      selectors: [],
      page: { url: 'about:blank', title: 'Connection test', capturedAt: at },
      hash: { algorithm: 'SHA-256', value: sha256Hex(output) },
    },
    history: [{ at, by: 'Flagline', revision: 1, action: 'Connection test' }],
  };
}

/** A dry-run batch holding one probe record. */
export function probeBatch(deviceId: string, now: Date): Batch {
  return {
    schemaVersion: WIRE_SCHEMA_VERSION,
    batchId: crypto.randomUUID(),
    deviceId,
    sentAt: now.toISOString(),
    dryRun: true,
    records: [probeRecord(now)],
  };
}
