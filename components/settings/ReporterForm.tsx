import { useState, type FormEvent } from 'react';
import { PersonSchema } from '@/lib/incident/schema';
import { reporterItem } from '@/lib/settings/items';
import { LockedNote } from '../ui/LockedNote';
import { useForm, type LoadedWatch } from '../ui/useZodForm';
import { usePolicy } from './usePolicy';

type Reporter = { name: string; email: string };

const shown = (person: { name?: string; email?: string }): Reporter => ({
  name: person.name ?? '',
  email: person.email ?? '',
});
const LOADERS = [() => reporterItem.getValue().then(shown)];
// The background writes the organisation's identity here; show it as soon as it lands.
const WATCH: LoadedWatch<Reporter> = (apply) => reporterItem.watch((person) => apply(shown(person)));

/** Who is reporting: stamped on every flag and history entry. */
export function ReporterForm() {
  const { values: form, set: setField } = useForm({ name: '', email: '' }, { loaders: LOADERS, watch: WATCH });
  const { name, email } = form;
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const policy = usePolicy();
  const nameLocked = policy?.reporterName !== undefined;
  const emailLocked = policy?.reporterEmail !== undefined;

  async function save(event: FormEvent) {
    event.preventDefault();
    const parsed = PersonSchema.safeParse({ name, email });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Check the fields');
      setStatus('');
      return;
    }
    setError('');
    // A value the policy sets is not the user's to change, whatever the form holds.
    await reporterItem.setValue({
      name: policy?.reporterName ?? parsed.data.name,
      email: policy?.reporterEmail ?? parsed.data.email,
    });
    setStatus('Saved.');
  }

  return (
    <form className="card" onSubmit={(event) => void save(event)} aria-labelledby="reporter-heading">
      <h2 id="reporter-heading">Reporter</h2>
      <p className="small muted">Your name and email are recorded on each flag you raise.</p>
      <div className="field">
        <label htmlFor="reporter-name">Name</label>
        <input
          id="reporter-name"
          value={policy?.reporterName ?? name}
          autoComplete="name"
          disabled={nameLocked}
          onChange={(e) => setField('name', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="reporter-email">Email</label>
        <input
          id="reporter-email"
          type="email"
          value={policy?.reporterEmail ?? email}
          autoComplete="email"
          disabled={emailLocked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'reporter-error' : undefined}
          onChange={(e) => setField('email', e.target.value)}
        />
        {error && (
          <p id="reporter-error" className="error">
            {error}
          </p>
        )}
      </div>
      {(nameLocked || emailLocked) && <LockedNote id="reporter-locked" what="Your reporter identity" />}
      <div className="row">
        <button type="submit" className="primary" disabled={nameLocked && emailLocked}>
          Save reporter
        </button>
        <span role="status" className="small muted">
          {status}
        </span>
      </div>
    </form>
  );
}
