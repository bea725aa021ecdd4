import { useSyncExternalStore } from 'react';

/** The console's screens, read from the location hash: `#/incidents?severity=SEV1`, `#/incidents/<id>`. */
export type Route =
  | { name: 'incidents'; params: URLSearchParams }
  | { name: 'record'; id: string }
  | { name: 'review'; params: URLSearchParams }
  | { name: 'export' }
  | { name: 'admin' };

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('hashchange', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('hashchange', listener);
  };
}

const currentHash = () => window.location.hash;

/** The route a hash names; anything unknown is the incidents list. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'incidents' && parts[1]) return { name: 'record', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'review') return { name: 'review', params };
  if (parts[0] === 'export') return { name: 'export' };
  if (parts[0] === 'admin') return { name: 'admin' };
  return { name: 'incidents', params };
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseRoute(hash);
}

/** The hash of a route with its query: `#/incidents?text=refund`. */
export function href(path: string, params?: URLSearchParams): string {
  const search = params?.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Rewrites the hash without a new history entry (filters typed into the list, a quarter picked). */
export function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  window.history.replaceState(window.history.state, '', hash);
  notify();
}
