import type { ReactNode } from 'react';
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

/** A review list, capped, or "None." when it is empty. */
function CappedList<T>({
  items,
  keyOf,
  render,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="small muted">None.</p>;
  const { shown, more } = capped(items);
  return (
    <ul className="plain">
      {shown.map((item) => (
        <li key={keyOf(item)}>{render(item)}</li>
      ))}
      <More count={more} />
    </ul>
  );
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
  const link = (item: { id: string; workflow: string; severity?: string }) => (
    <button type="button" className="link" onClick={() => open(item.id)}>
      {`${item.workflow}${item.severity ? ` · ${item.severity}` : ''}`}
    </button>
  );
  return (
    <>
      <h3>Repeated causes</h3>
      <CappedList
        items={review.repeatedCauses}
        keyOf={(group) => `${group.workflow}-${group.rootCause}`}
        render={(group) => (
          <>
            {group.workflow}: {causeLabel(group.rootCause)} × {group.count}
          </>
        )}
      />
      <h3>Open remediation</h3>
      <CappedList
        items={review.openRemediation}
        keyOf={(item) => item.id}
        render={(item) => (
          <>
            {link(item)}
            <span className="small muted"> detected {when(item.detectedAt)}</span>
            {item.actions && <span className="small"> · {item.actions}</span>}
          </>
        )}
      />
      <h3>Workflows changed</h3>
      <CappedList
        items={review.workflowsChanged}
        keyOf={(item) => item.workflow}
        render={(item) => (
          <>
            {item.workflow}: {item.changes.join('; ')}
          </>
        )}
      />
      <h3>Incidents that should change the approved-use policy</h3>
      <p className="small muted">
        Incidents that are SEV1, exposed data, created an obligation, show permissions beyond approved use or a failed
        human review, or repeat a cause.
      </p>
      <CappedList
        items={review.policyCandidates}
        keyOf={(item) => item.id}
        render={(item) => (
          <>
            {link(item)}
            <span className="small"> — {item.reasons.join('; ')}</span>
            <span className={`badge ${item.policyUpdated ? 'sync-synced' : ''}`}>
              {item.policyUpdated ? 'Policy updated' : 'Policy not yet updated'}
            </span>
          </>
        )}
      />
    </>
  );
}
