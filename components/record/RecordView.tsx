import { assess, type ClassOverride } from '@/lib/assessment/rules';
import type { Incident } from '@/lib/incident/schema';
import { statusLabel } from '@/lib/incident/lifecycle';
import { AssessmentForm } from '../assess/AssessmentForm';
import { EscalationCard } from '../assess/EscalationCard';
import { EvidenceCard } from './EvidenceCard';
import { HistoryList } from './HistoryList';
import { LifecycleTimeline } from './LifecycleTimeline';
import { SyncBadge } from '../sync/SyncBadge';
import { VerdictBadge } from '../assess/VerdictBadge';

/** One record: its evidence, then the assessment (a draft) or the response steps (a report). */
export function RecordView({ record }: { record: Incident }) {
  if (record.status === 'draft') {
    return (
      <>
        <EvidenceCard record={record} />
        <AssessmentForm key={record.id} record={record} />
      </>
    );
  }
  const stored = record.assessment;
  const override: ClassOverride | undefined = stored?.override;
  const result = stored ? assess(stored.answers, { override, workflow: record.workflow }) : undefined;
  return (
    <>
      <EvidenceCard record={record} />
      <section className="card stack" aria-labelledby="summary-heading">
        <div className="row spread">
          <h2 id="summary-heading">Assessment</h2>
          <span className="small muted">
            {statusLabel(record.status)} · revision {record.revision} <SyncBadge id={record.id} />
          </span>
        </div>
        {result && <VerdictBadge result={result} />}
        {record.whatHappened && <p className="quote">{record.whatHappened}</p>}
        {record.workflow && (
          <p className="small">
            <span className="muted">Workflow: </span>
            {record.workflow.name}
            {record.workflow.owner && <> · owner {record.workflow.owner}</>}
          </p>
        )}
        {stored?.firedRules && (
          <ul className="reasons small" aria-label="Why">
            {stored.firedRules.map((rule) => (
              <li key={rule.id}>{rule.reason}</li>
            ))}
          </ul>
        )}
      </section>
      {result && <EscalationCard escalation={result.escalation} done={record.containment?.done ?? []} />}
      <LifecycleTimeline record={record} />
      <HistoryList record={record} />
    </>
  );
}
