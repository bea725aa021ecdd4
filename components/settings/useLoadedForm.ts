import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Values loaded late fill only the fields the user has not touched: `current` with every key of
 * `loaded` whose field is not in `touched`.
 */
export function mergeLoaded<T extends object>(current: T, loaded: Partial<T>, touched: ReadonlySet<keyof T>): T {
  const next = { ...current };
  for (const key of Object.keys(loaded) as (keyof T)[]) {
    const value = loaded[key];
    if (!touched.has(key) && value !== undefined) next[key] = value as T[keyof T];
  }
  return next;
}

/** Subscribes to later changes of the saved values; returns the unsubscribe function. */
export type LoadedWatch<T> = (apply: (loaded: Partial<T>) => void) => () => void;

/**
 * Form state whose saved values arrive after the first render (storage and IndexedDB reads are
 * async). Each loader fills what it returns, but never a field the user has already typed in:
 * a token typed while the settings load stays what was typed. `watch`, when given, fills values
 * saved later by someone else (the background) under the same rule.
 */
export function useLoadedForm<T extends object>(
  initial: T,
  loaders: readonly (() => Promise<Partial<T>>)[],
  watch?: LoadedWatch<T>,
): [T, <K extends keyof T>(key: K, value: T[K]) => void] {
  const [values, setValues] = useState(initial);
  const touched = useRef(new Set<keyof T>());
  // The loaders and the watch start once, on mount, like the effect they replace.
  const initialLoaders = useRef(loaders);
  const initialWatch = useRef(watch);

  useEffect(() => {
    let live = true;
    const apply = (loaded: Partial<T>) => {
      if (live) setValues((current) => mergeLoaded(current, loaded, touched.current));
    };
    for (const load of initialLoaders.current) {
      void load()
        .then(apply)
        .catch(() => undefined);
    }
    const unwatch = initialWatch.current?.(apply);
    return () => {
      live = false;
      unwatch?.();
    };
  }, []);

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    touched.current.add(key);
    setValues((current) => ({ ...current, [key]: value }));
  }, []);
  return [values, set];
}
