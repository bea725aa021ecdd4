import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../../lib/log/sample';
import { computeReview } from '../../lib/review/compute';
import { reviewCsvFileName, reviewToCsv } from '../../lib/review/csv';
import { parseQuarter } from '../../lib/review/quarter';

/** Splits RFC 4180 text with every cell quoted (as `csvCell` writes it) into rows of cells. */
function parse(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

describe('review CSV', () => {
  // Every third generated record has one open and one done corrective action.
  const records = sampleRecords(30).map((r, i) =>
    i % 3
      ? r
      : {
          ...r,
          correction: {
            actions: [
              { id: `open-${i}`, what: `Fix ${i}`, status: 'open' as const },
              { id: `done-${i}`, what: `Fixed ${i}`, status: 'done' as const },
            ],
          },
        },
  );
  const review = computeReview(records, parseQuarter('2026-Q1')!, new Date('2026-04-01T00:00:00.000Z'));
  const flagged = (id: string) => records.find((r) => r.id === id)?.evidence.output;

  it('has a header, the figures, the chart rows and every list item with its flagged text', () => {
    const csv = reviewToCsv(review, flagged);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv);
    expect(rows[0]).toEqual([
      'section',
      'name',
      'incidents',
      'nearMisses',
      'value',
      'recordId',
      'flaggedText',
      'detail',
    ]);
    expect(rows).toContainEqual(['figure', 'incidents', '', '', '10', '', '', '']);
    expect(rows).toContainEqual(['figure', 'near misses', '', '', '20', '', '', '']);
    expect(rows).toContainEqual(['figure', 'records with open remediation', '', '', '10', '', '', '']);
    expect(rows).toContainEqual(['figure', 'open corrective actions', '', '', '10', '', '', '']);
    // Generated records carry no routing or triage time, so none is overdue.
    expect(rows.filter((r) => r[0] === 'overdue').map((r) => [r[1], r[4]])).toEqual([
      ['SEV1', '0'],
      ['SEV2', '0'],
      ['SEV3', '0'],
      ['SEV4', '0'],
      ['in triage', '0'],
      ['total', '0'],
    ]);
    expect(rows.filter((r) => r[0] === 'by severity').map((r) => r[1])).toEqual([
      'SEV1',
      'SEV2',
      'SEV3',
      'SEV4',
      'unrated',
    ]);
    const remediation = rows.filter((r) => r[0] === 'open remediation');
    // Not cut: every open item is a row, each naming its record by id and flagged text.
    expect(remediation).toHaveLength(review.openRemediation.length);
    expect(remediation).toHaveLength(10);
    expect(remediation[0]).toEqual([
      'open remediation',
      'CRM account summaries · SEV1',
      '',
      '',
      '1',
      records[0]!.id,
      'Sample AI output 0: the summary names customer 0.',
      'Fix 0',
    ]);
    for (const row of remediation) expect(row[6]).toBe(flagged(row[5]!));
    expect(rows.filter((r) => r[0] === 'policy candidate')).toHaveLength(review.policyCandidates.length);
  });

  it('keeps page text inert and inside its cell', () => {
    const csv = reviewToCsv(review, () => '=HYPERLINK("x"),\nsecond line');
    const row = parse(csv).find((r) => r[0] === 'open remediation')!;
    expect(row[6]).toBe('\'=HYPERLINK("x"),\nsecond line');
  });

  it('is named after the quarter', () => {
    expect(reviewCsvFileName(review)).toBe('flagline-review-2026-Q1.csv');
  });
});
