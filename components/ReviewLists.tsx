import type { Review } from '@/lib/review/compute';
import { usePanelStore } from '@/lib/ui/panel-store';

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
          {review.repeatedCauses.map((group) => (
            <li key={`${group.workflow}-${group.rootCause}`}>
              {group.workflow}: {causeLabel(group.rootCause)} × {group.count}
            </li>
          ))}
        </ul>
      )}
      <h3>Open remediation</h3>
      {review.openRemediation.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {review.openRemediation.map((item) => (
            <li key={item.id}>
              {link(item.id, `${item.workflow}${item.severity ? ` · ${item.severity}` : ''}`)}
              <span className="small muted"> detected {when(item.detectedAt)}</span>
              {item.actions && <span className="small"> · {item.actions}</span>}
            </li>
          ))}
        </ul>
      )}
      <h3>Workflows changed</h3>
      {review.workflowsChanged.length === 0 ? (
        none
      ) : (
        <ul className="plain">
          {review.workflowsChanged.map((item) => (
            <li key={item.workflow}>
              {item.workflow}: {item.changes.join('; ')}
            </li>
          ))}
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
          {review.policyCandidates.map((item) => (
            <li key={item.id}>
              {link(item.id, `${item.workflow}${item.severity ? ` · ${item.severity}` : ''}`)}
              <span className="small"> — {item.reasons.join('; ')}</span>
              <span className={`badge ${item.policyUpdated ? 'sync-synced' : ''}`}>
                {item.policyUpdated ? 'Policy updated' : 'Policy not yet updated'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
