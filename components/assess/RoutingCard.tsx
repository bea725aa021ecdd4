import { useId, useState, type FormEvent } from 'react';
import { TOLD_CHANNELS, type Incident, type Party, type Routing, type Told } from '@/lib/incident/schema';
import { DueLine } from '../record/DueLine';
import { useRecordAction } from '../record/useRecordAction';
import { FormAlert } from '../ui/FormParts';

type Channel = Told['how'];

/** The channels as the "How" select offers them. */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  email: 'E-mail',
  chat: 'Chat',
  phone: 'Phone',
  ticket: 'Ticket',
};

/** "14:05" today, else the date and time. */
function toldTime(iso: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  return sameDay ? time : `${at.toLocaleDateString(undefined, { dateStyle: 'medium' })} ${time}`;
}

/** "Told by e-mail at 14:05 · ref MSG-7". */
export function toldWords(told: Told): string {
  const how = told.how === 'email' ? 'e-mail' : told.how;
  return `Told by ${how} at ${toldTime(told.at)}${told.reference ? ` · ref ${told.reference}` : ''}`;
}

/**
 * The routing stored with the record's latest assessment (docs/incident-model.md, "Escalation"):
 * by when, who must be told (each marked as told, how and with which reference), what to contain
 * and which control failed. It shows what was routed, not a recomputation.
 */
export function RoutingCard({ record, routing }: { record: Incident; routing: Routing }) {
  const done = record.containment?.done ?? [];
  return (
    <section className="card stack" aria-labelledby="routing-heading">
      <h3 id="routing-heading">
        Escalate within {routing.within} ({routing.severity})
      </h3>
      <DueLine record={record} />
      <div>
        <h4 className="small muted">Tell</h4>
        <ul className="plain stack" aria-label="Who must be told">
          {routing.parties.map((party) => (
            <li key={party.who}>
              <PartyRow id={record.id} party={party} />
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h4 className="small muted">Contain</h4>
        {routing.containment.length === 0 ? (
          <p className="small">No containment needed: normal quality tracking.</p>
        ) : (
          <ul className="plain" aria-label="What to contain">
            {routing.containment.map((step) => (
              <li key={step.id} className="small">
                {done.includes(step.id) ? '✓ ' : '○ '}
                {step.text}
                <span className="sr-only">{done.includes(step.id) ? ' (done)' : ' (not done)'}</span>
              </li>
            ))}
          </ul>
        )}
        {routing.containment.length > 0 && (
          <p className="small muted">Tick each step in the Contain step once it is done.</p>
        )}
        {record.workflow?.fallbackProcess && (
          <p className="small">
            <span className="muted">Fallback process: </span>
            {record.workflow.fallbackProcess}
          </p>
        )}
      </div>
      {routing.failedControls.length > 0 && (
        <p className="small">
          <span className="muted">Failed control: </span>
          {routing.failedControls.join(', ')}
        </p>
      )}
    </section>
  );
}

/** One party: who and why, then either a small "Mark as told" form or how they were told, with Undo. */
function PartyRow({ id, party }: { id: string; party: Party }) {
  const action = useRecordAction();
  const undo = () =>
    void action.run({ type: 'ui-bg:mark-told', id, who: party.who, told: null }, 'Marked as not told.');
  return (
    <fieldset className="stack party">
      <legend>
        <strong>{party.who}</strong> <span className="small muted">({party.why})</span>
      </legend>
      {party.told ? (
        <p className="row small">
          <span className="badge badge-ok">{toldWords(party.told)}</span>
          <button type="button" onClick={undo} aria-disabled={action.pending || undefined}>
            Undo
          </button>
        </p>
      ) : (
        <TellForm id={id} who={party.who} action={action} />
      )}
      <FormAlert message={action.error} />
    </fieldset>
  );
}

function TellForm({ id, who, action }: { id: string; who: string; action: ReturnType<typeof useRecordAction> }) {
  const [how, setHow] = useState<Channel>('email');
  const [reference, setReference] = useState('');
  const fieldId = useId();
  function mark(event: FormEvent) {
    event.preventDefault();
    const told = { how, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    void action.run({ type: 'ui-bg:mark-told', id, who, told }, 'Marked as told.');
  }
  return (
    <form className="row" onSubmit={mark} aria-label={`Mark ${who} as told`}>
      <div className="field">
        <label htmlFor={`${fieldId}-how`}>How</label>
        <select id={`${fieldId}-how`} value={how} onChange={(event) => setHow(event.target.value as Channel)}>
          {TOLD_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[channel]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${fieldId}-ref`}>Reference</label>
        <input
          id={`${fieldId}-ref`}
          value={reference}
          maxLength={400}
          onChange={(event) => setReference(event.target.value)}
        />
      </div>
      <button type="submit" aria-disabled={action.pending || undefined}>
        Mark as told
      </button>
    </form>
  );
}
