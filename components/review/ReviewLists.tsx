import type { ReactNode } from 'react';
import type { Review } from '@/lib/review/compute';
import { usePanelStore } from '@/lib/ui/panel-store';
import { oneLine } from '@/lib/ui/text';

/** A review list, every item of it (the panel scrolls), or "None." when it is empty. */
function ReviewList<T>({
  label,
  items,
  keyOf,
  render,
}: {
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="small muted">None.</p>;
  return (
    <ul className="plain review-list" aria-label={label}>
      {items.map((item) => (
        <li key={keyOf(item)}>{render(item)}</li>
      ))}
    </ul>
  );
}

/** The review's lists: repeated causes, open remediation, workflows changed, policy candidates. */
export function ReviewLists({
  review,
  causeLabel,
  when,
  flagged,
}: {
  review: Review;
  causeLabel: (key: string) => string;
  when: (iso: string) => string;
  /** The flagged text of a record, which names it in the lists. */
  flagged: (id: string) => string | undefined;
}) {
  const open = usePanelStore((state) => state.open);
  // Each item is named by what was flagged, and opens its record.
  const link = (id: string) => (
    <button type="button" className="link record-link" onClick={() => open(id)}>
      “{oneLine(flagged(id) ?? id, 100)}”
    </button>
  );
  const links = (ids: readonly string[]) => (
    <ul className="plain nested">
      {ids.map((id) => (
        <li key={id}>{link(id)}</li>
      ))}
    </ul>
  );
  return (
    <>
      <h3>Repeated causes</h3>
      <ReviewList
        label="Repeated causes"
        items={review.repeatedCauses}
        keyOf={(group) => `${group.workflow}-${group.rootCause}`}
        render={(group) => (
          <>
            {group.workflow}: {causeLabel(group.rootCause)} × {group.count}
            {links(group.ids)}
          </>
        )}
      />
      <h3>Open remediation</h3>
      <ReviewList
        label="Open remediation"
        items={review.openRemediation}
        keyOf={(item) => item.id}
        render={(item) => (
          <>
            {link(item.id)}
            <span className="small muted">
              {' '}
              {item.workflow}
              {item.severity ? ` · ${item.severity}` : ''} · detected {when(item.detectedAt)}
            </span>
            <span className="small">
              {' '}
              · {item.openActions} open {item.openActions === 1 ? 'action' : 'actions'}: {item.actions}
            </span>
          </>
        )}
      />
      <h3>Workflows changed</h3>
      <ReviewList
        label="Workflows changed"
        items={review.workflowsChanged}
        keyOf={(item) => item.workflow}
        render={(item) => (
          <>
            {item.workflow}: {item.changes.join('; ')}
            {links(item.ids)}
          </>
        )}
      />
      <PolicyCandidates review={review} link={link} />
    </>
  );
}

/** Incidents that should change the approved-use policy, each with its reasons and whether it did. */
function PolicyCandidates({ review, link }: { review: Review; link: (id: string) => ReactNode }) {
  return (
    <>
      <h3>Incidents that should change the approved-use policy</h3>
      <p className="small muted">
        Incidents that are SEV1, exposed data, created an obligation, show permissions beyond approved use or a failed
        human review, or repeat a cause.
      </p>
      <ReviewList
        label="Policy candidates"
        items={review.policyCandidates}
        keyOf={(item) => item.id}
        render={(item) => (
          <>
            {link(item.id)}
            <span className="small">
              {' '}
              {item.workflow}
              {item.severity ? ` · ${item.severity}` : ''} — {item.reasons.join('; ')}
            </span>{' '}
            <span className={`badge ${item.policyUpdated ? 'badge-ok' : ''}`}>
              {item.policyUpdated ? 'Policy updated' : 'Policy not yet updated'}
            </span>
          </>
        )}
      />
    </>
  );
}
