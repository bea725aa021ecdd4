import { csvCell } from '../log/csv';
import { OVERDUE_KEYS, type Review, type Split } from './compute';

/** The columns of the review CSV: one row per figure, chart row and list item. */
const HEADER = ['section', 'name', 'incidents', 'nearMisses', 'value', 'recordId', 'flaggedText', 'detail'] as const;

type Row = Partial<Record<(typeof HEADER)[number], string | number | boolean | undefined>>;

/** The flagged text a record is known by, for a list item; empty when the record is not at hand. */
export type FlaggedText = (id: string) => string | undefined;

function chartRows(section: string, rows: readonly Split[]): Row[] {
  return rows.map((row) => ({ section, name: row.key, incidents: row.incidents, nearMisses: row.nearMisses }));
}

function figureRows(review: Review): Row[] {
  const { counts, detectionToContainment: dtc, overdue } = review;
  return [
    { section: 'figure', name: 'incidents', value: counts.incidents },
    { section: 'figure', name: 'near misses', value: counts.nearMisses },
    { section: 'figure', name: 'not assessed', value: counts.unassessed },
    { section: 'figure', name: 'declined or merged', value: counts.declinedOrMerged },
    { section: 'figure', name: 'median minutes detection to containment', value: dtc.medianMinutes ?? '' },
    { section: 'figure', name: 'contained', value: dtc.contained },
    { section: 'figure', name: 'records with open remediation', value: review.openRemediation.length },
    { section: 'figure', name: 'open corrective actions', value: review.openActions },
    ...OVERDUE_KEYS.map((key) => ({
      section: 'overdue',
      name: key === 'triage' ? 'in triage' : key,
      value: overdue[key],
    })),
    { section: 'overdue', name: 'total', value: overdue.total, detail: `at ${review.computedAt}` },
  ];
}

function listRows(review: Review, flagged: FlaggedText): Row[] {
  const item = (section: string, name: string, id: string, detail?: string): Row => ({
    section,
    name,
    recordId: id,
    flaggedText: flagged(id) ?? '',
    detail,
  });
  return [
    ...review.repeatedCauses.flatMap((group) =>
      group.ids.map((id) => item('repeated cause', `${group.workflow}: ${group.rootCause}`, id, `× ${group.count}`)),
    ),
    // The value of an open-remediation row is how many of its actions are open.
    ...review.openRemediation.map((r) => ({
      ...item('open remediation', `${r.workflow}${r.severity ? ` · ${r.severity}` : ''}`, r.id, r.actions),
      value: r.openActions,
    })),
    ...review.workflowsChanged.flatMap((w) =>
      w.ids.map((id) => item('workflow changed', w.workflow, id, w.changes.join('; '))),
    ),
    ...review.policyCandidates.map((p) =>
      item(
        'policy candidate',
        `${p.workflow}${p.severity ? ` · ${p.severity}` : ''}`,
        p.id,
        `${p.reasons.join('; ')} (${p.policyUpdated ? 'policy updated' : 'policy not yet updated'})`,
      ),
    ),
  ];
}

/**
 * The review as one CSV table (RFC 4180, CRLF): the quarter's figures, each chart's rows, then
 * every item of every list with the record it names, so a spreadsheet can sort and count them.
 * Cells go through the export's `csvCell`, so page text never runs as a formula.
 */
export function reviewToCsv(review: Review, flagged: FlaggedText): string {
  const rows: Row[] = [
    ...figureRows(review),
    ...chartRows('by severity', review.bySeverity),
    ...chartRows('by workflow', review.byWorkflow),
    ...chartRows('by root cause', review.byRootCause),
    ...chartRows('by failure kind', review.byFailureKind),
    ...listRows(review, flagged),
  ];
  const lines = [
    HEADER.map((name) => csvCell(name)).join(','),
    ...rows.map((row) => HEADER.map((name) => csvCell(row[name])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** `flagline-review-2026-Q3.csv`. */
export function reviewCsvFileName(review: Pick<Review, 'quarter'>): string {
  return `flagline-review-${review.quarter}.csv`;
}
