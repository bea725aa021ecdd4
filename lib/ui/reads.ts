import { getDb } from '../db';
import { findDuplicateCandidates, isDuplicateOf, isNewFlag } from '../incident/duplicates';
import { isDiscarded, needsAssessment } from '../incident/lifecycle';
import { newestDraft, newestRecords } from '../incident/queries';
import type { Incident } from '../incident/schema';
import type { ExportScope } from '../log/envelope';
import { buildExport, type ExportFormat } from '../log/export';
import { outboxSummary } from '../log/sync-view';
import { readSyncSecrets } from '../sync/secrets';
import { exportRegistry, listWorkflows } from '../workflows/store';

/**
 * Everything the extension pages read from the database, for their live queries. Pages only read:
 * the background is the only writer, and pages send it commands (`lib/messaging/client.ts`).
 * A lint rule keeps the database handle and the write modules out of `components/`.
 */

/** The newest records, newest first. */
export const recentRecords = () => newestRecords(getDb());

/** Every record, in no particular order. */
export const allRecords = () => getDb().incidents.toArray();

/** One record, or undefined. */
export const recordById = (id: string) => getDb().incidents.get(id);

/** The record the side panel shows: the chosen one, else the newest draft. */
export const shownRecord = (id: string | null | undefined) => (id ? recordById(id) : newestDraft(getDb()));

/** A stored screenshot row. */
export const screenshotById = (id: string) => getDb().screenshots.get(id);

/** Every workflow, by name. */
export const allWorkflows = () => listWorkflows(getDb());

/** The registry as a versioned file. */
export const registryFile = () => exportRegistry(getDb());

/** The outbox entries of one record. */
export const outboxOfRecord = (id: string) => getDb().outbox.where('id').equals(id).toArray();

/** Revisions the endpoint refused or disputes. */
export const outboxNeedingAttention = () => getDb().outbox.where('state').equals('attention').toArray();

/** How many records have a revision waiting in the outbox. */
export const unsyncedRecords = async () => (await getDb().outbox.orderBy('id').uniqueKeys()).length;

/** The saved sync token and signing secret, for the settings form. */
export const savedSyncSecrets = () => readSyncSecrets(getDb());

/** The outbox as the log's sync column needs it. */
export const logOutboxSummary = () => outboxSummary(getDb());

/** Builds an export file from the stored records and chain. */
export const exportRecords = (options: {
  scope: ExportScope;
  format: ExportFormat;
  filtered: readonly Incident[];
  extensionVersion: string;
  onProgress: (done: number, total: number) => void;
}) => buildExport(getDb(), options);

/** The newest draft, or null when there is none (undefined stays "still loading" for live queries). */
export const newestDraftOrNull = async () => (await newestDraft(getDb())) ?? null;

/**
 * The short lists of the "Current" view: the newest reports needing assessment and the newest
 * records, `limit` of each, discarded records left out, and how many records there are in all.
 */
export async function currentLists(limit = 5) {
  const db = getDb();
  const newest = () => db.incidents.orderBy('createdAt').reverse();
  const [waiting, recent, total] = await Promise.all([
    newest()
      .filter((r) => needsAssessment(r) && !isDiscarded(r))
      .limit(limit)
      .toArray(),
    newest()
      .filter((r) => !isDiscarded(r))
      .limit(limit)
      .toArray(),
    db.incidents.count(),
  ]);
  return { waiting, recent, total };
}

/**
 * The older open records a new flag looks like a duplicate of, oldest first; none for a record
 * that is not a new flag (lib/incident/duplicates.ts).
 */
export async function duplicateCandidates(record: Incident): Promise<Incident[]> {
  if (!isNewFlag(record)) return [];
  const older = await getDb()
    .incidents.where('createdAt')
    .below(record.createdAt)
    .filter((other) => isDuplicateOf(record, other))
    .toArray();
  return findDuplicateCandidates(record, older);
}

/** The records merged into `id` (through the `mergedInto` index), oldest flag first. */
export async function recordsMergedInto(id: string): Promise<Incident[]> {
  const merged = await getDb().incidents.where('mergedInto').equals(id).toArray();
  return merged.sort((a, b) => a.timeline.detectedAt.localeCompare(b.timeline.detectedAt) || a.id.localeCompare(b.id));
}
