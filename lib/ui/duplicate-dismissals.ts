import { storage } from 'wxt/utils/storage';
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';

/** How many "Keep separate" answers are remembered; the oldest go first. */
const MAX_DISMISSED = 500;

interface DuplicateDismissals {
  /** `recordId>candidateId` pairs the reviewer chose to keep separate. */
  dismissed: string[];
  dismiss: (recordId: string, candidateId: string) => void;
}

/** The key of one "Keep separate" answer. */
export const dismissalKey = (recordId: string, candidateId: string) => `${recordId}>${candidateId}`;

const sessionStore: StateStorage = {
  getItem: async (name) => (await storage.getItem<string>(`session:${name}`)) ?? null,
  setItem: (name, value) => storage.setItem(`session:${name}`, value),
  removeItem: (name) => storage.removeItem(`session:${name}`),
};

/**
 * The duplicate offers the reviewer answered "Keep separate", in extension session storage: kept
 * while the browser runs and shared by the panel's windows, never written into a record.
 */
export const useDuplicateDismissals = create<DuplicateDismissals>()(
  persist(
    (set) => ({
      dismissed: [],
      dismiss: (recordId, candidateId) =>
        set(({ dismissed }) => {
          const key = dismissalKey(recordId, candidateId);
          return { dismissed: [...dismissed.filter((k) => k !== key), key].slice(-MAX_DISMISSED) };
        }),
    }),
    { name: 'duplicateDismissals', version: 1, storage: createJSONStorage(() => sessionStore) },
  ),
);
