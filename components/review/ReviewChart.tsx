import type { Split } from '@/lib/review/compute';

/**
 * A small bar chart as a table: the numbers are text a screen reader reads and a reviewer can
 * copy; the bars are decoration beside them (aria-hidden), scaled to the largest row.
 */
export function ReviewChart({
  caption,
  rows,
  label = (key) => key,
}: {
  caption: string;
  rows: readonly Split[];
  label?: (key: string) => string;
}) {
  const max = Math.max(1, ...rows.map((row) => row.incidents + row.nearMisses));
  return (
    <table className="chart">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Incidents</th>
          <th scope="col">Near misses</th>
          <th scope="col">
            <span className="sr-only">Bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{label(row.key)}</th>
            <td>{row.incidents}</td>
            <td>{row.nearMisses}</td>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar bar-incident" style={{ width: `${(row.incidents / max) * 100}%` }} />
              <span className="bar bar-near-miss" style={{ width: `${(row.nearMisses / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
