import type { Severity } from '../assessment/rules';
import type { Incident, Status } from '../incident/schema';
import type { SyncState } from '../sync/state';

/** The log's filters. Empty strings mean "any". Dates are `YYYY-MM-DD`, compared with detection time. */
export interface LogFilter {
  text: string;
  recordClass: '' | 'incident' | 'near-miss' | 'unassessed';
  severity: '' | Severity;
  status: '' | Status;
  workflow: string;
  sync: '' | SyncState;
  from: string;
  to: string;
}

/** No filter: every record. */
export const EMPTY_FILTER: LogFilter = {
  text: '',
  recordClass: '',
  severity: '',
  status: '',
  workflow: '',
  sync: '',
  from: '',
  to: '',
};

/** The name a record's workflow is listed under; records without one share a label. */
export function workflowName(record: Pick<Incident, 'workflow'>): string {
  return record.workflow?.name || 'No workflow';
}

/**
 * The text a search looks through: what a reviewer would remember of a record. The team receiver
 * stores the same text per record, so a search there finds what it finds here.
 */
export function searchable(record: Incident): string {
  return [
    record.id,
    record.evidence.output,
    record.evidence.page.title,
    record.evidence.page.url,
    record.whatHappened,
    record.workflow?.name,
    record.workflow?.owner,
    record.reporter.name,
    record.reporter.email,
    record.diagnosis?.failedControl,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

/** Whether any filter is set. */
export function isFiltered(filter: LogFilter): boolean {
  return Object.values(filter).some((value) => value !== '');
}

/**
 * The records that pass every filter, in the order given. Search matches every word of the query,
 * case-insensitively, anywhere in the record's text fields (so "contoso renewal" finds both words).
 */
export function filterRecords(
  records: readonly Incident[],
  filter: LogFilter,
  syncOf: (id: string) => SyncState | undefined = () => undefined,
): Incident[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  // Date inputs give local calendar days; the "to" day is included whole.
  const from = filter.from ? new Date(`${filter.from}T00:00:00`).getTime() : -Infinity;
  const to = filter.to ? new Date(`${filter.to}T00:00:00`).getTime() + 86_400_000 : Infinity;
  return records.filter((record) => {
    const recordClass = record.assessment?.class ?? 'unassessed';
    if (filter.recordClass && recordClass !== filter.recordClass) return false;
    if (filter.severity && record.assessment?.severity !== filter.severity) return false;
    if (filter.status && record.status !== filter.status) return false;
    if (filter.workflow && workflowName(record) !== filter.workflow) return false;
    if (filter.sync && syncOf(record.id) !== filter.sync) return false;
    const detected = new Date(record.timeline.detectedAt).getTime();
    if (detected < from || detected >= to) return false;
    if (words.length) {
      const haystack = searchable(record);
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    return true;
  });
}

/** Newest first by creation time, the order of the log. */
export function newestFirst(records: readonly Incident[]): Incident[] {
  return [...records].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
