import type { Review } from '@/lib/review/compute';
import { usePanelStore } from '@/lib/ui/panel-store';

/** Lists stay short in a side panel; the review JSON holds every item. */
const SHOWN = 10;

/** The first items of a list and a line saying how many more the JSON export holds. */
function capped<T>(items: readonly T[]): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, SHOWN), more: Math.max(0, items.length - SHOWN) };
}

function More({ count }: { count: number }) {
  return count > 0 ? <li className="small muted">…and {count} more in the review JSON.</li> : null;
}

/** The review's lists: repeated causes, open remediation, workflows changed, policy candidates. */
export function ReviewLists({
  review,
  causeLabel,
  when,
}: {
  review: Review;
  causeLabel: (key: string) => string;
  when: (iso: string) => string;
}) {
  const open = usePanelStore((state) => state.open);
  const link = (id: string, text: string) => (
    <button type="button" className="link" onClick={() => open(id)}>
      {text}
    </button>
  );
  const none = <p className="small muted">None.</p>;
  return (
    <>
      <h3>Repeated causes</h3>
      {review.repeatedCauses.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {capped(review.repeatedCauses).shown.map((group) => (
            <li key={`${group.workflow}-${group.rootCause}`}>
              {group.workflow}: {causeLabel(group.rootCause)} × {group.count}
            </li>
          ))}
          <More count={capped(review.repeatedCauses).more} />
        </ul>
      )}
      <h3>Open remediation</h3>
      {review.openRemediation.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {capped(review.openRemediation).shown.map((item) => (
            <li key={item.id}>
              {link(item.id, `${item.workflow}${item.severity ? ` · ${item.severity}` : ''}`)}
              <span className="small muted"> detected {when(item.detectedAt)}</span>
              {item.actions && <span className="small"> · {item.actions}</span>}
            </li>
          ))}
          <More count={capped(review.openRemediation).more} />
        </ul>
      )}
      <h3>Workflows changed</h3>
      {review.workflowsChanged.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {capped(review.workflowsChanged).shown.map((item) => (
            <li key={item.workflow}>
              {item.workflow}: {item.changes.join('; ')}
            </li>
          ))}
          <More count={capped(review.workflowsChanged).more} />
        </ul>
      )}
      <h3>Incidents that should change the approved-use policy</h3>
      <p className="small muted">
        Incidents that are SEV1, exposed data, created an obligation, show permissions beyond approved use or a failed
        human review, or repeat a cause.
      </p>
      {review.policyCandidates.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {capped(review.policyCandidates).shown.map((item) => (
            <li key={item.id}>
              {link(item.id, `${item.workflow}${item.severity ? ` · ${item.severity}` : ''}`)}
              <span className="small"> — {item.reasons.join('; ')}</span>
              <span className={`badge ${item.policyUpdated ? 'sync-synced' : ''}`}>
                {item.policyUpdated ? 'Policy updated' : 'Policy not yet updated'}
              </span>
            </li>
          ))}
          <More count={capped(review.policyCandidates).more} />
        </ul>
      )}
    </>
  );
}
