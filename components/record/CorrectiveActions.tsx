import { useId, useState, type FormEvent } from 'react';
import { ACTION_STATUS_LABELS, localDate } from '@/lib/incident/corrective-actions';
import { ACTION_STATUSES, type CorrectiveAction, type Incident } from '@/lib/incident/schema';
import { FormAlert } from '../ui/FormParts';
import { useRecordAction } from './useRecordAction';

/**
 * The record's corrective actions: each with its owner, due date and status, changed one at a
 * time; and a form to add one. Works whether or not Correct is complete; each change is a revision.
 */
export function CorrectiveActions({ record, locked }: { record: Incident; locked: boolean }) {
  const actions = record.correction?.actions ?? [];
  return (
    <div className="stack">
      <h3>Corrective actions</h3>
      {actions.length === 0 ? (
        <p className="small muted">No corrective action yet. Add at least one to complete Correct.</p>
      ) : (
        <ul className="plain stack" aria-label="Corrective actions">
          {actions.map((action) => (
            <ActionItem key={action.id} recordId={record.id} action={action} locked={locked} />
          ))}
        </ul>
      )}
      {!locked && <AddAction recordId={record.id} />}
    </div>
  );
}

function AddAction({ recordId }: { recordId: string }) {
  const id = useId();
  const [what, setWhat] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const { pending, error, message, run } = useRecordAction();

  async function add(event: FormEvent) {
    event.preventDefault();
    const action = { what, ...(owner.trim() ? { owner } : {}), ...(dueOn ? { dueOn } : {}) };
    if (await run({ type: 'ui-bg:add-action', id: recordId, action }, 'Action added.')) {
      setWhat('');
      setOwner('');
      setDueOn('');
    }
  }

  return (
    <form onSubmit={(event) => void add(event)} aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} className="small">
        Add a corrective action
      </h4>
      <div className="field">
        <label htmlFor={`${id}-what`}>What will be done</label>
        <textarea id={`${id}-what`} rows={2} maxLength={1_000} value={what} onChange={(e) => setWhat(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <input id={`${id}-owner`} maxLength={200} value={owner} onChange={(e) => setOwner(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>Due date</label>
        <input id={`${id}-due`} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </div>
      <button type="submit" aria-disabled={pending || undefined}>
        Add action
      </button>
      <FormAlert message={error} />
      <p role="status" className="small muted" style={{ margin: '4px 0 0' }}>
        {message}
      </p>
    </form>
  );
}

function ActionItem({ recordId, action, locked }: { recordId: string; action: CorrectiveAction; locked: boolean }) {
  const id = useId();
  const [status, setStatus] = useState(action.status);
  const [reason, setReason] = useState(action.droppedReason ?? '');
  const [doneOn, setDoneOn] = useState(action.doneOn ?? '');
  const { pending, error, message, run } = useRecordAction();

  function save(event: FormEvent) {
    event.preventDefault();
    const change = {
      status,
      ...(status === 'dropped' ? { droppedReason: reason } : {}),
      ...(status === 'done' && doneOn ? { doneOn } : {}),
    };
    void run({ type: 'ui-bg:update-action', id: recordId, actionId: action.id, ...change }, 'Action saved.');
  }

  return (
    <li className="card" style={{ padding: 8 }}>
      <form onSubmit={save} aria-label={`Corrective action: ${action.what}`}>
        <p style={{ margin: 0 }}>
          <strong>{action.what}</strong> <span className="badge">{ACTION_STATUS_LABELS[action.status]}</span>
        </p>
        <p className="small muted" style={{ margin: '2px 0 4px' }}>
          Owner: {action.owner ?? 'not named'} · Due: {action.dueOn ?? 'no date'}
          {action.doneOn && <> · Done on {action.doneOn}</>}
          {action.droppedReason && <> · Dropped: {action.droppedReason}</>}
        </p>
        <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(e) => setStatus(e.target.value as CorrectiveAction['status'])}
            >
              {ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {ACTION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          {status === 'dropped' && (
            <div className="field">
              <label htmlFor={`${id}-reason`}>Reason for dropping</label>
              <textarea
                id={`${id}-reason`}
                rows={2}
                maxLength={1_000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
          )}
          {status === 'done' && (
            <div className="field">
              <label htmlFor={`${id}-done`}>Done on</label>
              <input
                id={`${id}-done`}
                type="date"
                value={doneOn || localDate(new Date())}
                onChange={(e) => setDoneOn(e.target.value)}
              />
            </div>
          )}
          <button type="submit" aria-disabled={pending || undefined}>
            Save action
          </button>
        </fieldset>
        <FormAlert message={error} />
        <p role="status" className="small muted" style={{ margin: '4px 0 0' }}>
          {message}
        </p>
      </form>
    </li>
  );
}
