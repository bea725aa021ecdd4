import { useState, type FormEvent } from 'react';
import { PersonSchema } from '@/lib/incident/schema';
import { reporterItem } from '@/lib/settings/items';
import { useLoadedForm } from './useLoadedForm';

const LOADERS = [
  () => reporterItem.getValue().then((person) => ({ name: person.name ?? '', email: person.email ?? '' })),
];

/** Who is reporting: stamped on every flag and history entry. */
export function ReporterForm() {
  const [form, setField] = useLoadedForm({ name: '', email: '' }, LOADERS);
  const { name, email } = form;
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  async function save(event: FormEvent) {
    event.preventDefault();
    const parsed = PersonSchema.safeParse({ name, email });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Check the fields');
      setStatus('');
      return;
    }
    setError('');
    await reporterItem.setValue(parsed.data);
    setStatus('Saved.');
  }

  return (
    <form className="card" onSubmit={(event) => void save(event)} aria-labelledby="reporter-heading">
      <h2 id="reporter-heading">Reporter</h2>
      <p className="small muted">Your name and email are recorded on each flag you raise.</p>
      <div className="field">
        <label htmlFor="reporter-name">Name</label>
        <input id="reporter-name" value={name} autoComplete="name" onChange={(e) => setField('name', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="reporter-email">Email</label>
        <input
          id="reporter-email"
          type="email"
          value={email}
          autoComplete="email"
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
      <div className="row">
        <button type="submit" className="primary">
          Save reporter
        </button>
        <span role="status" className="small muted">
          {status}
        </span>
      </div>
    </form>
  );
}
