import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { fieldErrors } from '@/lib/incident/report-form';

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

export interface FormOptions<T> {
  /**
   * Saved values that arrive after the first render (storage and IndexedDB reads are async). Each
   * fills what it returns, but never a field the user has already typed in.
   */
  loaders?: readonly (() => Promise<Partial<T>>)[];
  /** Fills values saved later by someone else (the background), under the same rule. */
  watch?: LoadedWatch<T>;
  /** The id of the control that shows an error key, so a failed submit can move focus there. */
  fieldId?: (key: string) => string | undefined;
}

/** Form state: values, which fields the user changed, errors beside fields and a pending submit. */
export function useForm<T extends object, E = string>(initial: T | (() => T), options: FormOptions<T> = {}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<string, E>>>({});
  const [pending, setPending] = useState(false);
  // The ref serves the loaders, which run outside render; the state is what render shows.
  const touched = useRef(new Set<keyof T>());
  const [touchedKeys, setTouched] = useState<ReadonlySet<keyof T>>(() => new Set());
  const running = useRef(false);
  // The loaders, the watch and the id lookup are fixed for the life of the form, like a mount effect.
  const fixed = useRef(options);

  useEffect(() => {
    let live = true;
    const apply = (loaded: Partial<T>) => {
      if (live) setValues((current) => mergeLoaded(current, loaded, touched.current));
    };
    for (const load of fixed.current.loaders ?? []) {
      void load()
        .then(apply)
        .catch(() => undefined);
    }
    const unwatch = fixed.current.watch?.(apply);
    return () => {
      live = false;
      unwatch?.();
    };
  }, []);

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    touched.current.add(key);
    setTouched(new Set(touched.current));
    setValues((current) => ({ ...current, [key]: value }));
  }, []);

  /** Shows the errors and moves focus to the first one that belongs to a control. */
  const fail = useCallback((found: Partial<Record<string, E>>) => {
    setErrors(found);
    const ids = Object.keys(found).map((key) => fixed.current.fieldId?.(key));
    const first = ids.find((id) => id !== undefined);
    if (first) document.getElementById(first)?.focus();
  }, []);

  /**
   * Runs a submit with `pending` set; a second one while the first is pending is ignored. The
   * action's returned errors replace the form's; nothing returned clears them.
   */
  const run = useCallback(async (action: () => Promise<Partial<Record<string, E>> | void>) => {
    if (running.current) return;
    running.current = true;
    setPending(true);
    try {
      setErrors((await action()) ?? {});
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  const field =
    <K extends keyof T>(key: K) =>
    (value: T[K]) =>
      set(key, value);
  return {
    values,
    set,
    field,
    touched: touchedKeys,
    errors,
    setErrors,
    fail,
    pending,
    run,
  };
}

/** A schema to check the form's input with: full Zod or Zod Mini. */
type Checkable<O> = { safeParse: (input: unknown) => z.ZodSafeParseResult<O> };

/**
 * `useForm` over a Zod schema: `validate` checks the input, shows the first message of each
 * failing field beside it (keyed by path, `a.b`) and returns the parsed value or undefined.
 */
export function useZodForm<T extends object>(initial: T | (() => T), options: FormOptions<T> = {}) {
  const form = useForm<T>(initial, options);
  const { fail, values } = form;
  const validate = <O>(schema: Checkable<O>, input: unknown = values): O | undefined => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    fail(fieldErrors(parsed.error));
    return undefined;
  };
  return { ...form, validate };
}

export type ZodForm<T extends object> = ReturnType<typeof useZodForm<T>>;
