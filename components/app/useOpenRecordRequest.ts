import { useEffect } from 'react';
import { openRecordRequestItem } from '@/lib/messaging/open-request';

/** A request this recent is still the reviewer's intent when the panel opens after it. */
const FRESH_MS = 30_000;

/**
 * Opens the record a page's marker asked for: at once in an open panel, and at start-up when the
 * request is fresh (the click opens the panel, which mounts after the request is stored). Requests
 * are not cleared: another panel window may still need to see it.
 */
export function useOpenRecordRequest(open: (id: string) => void): void {
  useEffect(() => {
    void openRecordRequestItem.getValue().then((request) => {
      if (request && Date.now() - Date.parse(request.at) < FRESH_MS) open(request.id);
    });
    return openRecordRequestItem.watch((request) => {
      if (request) open(request.id);
    });
  }, [open]);
}
