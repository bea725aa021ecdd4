import { useState, type FormEvent } from 'react';
import { formatTime } from '@/lib/ui/format';
import { api, errorText, listOf, type TokenRow } from './api';
import { Targets } from './Targets';
import { useLoad } from './useLoad';

const ROLES = [
  { value: 'reporter', label: 'Reporter — sends records (the extension)' },
  { value: 'reviewer', label: 'Reviewer — reads records and triages' },
  { value: 'admin', label: 'Admin — reviewer, plus tokens and notifications' },
];

/** Access tokens and notification targets (admin tokens only). */
export function AdminPage() {
  return (
    <>
      <h1 tabIndex={-1}>Admin</h1>
      <Tokens />
      <Targets />
    </>
  );
}

function Tokens() {
  const tokens = useLoad('tokens', () => api.tokens());
  const rows = tokens.data && listOf(tokens.data);
  const [role, setRole] = useState('reporter');
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<{ label: string; token: string } | undefined>();
  const [status, setStatus] = useState({ ok: true, text: '' });
  const reload = tokens.reload;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return setStatus({ ok: false, text: 'Give the token a label: who or what uses it.' });
    try {
      const { token } = await api.createToken(role, label.trim());
      setCreated({ label: label.trim(), token });
      setLabel('');
      setStatus({ ok: true, text: 'Token created.' });
      reload();
    } catch (error) {
      setStatus({ ok: false, text: errorText(error) });
    }
  };
  const revoke = async (row: TokenRow) => {
    if (!window.confirm(`Revoke the token “${row.label}”? Whoever uses it can no longer connect.`)) return;
    try {
      await api.revokeToken(row.id);
      setStatus({ ok: true, text: `Token “${row.label}” revoked.` });
      reload();
    } catch (error) {
      setStatus({ ok: false, text: errorText(error) });
    }
  };

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Access tokens</h2>
      {tokens.error && <p className="error">{tokens.error}</p>}
      {!rows ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="plain-table" aria-label="Access tokens">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Role</th>
              <th scope="col">Made in</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.label}</td>
                <td>{row.role}</td>
                <td>{row.source === 'config' ? 'Configuration' : 'Console'}</td>
                <td>{formatTime(row.createdAt)}</td>
                <td>
                  {row.revokedAt ? (
                    `Revoked ${formatTime(row.revokedAt)}`
                  ) : row.source === 'config' ? (
                    <span className="small muted">Set in RECEIVER_TOKENS</span>
                  ) : (
                    <button type="button" onClick={() => void revoke(row)} aria-label={`Revoke ${row.label}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>New token</h3>
      <form className="row end" onSubmit={(event) => void create(event)}>
        <div className="field">
          <label htmlFor="token-role">Role</label>
          <select id="token-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="token-label">Label</label>
          <input
            id="token-label"
            value={label}
            maxLength={200}
            placeholder="e.g. Support team laptops"
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {created && <NewToken {...created} onDone={() => setCreated(undefined)} />}
      <p className={status.ok ? 'small ok-text' : 'error'} role="status" aria-live="polite">
        {status.text}
      </p>
    </section>
  );
}

/** The new token, shown this once, with a copy button. */
function NewToken({ label, token, onDone }: { label: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here; select the token and copy it.');
    }
  };
  return (
    <div className="card notice new-token">
      <p>
        <strong>Token for “{label}”.</strong> Copy it now: it will not be shown again.
      </p>
      <label htmlFor="new-token">New token</label>
      <input id="new-token" readOnly value={token} onFocus={(e) => e.target.select()} />
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        <span className="small" role="status">
          {copied}
        </span>
      </div>
    </div>
  );
}
