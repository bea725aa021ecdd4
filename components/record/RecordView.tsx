import type { ClassOverride } from '@/lib/assessment/rules';
import { assess } from '@/lib/assessment/rules';
import type { Incident } from '@/lib/incident/schema';
import { recordStatusLabel } from '@/lib/incident/lifecycle';
import { AssessmentForm } from '../assess/AssessmentForm';
import { AssessLater } from '../assess/AssessLater';
import { VerdictSummary } from '../assess/AssessmentParts';
import { EscalationCard } from '../assess/EscalationCard';
import { RoutingCard } from '../assess/RoutingCard';
import { DueLine } from './DueLine';
import { EvidenceCard } from './EvidenceCard';
import { HistoryList } from './HistoryList';
import { LifecycleTimeline } from './LifecycleTimeline';
import { useSaveNotice } from './save-notice';
import { SyncBadge } from '../sync/SyncBadge';
import { DuplicateOffer } from './DuplicateOffer';
import { DuplicatesList } from './DuplicatesList';

/** One record: its evidence, then the report form (a draft) or the assessment and response steps. */
export function RecordView({ record }: { record: Incident }) {
  if (record.status === 'draft') {
    return (
      <>
        <EvidenceCard record={record} />
        <DuplicateOffer key={record.id} record={record} />
        <DuplicatesList record={record} />
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
      <DuplicateOffer key={record.id} record={record} />
      <DuplicatesList record={record} />
      <section className="card stack" aria-labelledby="summary-heading">
        <div className="row spread">
          <h2 id="summary-heading">Assessment</h2>
          <span className="small muted">
            {recordStatusLabel(record)} · revision {record.revision} <SyncBadge id={record.id} />
          </span>
        </div>
        <SaveNotice id={record.id} />
        {stored && result ? (
          <VerdictSummary answers={stored.answers} result={result} />
        ) : (
          <p className="small">
            <span className="badge needs-assessment">Needs assessment</span> Nobody has answered the questions yet, so
            there is no class or severity.
          </p>
        )}
        {!stored && <DueLine record={record} />}
        {record.whatHappened && (
          <div>
            <h3 className="small muted">What is wrong</h3>
            <p className="quote">{record.whatHappened}</p>
          </div>
        )}
        <WorkflowLine record={record} />
        {record.status !== 'declined' && record.status !== 'merged' && <AssessLater key={record.id} record={record} />}
      </section>
      {record.routing ? (
        <RoutingCard record={record} routing={record.routing} />
      ) : (
        result && <EscalationCard escalation={result.escalation} done={record.containment?.done ?? []} />
      )}
      <LifecycleTimeline record={record} />
      <HistoryList record={record} />
    </>
  );
}

/** The record's workflow and owner, or who routes it when nobody knew the workflow. */
function WorkflowLine({ record }: { record: Incident }) {
  if (!record.workflow) {
    return <p className="small">No workflow chosen yet: a reviewer will find it and route this report.</p>;
  }
  return (
    <p className="small">
      <span className="muted">Workflow: </span>
      {record.workflow.name}
      {record.workflow.owner && <> · owner {record.workflow.owner}</>}
    </p>
  );
}

/** What the last save of this record said, and what comes next. */
function SaveNotice({ id }: { id: string }) {
  const notice = useSaveNotice();
  return (
    <p role="status" className="small" aria-label="Saved">
      {notice.recordId === id ? notice.text : ''}
    </p>
  );
}
