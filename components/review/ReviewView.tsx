import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { computeReview, reviewFileName, reviewToJson, type Review } from '@/lib/review/compute';
import { reviewCsvFileName, reviewToCsv } from '@/lib/review/csv';
import { parseQuarter, quarterLabel, quarterOf, recentQuarters } from '@/lib/review/quarter';
import { downloadBlob } from '@/lib/ui/download';
import { formatTime } from '@/lib/ui/format';
import { usePanelStore } from '@/lib/ui/panel-store';
import { allRecords } from '@/lib/ui/reads';
import { FAILURE_KIND_LABELS, ROOT_CAUSE_LABELS } from '@/lib/incident/lifecycle-actions';
import { ReviewChart } from './ReviewChart';
import { ReviewLists } from './ReviewLists';

const CAUSE_LABELS: Record<string, string> = {
  ...ROOT_CAUSE_LABELS,
  undiagnosed: 'Not yet diagnosed',
  unrated: 'Not rated',
};
const causeLabel = (key: string) => CAUSE_LABELS[key] ?? key;
const KIND_LABELS: Record<string, string> = { ...FAILURE_KIND_LABELS, undiagnosed: 'Not yet diagnosed' };
const kindLabel = (key: string) => KIND_LABELS[key] ?? key;

/** Minutes as "45 min" or "3.5 h". */
function duration(minutes: number): string {
  return minutes < 120 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** The governance review of a quarter (docs/incident-model.md): figures, small charts, lists, JSON export. */
export function ReviewView() {
  const records = useLiveQuery(allRecords, []);
  // The quarter lives in the panel store: it survives a view switch and a reopened panel.
  const label = usePanelStore((state) => state.reviewQuarter) ?? quarterLabel(quarterOf(new Date()));
  const setLabel = usePanelStore((state) => state.setReviewQuarter);
  const review = useMemo(
    () => (records ? computeReview(records, parseQuarter(label) ?? quarterOf(new Date())) : undefined),
    [records, label],
  );
  const flagged = useMemo(() => {
    const byId = new Map((records ?? []).map((r) => [r.id, r.evidence.output]));
    return (id: string) => byId.get(id);
  }, [records]);
  const { counts, detectionToContainment: dtc } = review ?? {};

  return (
    <section className="card" aria-labelledby="review-heading">
      <div className="row spread review-head">
        <h2 id="review-heading">Governance review</h2>
        <ReviewExport review={review} flagged={flagged} />
      </div>
      <div className="field">
        <label htmlFor="review-quarter">Quarter (UTC)</label>
        <select id="review-quarter" value={label} onChange={(e) => setLabel(e.target.value)}>
          {recentQuarters(new Date()).map((q) => (
            <option key={quarterLabel(q)}>{quarterLabel(q)}</option>
          ))}
        </select>
      </div>
      {!review || !counts || !dtc ? (
        <p role="status" className="muted">
          Computing the review…
        </p>
      ) : (
        <div className="stack">
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
          </dl>
          <p className="small muted">In each chart the upper bar counts incidents, the lower near misses.</p>
          <ReviewChart caption="By severity" rows={review.bySeverity} label={causeLabel} />
          <ReviewChart caption="By workflow" rows={review.byWorkflow} />
          <ReviewChart caption="By root cause" rows={review.byRootCause} label={causeLabel} />
          <ReviewChart caption="By failure kind" rows={review.byFailureKind} label={kindLabel} />
          <ReviewLists review={review} causeLabel={causeLabel} when={formatTime} flagged={flagged} />
        </div>
      )}
    </section>
  );
}

/** The review's downloads: JSON (every field) and CSV (one table for a spreadsheet). */
function ReviewExport({ review, flagged }: { review?: Review; flagged: (id: string) => string | undefined }) {
  return (
    <div className="row">
      <button
        type="button"
        disabled={!review}
        onClick={() =>
          review && downloadBlob(new Blob([reviewToJson(review)], { type: 'application/json' }), reviewFileName(review))
        }
      >
        Export review JSON
      </button>
      <button
        type="button"
        disabled={!review}
        onClick={() =>
          review &&
          downloadBlob(new Blob([reviewToCsv(review, flagged)], { type: 'text/csv' }), reviewCsvFileName(review))
        }
      >
        Export review CSV
      </button>
    </div>
  );
}
