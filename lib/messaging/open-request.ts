import { storage } from 'wxt/utils/storage';

/**
 * A request from a page's marker to show one record in the side panel. Session storage: the side
 * panel may open after the request was made, and reads it then.
 */
export const openRecordRequestItem = storage.defineItem<{ id: string; at: string } | null>(
  'session:openRecordRequest',
  {
    fallback: null,
  },
);
