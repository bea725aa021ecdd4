import { storage } from 'wxt/utils/storage';
import type { Person } from '../incident/schema';

/**
 * Settings live in `local:` extension storage (never `sync:`), versioned so a later shape can
 * migrate them.
 */
export const reporterItem = storage.defineItem<Person>('local:reporter', {
  fallback: { name: '', email: '' },
  version: 1,
});

/** Origins (`https://crm.example.com`) where the floating flag button runs. */
export const enabledSitesItem = storage.defineItem<string[]>('local:enabledSites', {
  fallback: [],
  version: 1,
});

/** The last thing a flag attempt has to tell the user, shown by the side panel. */
export interface FlagNotice {
  at: string;
  kind: 'error' | 'info';
  text: string;
}
export const flagNoticeItem = storage.defineItem<FlagNotice | null>('session:flagNotice', {
  fallback: null,
});
