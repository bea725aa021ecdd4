import { useCallback, useEffect, useRef, useState } from 'react';
import { AdminPage } from './AdminPage';
import { api, ApiError, errorText, whenSignedOut, type Me } from './api';
import { ExportPage } from './ExportPage';
import { IncidentsPage } from './IncidentsPage';
import { RecordPage } from './RecordPage';
import { ReviewPage } from './ReviewPage';
import { useRoute, type Route } from './router';
import { SignIn } from './SignIn';

type Session = { state: 'loading' } | { state: 'signed-out'; notice?: string } | { state: 'in'; me: Me };

const NAV: { name: Route['name']; path: string; label: string; admin?: boolean }[] = [
  { name: 'incidents', path: '#/incidents', label: 'Incidents' },
  { name: 'review', path: '#/review', label: 'Review' },
  { name: 'export', path: '#/export', label: 'Export' },
  { name: 'admin', path: '#/admin', label: 'Admin', admin: true },
];

/** Who the receiver says this browser is: signed in (or open mode), or not. */
function readSession(): Promise<Session> {
  return api.me().then(
    (me): Session => ({ state: 'in', me }),
    (error: unknown): Session => {
      const signedOut = error instanceof ApiError && (error.status === 401 || error.status === 403);
      return { state: 'signed-out', notice: signedOut ? undefined : errorText(error) };
    },
  );
}

/** The team console: sign-in, then the incidents, a record, the review, exports and administration. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const load = useCallback(() => readSession().then(setSession), []);

  useEffect(() => {
    whenSignedOut(() => setSession({ state: 'signed-out', notice: 'Your session ended. Sign in again.' }));
    void readSession().then(setSession);
  }, []);

  const signOut = async () => {
    try {
      await api.signOut();
    } finally {
      setSession({ state: 'signed-out', notice: 'Signed out.' });
    }
  };

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="console-header">
        <div className="console-bar">
          <span className="console-title">Flagline console</span>
          {session.state === 'in' && (
            <div className="row">
              <span className="small" aria-label="Signed in as">
                {session.me.openMode ? 'Open mode (this machine only)' : `${session.me.label} · ${session.me.role}`}
              </span>
              {!session.me.openMode && (
                <button type="button" onClick={() => void signOut()}>
                  Sign out
                </button>
              )}
            </div>
          )}
        </div>
        {session.state === 'in' && <ConsoleNav me={session.me} />}
      </header>
      <main id="main" tabIndex={-1} className="console-main">
        {session.state === 'loading' && (
          <p role="status" className="muted">
            Loading…
          </p>
        )}
        {session.state === 'signed-out' && <SignIn notice={session.notice} onSignedIn={load} />}
        {session.state === 'in' && <Screen me={session.me} />}
      </main>
    </>
  );
}

function skipToMain(event: React.MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function ConsoleNav({ me }: { me: Me }) {
  const route = useRoute();
  const current = route.name === 'record' ? 'incidents' : route.name;
  return (
    <nav aria-label="Console">
      <ul className="console-nav">
        {NAV.filter((item) => !item.admin || me.role === 'admin').map((item) => (
          <li key={item.name}>
            <a href={item.path} aria-current={current === item.name ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The screen the hash names; focus moves to its heading when the screen changes. */
function Screen({ me }: { me: Me }) {
  const route = useRoute();
  const key = route.name === 'record' ? `record:${route.id}` : route.name;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [key]);
  const canTriage = me.role === 'reviewer' || me.role === 'admin';
  switch (route.name) {
    case 'record':
      return <RecordPage key={route.id} id={route.id} canTriage={canTriage} />;
    case 'review':
      return <ReviewPage params={route.params} />;
    case 'export':
      return <ExportPage />;
    case 'admin':
      return me.role === 'admin' ? <AdminPage /> : <p>Only an admin token can open this page.</p>;
    default:
      return <IncidentsPage params={route.params} />;
  }
}
