import { useEffect, useRef } from 'react';
import type { DraftFields } from '@/lib/incident/draft-store';
import { send } from '@/lib/messaging/client';

const DELAY_MS = 400;

/**
 * The latest fields typed in this panel, per record: a form that mounts again (after a view
 * switch) reads them here, before the background may have stored the last keystrokes.
 */
const typed = new Map<string, DraftFields>();

/** What this panel last typed into a draft, if anything. */
export function recentDraft(id: string): DraftFields | undefined {
  return typed.get(id);
}

/**
 * Keeps what the reporter types in the draft store, a moment after they stop typing, and at once
 * when the form goes away (a view switch, a closed panel). Nothing is sent until they change
 * something. `cancel` drops a pending save, for Submit and Discard.
 */
export function useDraftAutosave(id: string, fields: DraftFields, changed: boolean) {
  const json = JSON.stringify(fields);
  const pending = useRef<DraftFields | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    clearTimeout(timer.current);
    const draft = pending.current;
    pending.current = null;
    // A refusal (the record was submitted meanwhile) leaves nothing to keep.
    if (draft) void send({ type: 'ui-bg:save-draft', id, draft }).catch(() => undefined);
  };

  useEffect(() => {
    if (!changed) return;
    pending.current = JSON.parse(json) as DraftFields;
    typed.set(id, pending.current);
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, DELAY_MS);
    // `flush` reads refs only; the effect runs again when the fields change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, json, changed]);

  // On unmount or a closing panel, what is still pending is sent rather than lost.
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {
    cancel: () => {
      typed.delete(id);
      clearTimeout(timer.current);
      pending.current = null;
    },
  };
}
