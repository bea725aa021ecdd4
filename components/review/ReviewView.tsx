import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { computeReview, reviewFileName, reviewToJson, type Review } from '@/lib/review/compute';
import { reviewCsvFileName, reviewToCsv } from '@/lib/review/csv';
import { parseQuarter, quarterLabel, quarterOf, recentQuarters } from '@/lib/review/quarter';
import { downloadBlob } from '@/lib/ui/download';
import { formatTime } from '@/lib/ui/format';
import { usePanelStore } from '@/lib/ui/panel-store';
import { allRecords } from '@/lib/ui/reads';
import { ReviewChart } from './ReviewChart';
import { ReviewFigures } from './ReviewFigures';
import { ReviewLists } from './ReviewLists';
import { causeLabel, kindLabel } from './labels';

/** The governance review of a quarter (docs/incident-model.md): figures, small charts, lists, JSON export. */
export function ReviewView() {
  const records = useLiveQuery(allRecords, []);
  // The quarter lives in the panel store: it survives a view switch and a reopened panel.
  const label = usePanelStore((state) => state.reviewQuarter) ?? quarterLabel(quarterOf(new Date()));
  const setLabel = usePanelStore((state) => state.setReviewQuarter);
  const review = useMemo(
    () => (records ? computeReview(records, parseQuarter(label) ?? quarterOf(new Date()), new Date()) : undefined),
    [records, label],
  );
  const flagged = useMemo(() => {
    const byId = new Map((records ?? []).map((r) => [r.id, r.evidence.output]));
    return (id: string) => byId.get(id);
  }, [records]);

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
      {!review ? (
        <p role="status" className="muted">
          Computing the review…
        </p>
      ) : (
        <div className="stack">
          <ReviewFigures review={review} />
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
