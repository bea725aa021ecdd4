import type { ReactNode } from 'react';
import { ReviewChart } from '@/components/review/ReviewChart';
import { ReviewFigures } from '@/components/review/ReviewFigures';
import type { Review } from '@/lib/review/compute';
import { quarterLabel, quarterOf, recentQuarters } from '@/lib/review/quarter';
import { formatTime } from '@/lib/ui/format';
import { api, query } from './api';
import { href, replaceHash } from './router';
import { useLoad } from './useLoad';
import { causeLabel, kindLabel } from '@/components/review/labels';

/** The governance review of a quarter over every device's records (docs/incident-model.md). */
export function ReviewPage({ params }: { params: URLSearchParams }) {
  const quarters = recentQuarters(new Date()).map(quarterLabel);
  const quarter = params.get('quarter') || quarterLabel(quarterOf(new Date()));
  const loaded = useLoad(quarter, () => api.review(quarter));
  const review = loaded.fresh ? loaded.data?.review : undefined;
  const error = loaded.error;

  return (
    <>
      <h1 tabIndex={-1}>Governance review</h1>
      <div className="row end review-controls">
        <div className="field">
          <label htmlFor="review-quarter">Quarter (UTC)</label>
          <select
            id="review-quarter"
            value={quarter}
            onChange={(e) => replaceHash(href('/review', new URLSearchParams({ quarter: e.target.value })))}
          >
            {(quarters.includes(quarter) ? quarters : [quarter, ...quarters]).map((label) => (
              <option key={label}>{label}</option>
            ))}
          </select>
        </div>
        <div className="field row">
          <a className="button" href={`/v1/review/export${query({ quarter, format: 'csv' })}`} download>
            Download CSV
          </a>
          <a className="button" href={`/v1/review/export${query({ quarter, format: 'json' })}`} download>
            Download JSON
          </a>
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!review && !error && (
        <p role="status" className="muted">
          Computing the review…
        </p>
      )}
      {review && <ReviewBody review={review} />}
    </>
  );
}

function ReviewBody({ review }: { review: Review }) {
  return (
    <div className="stack" aria-live="polite">
      <p className="small muted">
        {review.quarter}, computed <time dateTime={review.computedAt}>{formatTime(review.computedAt)}</time> from the
        latest revision of every record. Declined or merged: {review.counts.declinedOrMerged}.
      </p>
      <section className="card review-figures" aria-label="Figures">
        <ReviewFigures review={review} />
      </section>
      <section className="card review-charts" aria-label="Charts">
        <p className="small muted">In each chart the upper bar counts incidents, the lower near misses.</p>
        <ReviewChart caption="By severity" rows={review.bySeverity} label={causeLabel} />
        <ReviewChart caption="By workflow" rows={review.byWorkflow} />
        <ReviewChart caption="By root cause" rows={review.byRootCause} label={causeLabel} />
        <ReviewChart caption="By failure kind" rows={review.byFailureKind} label={kindLabel} />
      </section>
      <ReviewLists review={review} />
    </div>
  );
}

const recordLink = (id: string) => (
  <a href={href(`/incidents/${encodeURIComponent(id)}`)} title={id}>
    record {id.slice(-8)}
  </a>
);

function List<T>({ label, items, render }: { label: string; items: readonly T[]; render: (item: T) => ReactNode }) {
  if (items.length === 0) return <p className="small muted">None.</p>;
  return (
    <ul className="plain review-list" aria-label={label}>
      {items.map((item, index) => (
        <li key={index}>{render(item)}</li>
      ))}
    </ul>
  );
}

/** Policy candidates, open remediation and repeated causes, each record linked to its page. */
function ReviewLists({ review }: { review: Review }) {
  return (
    <section className="card" aria-labelledby="review-lists">
      <h2 id="review-lists">Follow-up</h2>
      <h3>Incidents that should change the approved-use policy</h3>
      <List
        label="Policy candidates"
        items={review.policyCandidates}
        render={(item) => (
          <>
            {recordLink(item.id)} · {item.workflow}
            {item.severity ? ` · ${item.severity}` : ''} — {item.reasons.join('; ')}{' '}
            <span className={`badge ${item.policyUpdated ? 'badge-ok' : ''}`}>
              {item.policyUpdated ? 'Policy updated' : 'Policy not yet updated'}
            </span>
          </>
        )}
      />
      <h3>Open remediation</h3>
      <List
        label="Open remediation"
        items={review.openRemediation}
        render={(item) => (
          <>
            {recordLink(item.id)} · {item.workflow}
            {item.severity ? ` · ${item.severity}` : ''} · detected {formatTime(item.detectedAt)} · {item.openActions}{' '}
            open: {item.actions}
          </>
        )}
      />
      <h3>Repeated causes</h3>
      <List
        label="Repeated causes"
        items={review.repeatedCauses}
        render={(group) => (
          <>
            {group.workflow}: {causeLabel(group.rootCause)} × {group.count} ({group.inQuarter} this quarter)
            <ul className="plain nested">
              {group.ids.map((id) => (
                <li key={id}>{recordLink(id)}</li>
              ))}
            </ul>
          </>
        )}
      />
    </section>
  );
}
