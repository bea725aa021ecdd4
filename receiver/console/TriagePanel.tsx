import { useId, useRef, useState, type FormEvent } from 'react';
import { formatTime } from '@/lib/ui/format';
import { api, errorText, type Triage, type TriageChange } from './api';

const DONE: Record<TriageChange['kind'], string> = {
  assign: 'Owner assigned.',
  acknowledge: 'Acknowledged.',
  note: 'Note added.',
};

/**
 * The team's triage of a record, kept by the receiver beside the record (never in it): who owns
 * it, who acknowledged it and when, and notes. Reviewers and admins change it here.
 */
export function TriagePanel({
  id,
  triage,
  canTriage,
  onChange,
}: {
  id: string;
  triage: Triage;
  canTriage: boolean;
  onChange: (triage: Triage) => void;
}) {
  const heading = useId();
  // The Acknowledge button goes once used; focus then moves to the panel's heading, not the page.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [owner, setOwner] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>({ ok: true, text: '' });

  const send = async (change: TriageChange, after?: () => void) => {
    setBusy(true);
    setResult({ ok: true, text: '' });
    try {
      onChange(await api.triage(id, change));
      after?.();
      setResult({ ok: true, text: DONE[change.kind] });
    } catch (error) {
      setResult({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (!owner.trim()) return setResult({ ok: false, text: 'Enter who owns this record.' });
    void send({ kind: 'assign', owner: owner.trim() }, () => setOwner(''));
  };
  const addNote = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return setResult({ ok: false, text: 'Write the note first.' });
    void send({ kind: 'note', text: note.trim() }, () => setNote(''));
  };
  const notes = triage.events.filter((event) => event.kind === 'note');

  return (
    <section className="card" aria-labelledby={heading}>
      <h2 id={heading} ref={headingRef} tabIndex={-1}>
        Triage
      </h2>
      <dl className="facts">
        <div>
          <dt>Owner</dt>
          <dd data-testid="triage-owner">{triage.assignedOwner ?? 'Not assigned'}</dd>
        </div>
        <div>
          <dt>Acknowledged</dt>
          <dd data-testid="triage-acknowledged">
            {triage.acknowledgedAt ? (
              <>
                by {triage.acknowledgedBy ?? 'someone'},{' '}
                <time dateTime={triage.acknowledgedAt}>{formatTime(triage.acknowledgedAt)}</time>
              </>
            ) : (
              'Not yet'
            )}
          </dd>
        </div>
      </dl>
      <h3>Notes</h3>
      {notes.length === 0 ? (
        <p className="small muted">No notes.</p>
      ) : (
        <ol className="list" aria-label="Triage notes">
          {notes.map((event, index) => (
            <li key={`${event.at}-${index}`} className="note">
              <div className="small muted">
                {event.by} · <time dateTime={event.at}>{formatTime(event.at)}</time>
              </div>
              <div className="pre-wrap">{event.value}</div>
            </li>
          ))}
        </ol>
      )}
      {canTriage && (
        <div className="stack triage-controls">
          <form className="row end" onSubmit={assign}>
            <div className="field grow">
              <label htmlFor={`${heading}-owner`}>Owner</label>
              <input
                id={`${heading}-owner`}
                value={owner}
                maxLength={200}
                placeholder={triage.assignedOwner ?? 'Name or team'}
                onChange={(event) => setOwner(event.target.value)}
              />
            </div>
            <button type="submit" disabled={busy}>
              Assign owner
            </button>
          </form>
          {!triage.acknowledgedAt && (
            <div>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void send({ kind: 'acknowledge' }, () => headingRef.current?.focus())}
              >
                Acknowledge
              </button>
            </div>
          )}
          <form onSubmit={addNote}>
            <div className="field">
              <label htmlFor={`${heading}-note`}>Note</label>
              <textarea
                id={`${heading}-note`}
                rows={3}
                maxLength={4000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
            </div>
            <button type="submit" disabled={busy}>
              Add note
            </button>
          </form>
        </div>
      )}
      <p className={result.ok ? 'small ok-text' : 'error'} role="status" aria-live="polite">
        {result.text}
      </p>
    </section>
  );
}
