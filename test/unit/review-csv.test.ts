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
  const records = sampleRecords(30);
  const review = computeReview(records, parseQuarter('2026-Q1')!);
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
    expect(remediation.length).toBeGreaterThan(10);
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
