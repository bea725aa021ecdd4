import { useId, type ReactNode } from 'react';
import { VerdictBadge } from '@/components/assess/VerdictBadge';
import { ACTION_STATUS_LABELS } from '@/lib/incident/corrective-actions';
import { STEP_INFO } from '@/lib/incident/lifecycle';
import { LIFECYCLE_STEPS, type Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { SeverityBadge } from './IncidentsPage';

/** A card with its own heading. */
export function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A term and its value, left out when there is no value. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export const When = ({ iso }: { iso: string | undefined }) =>
  iso ? <time dateTime={iso}>{formatTime(iso)}</time> : null;

/** The assessment: class, severity, and the rules that decided them. */
export function VerdictCard({ record }: { record: Incident }) {
  const assessment = record.assessment;
  return (
    <Card title="Verdict">
      {!assessment?.class ? (
        <p className="muted">Not assessed yet.</p>
      ) : (
        <>
          <p className="row">
            <span className={`badge class-${assessment.class}`}>
              {assessment.class === 'incident' ? 'Incident' : 'Near miss'}
            </span>
            <SeverityBadge severity={assessment.severity} />
            {assessment.provisional && <span className="badge provisional">Provisional</span>}
          </p>
          {assessment.severity && (
            <VerdictBadge
              answers={assessment.answers}
              result={{ class: assessment.class, severity: assessment.severity }}
            />
          )}
          {assessment.override && <p className="small">Class set by the reviewer: {assessment.override.reason}</p>}
          {assessment.firedRules && assessment.firedRules.length > 0 && (
            <>
              <h3>Reasons</h3>
              <ul className="reasons">
                {assessment.firedRules.map((rule) => (
                  <li key={rule.id}>{rule.reason}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** Who had to be told and whether they were, the containment steps, and when it is all due. */
export function RoutingCard({ record }: { record: Incident }) {
  const routing = record.routing;
  return (
    <Card title="Routing">
      {record.triage && (
        <p className="small">
          Triage due <When iso={record.triage.dueAt} />
          {record.triage.owner ? ` · assessor ${record.triage.owner}` : ''}
        </p>
      )}
      {!routing ? (
        <p className="muted">Not routed yet (routing follows the assessment).</p>
      ) : (
        <>
          <p>
            {routing.severity}: respond within {routing.within}, due <When iso={routing.dueAt} />
          </p>
          <h3>Parties</h3>
          <ul className="plain" aria-label="Parties to tell">
            {routing.parties.map((party) => (
              <li key={party.who}>
                <strong>{party.who}</strong> <span className="small muted">({party.why})</span> —{' '}
                {party.told ? (
                  <span>
                    told by {party.told.by} via {party.told.how}, <When iso={party.told.at} />
                    {party.told.reference ? ` (${party.told.reference})` : ''}
                  </span>
                ) : (
                  <span className="warn-text">not told yet</span>
                )}
              </li>
            ))}
          </ul>
          {routing.containment.length > 0 && (
            <>
              <h3>Containment</h3>
              <ul className="plain" aria-label="Containment steps">
                {routing.containment.map((step) => (
                  <li key={step.id}>
                    {record.containment?.done.includes(step.id) ? '✓ Done: ' : '○ Open: '}
                    {step.text}
                  </li>
                ))}
              </ul>
            </>
          )}
          {routing.failedControls.length > 0 && (
            <p className="small">Failed controls: {routing.failedControls.join('; ')}</p>
          )}
        </>
      )}
    </Card>
  );
}

/** Only web addresses become links; anything else (javascript:, data:) stays text. */
export function safeHttpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The evidence as captured: the quote as text, the page, selectors, hash, model and prompt. */
export function EvidenceSection({ record }: { record: Incident }) {
  const { evidence } = record;
  const link = safeHttpUrl(evidence.page.url);
  const title = evidence.page.title || evidence.page.url;
  return (
    <Card title="Evidence">
      <blockquote className="evidence-quote">
        <p className="quote">{evidence.output}</p>
      </blockquote>
      <dl className="facts">
        <Fact term="Page">
          {link ? (
            <a href={link} rel="noreferrer noopener" target="_blank">
              {title}
            </a>
          ) : (
            title
          )}
        </Fact>
        <Fact term="Address">{evidence.page.url}</Fact>
        <Fact term="Captured">
          <When iso={evidence.page.capturedAt} />
        </Fact>
        <Fact term="How">{`${evidence.source} (${evidence.trigger})`}</Fact>
        <Fact term="AI tool">{evidence.aiTool?.value}</Fact>
        <Fact term="Model">{evidence.model?.value}</Fact>
        <Fact term="Prompt">{evidence.prompt && <span className="pre-wrap">{evidence.prompt.value}</span>}</Fact>
        <Fact term="What happened">
          {record.whatHappened && <span className="pre-wrap">{record.whatHappened}</span>}
        </Fact>
        <Fact term="Impact">{record.impact?.description}</Fact>
        <Fact term="Evidence hash">
          <code>
            {evidence.hash.algorithm} {evidence.hash.value}
          </code>
        </Fact>
        <Fact term="Secrets masked">{evidence.redactions ? String(evidence.redactions) : undefined}</Fact>
      </dl>
      {evidence.selectors.length > 0 && (
        <>
          <h3>Selectors</h3>
          <ul className="plain small" aria-label="Selectors">
            {evidence.selectors.map((selector, index) => (
              <li key={index}>
                <code>{selector.type}</code>: <code>{selectorText(selector)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function selectorText(selector: Incident['evidence']['selectors'][number]): string {
  if (selector.type === 'CssSelector') return selector.value;
  if (selector.type === 'TextPositionSelector') return `${selector.start}–${selector.end}`;
  return JSON.stringify({ prefix: selector.prefix, exact: selector.exact, suffix: selector.suffix });
}

/** The eight response steps: done when and by whom, or still open. */
export function StepsCard({ record }: { record: Incident }) {
  return (
    <Card title="Response steps">
      <ol className="steps" aria-label="Response steps">
        {LIFECYCLE_STEPS.map((step) => {
          const done = record.steps?.[step];
          return (
            <li key={step} className={done ? 'step-done' : 'step-open'}>
              <strong>{STEP_INFO[step].title}</strong>{' '}
              <span className="small">
                {done ? (
                  <>
                    — done by {done.by}, <When iso={done.completedAt} />
                  </>
                ) : (
                  <span className="muted">— not done</span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

export function ActionsCard({ record }: { record: Incident }) {
  const actions = record.correction?.actions ?? [];
  return (
    <Card title="Corrective actions">
      {actions.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <ul className="plain" aria-label="Corrective actions">
          {actions.map((action) => (
            <li key={action.id}>
              <span className="badge">{ACTION_STATUS_LABELS[action.status]}</span> {action.what}
              <span className="small muted">
                {action.owner ? ` · ${action.owner}` : ''}
                {action.dueOn ? ` · due ${action.dueOn}` : ''}
                {action.doneOn ? ` · done ${action.doneOn}` : ''}
                {action.droppedReason ? ` · dropped: ${action.droppedReason}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {record.correction?.notes && <p className="pre-wrap small">{record.correction.notes}</p>}
    </Card>
  );
}
