import { OVERDUE_KEYS, type Review } from '@/lib/review/compute';

/** Minutes as "45 min" or "3.5 h". */
function duration(minutes: number): string {
  return minutes < 120 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

/**
 * The quarter's headline figures (docs/incident-model.md, "Governance review"): counts, the median
 * time from detection to the containment time entered, open corrective actions, and how many of
 * the quarter's records are overdue now, by severity.
 */
export function ReviewFigures({ review }: { review: Review }) {
  const { counts, detectionToContainment: dtc, overdue } = review;
  return (
    <>
      <dl className="figures" aria-label="Quarter figures">
        <div>
          <dt>Incidents</dt>
          <dd>{counts.incidents}</dd>
        </div>
        <div>
          <dt>Near misses</dt>
          <dd>{counts.nearMisses}</dd>
        </div>
        <div>
          <dt>Not assessed</dt>
          <dd>{counts.unassessed}</dd>
        </div>
        <div>
          <dt>Median detection → containment</dt>
          <dd>
            {dtc.medianMinutes === null ? '—' : duration(dtc.medianMinutes)}
            <span className="small muted"> ({dtc.contained} contained)</span>
          </dd>
        </div>
        <div>
          <dt>Open corrective actions</dt>
          <dd>
            {review.openActions}
            <span className="small muted"> (in {review.openRemediation.length} records)</span>
          </dd>
        </div>
        <div>
          <dt>Overdue now</dt>
          <dd>{overdue.total}</dd>
        </div>
      </dl>
      <table className="chart">
        <caption>Overdue records now</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Overdue records</th>
          </tr>
        </thead>
        <tbody>
          {OVERDUE_KEYS.map((key) => (
            <tr key={key}>
              <th scope="row">{key === 'triage' ? 'In triage' : key}</th>
              <td>{overdue[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
