import { useEffect } from 'react';
import { openRecordRequestItem } from '@/lib/messaging/open-request';
import { afterPanelRestored } from '@/lib/ui/panel-store';

/** A request this recent is still the reviewer's intent when the panel opens after it. */
const FRESH_MS = 30_000;

/**
 * Opens the record a page's marker asked for: at once in an open panel, and at start-up when the
 * request is fresh (the click opens the panel, which mounts after the request is stored). Requests
 * are not cleared: another panel window may still need to see it. At start-up the request waits
 * for the panel's saved place, so restoring the place cannot undo it.
 */
export function useOpenRecordRequest(open: (id: string) => void): void {
  useEffect(() => {
    let live = true;
    const stopWaiting = afterPanelRestored(() => {
      void openRecordRequestItem.getValue().then((request) => {
        if (live && request && Date.now() - Date.parse(request.at) < FRESH_MS) open(request.id);
      });
    });
    const stopWatching = openRecordRequestItem.watch((request) => {
      if (request) open(request.id);
    });
    return () => {
      live = false;
      stopWaiting();
      stopWatching();
    };
  }, [open]);
}
