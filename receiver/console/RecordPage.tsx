import { useEffect, useId, useState } from 'react';
import { HistoryList } from '@/components/record/HistoryList';
import { recordStatusLabel } from '@/lib/incident/lifecycle';
import { formatTime } from '@/lib/ui/format';
import { oneLine } from '@/lib/ui/text';
import { api, errorText, type IncidentFile, type RevisionRef } from './api';
import { shortDevice } from './IncidentsPage';
import { ActionsCard, EvidenceSection, Fact, RoutingCard, StepsCard, VerdictCard, When } from './RecordParts';
import { TriagePanel } from './TriagePanel';

/** One incident file, read-only, with the team's triage beside it. */
export function RecordPage({ id, canTriage }: { id: string; canTriage: boolean }) {
  const [file, setFile] = useState<IncidentFile | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    api.incident(id).then(
      (loaded) => live && setFile(loaded),
      (caught: unknown) => live && setError(errorText(caught)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  if (error || !file) {
    return (
      <>
        <p>
          <a href="#/incidents">← Incidents</a>
        </p>
        <h1 tabIndex={-1}>Record</h1>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p role="status" className="muted">
            Loading…
          </p>
        )}
      </>
    );
  }
  const { record } = file;
  return (
    <>
      <p>
        <a href="#/incidents">← Incidents</a>
      </p>
      <h1 tabIndex={-1} className="record-title">
        {oneLine(record.evidence.output, 140) || 'Record'}
      </h1>
      <dl className="facts facts-inline">
        <Fact term="Status">{recordStatusLabel(record)}</Fact>
        <Fact term="Workflow">
          {record.workflow
            ? `${record.workflow.name}${record.workflow.owner ? ` (owner ${record.workflow.owner})` : ''}`
            : 'No workflow'}
        </Fact>
        <Fact term="Reporter">{record.reporter.name || record.reporter.email || 'Unnamed'}</Fact>
        <Fact term="Detected">
          <When iso={record.timeline.detectedAt} />
        </Fact>
        <Fact term="Revision">{String(record.revision)}</Fact>
        <Fact term="Record id">
          <code>{record.id}</code>
        </Fact>
      </dl>
      <div className="record-grid">
        <div>
          <VerdictCard record={record} />
          <RoutingCard record={record} />
          <TriagePanel
            id={record.id}
            triage={file.triage}
            canTriage={canTriage}
            onChange={(triage) => setFile({ ...file, triage })}
          />
        </div>
        <div>
          <EvidenceSection record={record} />
          <StepsCard record={record} />
          <ActionsCard record={record} />
        </div>
      </div>
      <HistoryList record={record} />
      <Revisions id={record.id} revisions={file.revisions} />
    </>
  );
}

/** Every revision the receiver holds, with the device that sent it; an older one opens as JSON text. */
function Revisions({ id, revisions }: { id: string; revisions: RevisionRef[] }) {
  const heading = useId();
  const [shown, setShown] = useState<{ revision: number; text: string } | undefined>();
  const [error, setError] = useState('');

  const view = async (revision: number) => {
    setError('');
    try {
      const { record } = await api.revision(id, revision);
      setShown({ revision, text: JSON.stringify(record, null, 2) });
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <section className="card" aria-labelledby={heading}>
      <h2 id={heading}>Revisions received</h2>
      <ol className="list" aria-label="Revisions">
        {revisions.map((rev) => (
          <li key={rev.revision} className="row spread revision-row">
            <span>
              rev {rev.revision} · device <span title={rev.deviceId}>{shortDevice(rev.deviceId)}</span> · received{' '}
              <time dateTime={rev.receivedAt}>{formatTime(rev.receivedAt)}</time>
            </span>
            <button
              type="button"
              aria-expanded={shown?.revision === rev.revision}
              onClick={() => (shown?.revision === rev.revision ? setShown(undefined) : void view(rev.revision))}
            >
              {shown?.revision === rev.revision ? 'Hide' : 'View'} JSON of rev {rev.revision}
            </button>
          </li>
        ))}
      </ol>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <pre className="revision-json" tabIndex={0} aria-label={`Revision ${shown.revision} as JSON`}>
          {shown.text}
        </pre>
      )}
    </section>
  );
}
