import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { Incident } from '@/lib/incident/schema';
import { newestDraftOrNull, shownRecord } from '@/lib/ui/reads';

/**
 * The record the "Current" view shows, and a newer flag to offer without switching to it. The
 * panel keeps the record it shows: a flag arriving while it is open is offered (`newFlag`), never
 * swapped in, so nothing the reviewer is reading or typing disappears. Only an empty panel (no
 * record shown, no report being written) takes the new flag at once.
 */
export function useShownRecord(selectedId: string | undefined, composing: boolean) {
  const newest = useLiveQuery(newestDraftOrNull, []);
  // undefined: not loaded yet; null: there was no draft to show.
  const [pinned, setPinned] = useState<string | null>();
  const [acknowledged, setAcknowledged] = useState<string | null>();
  if (newest !== undefined && pinned === undefined) {
    setPinned(newest?.id ?? null);
    setAcknowledged(newest?.id ?? null);
  } else if (newest && pinned === null && !selectedId && !composing) {
    setPinned(newest.id);
    setAcknowledged(newest.id);
  }
  const shownId = selectedId ?? pinned ?? undefined;
  const current = useLiveQuery(() => (shownId ? shownRecord(shownId) : undefined), [shownId]);
  const newFlag: Incident | undefined =
    newest && newest.id !== acknowledged && (composing || newest.id !== shownId) ? newest : undefined;
  return {
    current: shownId ? current : undefined,
    /** Whether there is nothing to show at all (and that is known). */
    nothing: newest !== undefined && !shownId,
    newFlag,
    /** Hides the offer of this flag; `show` also makes it the draft shown when nothing is chosen. */
    acknowledge: (id: string, show = false) => {
      setAcknowledged(id);
      if (show) setPinned(id);
    },
  };
}
