import type { Escalation } from '@/lib/assessment/escalation';

/** Who must be told and by when, and the containment checklist. */
export function EscalationCard({
  escalation,
  done,
  onToggle,
  fallbackProcess,
}: {
  escalation: Escalation;
  done: readonly string[];
  onToggle?: (id: string, checked: boolean) => void;
  fallbackProcess?: string;
}) {
  return (
    <section className="card stack" aria-labelledby="escalation-heading">
      <h3 id="escalation-heading">
        Escalate within {escalation.within} ({escalation.severity})
      </h3>
      <div>
        <h4 className="small muted">Tell</h4>
        <ul className="plain" aria-label="Who must be told">
          {escalation.notify.map((entry) => (
            <li key={`${entry.who}-${entry.why}`}>
              <strong>{entry.who}</strong> <span className="small muted">({entry.why})</span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h4 className="small muted">Contain</h4>
        {escalation.containment.length === 0 ? (
          <p className="small">No containment needed: normal quality tracking.</p>
        ) : (
          <ul className="plain" aria-label="Containment checklist">
            {escalation.containment.map((step) => (
              <li key={step.id}>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={done.includes(step.id)}
                    disabled={!onToggle}
                    onChange={(event) => onToggle?.(step.id, event.target.checked)}
                  />
                  {step.text}
                </label>
              </li>
            ))}
          </ul>
        )}
        {fallbackProcess && (
          <p className="small">
            <span className="muted">Fallback process: </span>
            {fallbackProcess}
          </p>
        )}
      </div>
      {escalation.failedControls.length > 0 && (
        <p className="small">
          <span className="muted">Failed control: </span>
          {escalation.failedControls.join(', ')}
        </p>
      )}
    </section>
  );
}
