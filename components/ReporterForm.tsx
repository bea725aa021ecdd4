import { useEffect, useState, type FormEvent } from 'react';
import { PersonSchema } from '@/lib/incident/schema';
import { reporterItem } from '@/lib/settings/items';

/** Who is reporting: stamped on every flag and history entry. */
export function ReporterForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    void reporterItem.getValue().then((person) => {
      setName(person.name ?? '');
      setEmail(person.email ?? '');
    });
  }, []);

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
        <input id="reporter-name" value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />
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
          onChange={(e) => setEmail(e.target.value)}
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
