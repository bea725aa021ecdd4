import { useState, type FormEvent } from 'react';
import { api, ApiError, errorText, listOf, type NewTarget as NewTargetBody, type TargetRow } from './api';
import { useLoad } from './useLoad';

/** The address a target posts to, as the receiver shows it (masked: the address is a credential). */
function addressOf(row: TargetRow): string {
  const config = (row.config ?? {}) as { url?: unknown; to?: unknown };
  if (typeof config.url === 'string') return config.url;
  if (Array.isArray(config.to)) return config.to.join(', ');
  return '';
}

/** Where the receiver sends notifications (admin only), and a form to add a webhook, Slack or Teams address. */
export function Targets() {
  // A receiver without notifications answers 404: nothing to list there.
  const targets = useLoad('targets', () =>
    api.targets().catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  const rows = targets.data && listOf(targets.data);
  return (
    <section className="card" aria-labelledby="targets-heading">
      <h2 id="targets-heading">Notification targets</h2>
      {targets.error && <p className="error">{targets.error}</p>}
      {targets.data === null && <p className="muted">This receiver does not send notifications.</p>}
      {rows && rows.length === 0 && <p className="muted">No targets yet: the receiver notifies nobody.</p>}
      {rows && rows.length > 0 && (
        <table className="plain-table" aria-label="Notification targets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Address</th>
              <th scope="col">Parties</th>
              <th scope="col">On</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td>{row.kind}</td>
                <td>
                  <code>{addressOf(row)}</code>
                </td>
                <td>
                  {Array.isArray(row.parties) && row.parties.length ? row.parties.join(', ') : 'Every notification'}
                </td>
                <td>{row.enabled ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {targets.data !== null && <NewTarget onCreated={targets.reload} />}
    </section>
  );
}

/** A webhook (with its signing secret), Slack or Teams address to notify, for every record or some parties. */
function NewTarget({ onCreated }: { onCreated: () => void }) {
  const [kind, setKind] = useState<NewTargetBody['kind']>('slack');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [parties, setParties] = useState('');
  const [status, setStatus] = useState({ ok: true, text: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !/^https?:\/\/\S+$/.test(url.trim())) {
      return setStatus({ ok: false, text: 'Give a name and an https:// address.' });
    }
    if (kind === 'webhook' && !secret.trim().startsWith('whsec_')) {
      return setStatus({ ok: false, text: 'A webhook needs its signing secret (whsec_…).' });
    }
    try {
      await api.createTarget({
        kind,
        name: name.trim(),
        config: kind === 'webhook' ? { url: url.trim(), secret: secret.trim() } : { url: url.trim() },
        parties: parties
          .split(',')
          .map((party) => party.trim())
          .filter(Boolean),
        enabled: true,
      });
      setName('');
      setUrl('');
      setSecret('');
      setParties('');
      setStatus({ ok: true, text: 'Target added.' });
      onCreated();
    } catch (error) {
      setStatus({ ok: false, text: errorText(error) });
    }
  };
  return (
    <>
      <h3>New target</h3>
      <form className="target-form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="target-kind">Kind</label>
          <select id="target-kind" value={kind} onChange={(e) => setKind(e.target.value as NewTargetBody['kind'])}>
            <option value="slack">Slack</option>
            <option value="teams">Microsoft Teams</option>
            <option value="webhook">Webhook (signed)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="target-name">Name</label>
          <input id="target-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field target-url">
          <label htmlFor="target-url">Address (https)</label>
          <input id="target-url" type="url" value={url} maxLength={2000} onChange={(e) => setUrl(e.target.value)} />
        </div>
        {kind === 'webhook' && (
          <div className="field">
            <label htmlFor="target-secret">Signing secret</label>
            <input
              id="target-secret"
              type="password"
              autoComplete="off"
              placeholder="whsec_…"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="target-parties">Only for parties (comma-separated; empty: every notification)</label>
          <input id="target-parties" value={parties} onChange={(e) => setParties(e.target.value)} />
        </div>
        <div className="field">
          <button type="submit">Add target</button>
        </div>
      </form>
      <p className={status.ok ? 'small ok-text' : 'error'} role="status" aria-live="polite">
        {status.text}
      </p>
    </>
  );
}
