import { useState, type FormEvent } from 'react';
import { api, ApiError, errorText } from './api';

/** Why a token was refused, in the words the reader needs. */
function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'That token was not recognised.';
  if (error instanceof ApiError && error.status === 403) return 'This token can send records but not read them.';
  return errorText(error);
}

/** Sign-in with an access token; the receiver answers with a session cookie. */
export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: () => Promise<void> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setError('Enter your access token.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await api.signIn(token.trim());
      setToken('');
      await onSignedIn();
    } catch (caught) {
      setError(refusal(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" tabIndex={-1}>
        Sign in
      </h1>
      {notice && (
        <p className="small muted" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="sign-in-token">Access token</label>
          <input
            id="sign-in-token"
            type="password"
            autoComplete="current-password"
            value={token}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
            onChange={(event) => setToken(event.target.value)}
          />
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </section>
  );
}
