import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api';

/**
 * Loads what `key` names and loads it again when the key changes or `reload` is called. `data`
 * stays the last answer while the next loads (`fresh` says whether it belongs to the current
 * key); an answer for an older key is dropped.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>) {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ at: string; data?: T; error: string }>({ at: '', error: '' });
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  const at = `${version}\u0000${key}`;

  useEffect(() => {
    const controller = new AbortController();
    latest.current(controller.signal).then(
      (data) => setState({ at, data, error: '' }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((prev) => ({ ...prev, at, error: errorText(error) }));
      },
    );
    return () => controller.abort();
  }, [at]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const set = useCallback((data: T) => setState((prev) => ({ ...prev, data })), []);
  const fresh = state.at === at;
  return { data: state.data, fresh, loading: !fresh, error: fresh ? state.error : '', reload, set };
}
