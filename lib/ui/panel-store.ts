import { storage } from 'wxt/utils/storage';
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { EMPTY_FILTER, type LogFilter } from '../log/filter';

/** The side panel's views: the record at hand, the whole log, the quarterly review. */
export type PanelView = 'current' | 'log' | 'review';

interface PanelState {
  view: PanelView;
  setView: (view: PanelView) => void;
  /** The record the reviewer opened; undefined means "the newest draft". */
  selectedId?: string;
  /** True while the "New report" form is shown. */
  composing: boolean;
  open: (id: string | undefined) => void;
  compose: (composing: boolean) => void;
  /** The log's search and filters. */
  logFilter: LogFilter;
  setLogFilter: (filter: LogFilter) => void;
  /** The review's quarter, as `2026-Q3`; undefined means the current quarter. */
  reviewQuarter?: string;
  setReviewQuarter: (quarter: string) => void;
}

/**
 * Where the panel keeps its place: extension session storage, which pages and content scripts
 * cannot read, lasts while the browser runs, and is shared by the panel's windows, so the view,
 * filters and quarter survive closing and reopening the panel.
 */
const sessionStore: StateStorage = {
  getItem: async (name) => (await storage.getItem<string>(`session:${name}`)) ?? null,
  setItem: (name, value) => storage.setItem(`session:${name}`, value),
  removeItem: (name) => storage.removeItem(`session:${name}`),
};

/** Side panel view state. Records themselves live in IndexedDB and are read live from there. */
export const usePanelStore = create<PanelState>()(
  persist(
    (set) => ({
      view: 'current',
      setView: (view) => set({ view }),
      selectedId: undefined,
      composing: false,
      // Opening a record (from the log, a merge link, a new report) always shows it.
      open: (selectedId) => set({ selectedId, composing: false, view: 'current' }),
      compose: (composing) => set(composing ? { composing, view: 'current' } : { composing }),
      logFilter: EMPTY_FILTER,
      setLogFilter: (logFilter) => set({ logFilter }),
      reviewQuarter: undefined,
      setReviewQuarter: (reviewQuarter) => set({ reviewQuarter }),
    }),
    {
      name: 'panelPlace',
      version: 1,
      storage: createJSONStorage(() => sessionStore),
      partialize: ({ view, selectedId, logFilter, reviewQuarter }) => ({ view, selectedId, logFilter, reviewQuarter }),
      // A filter saved by an older panel lacks newer fields: they start empty.
      merge: (saved, current) => {
        const place = (saved ?? {}) as Partial<PanelState>;
        return { ...current, ...place, logFilter: { ...EMPTY_FILTER, ...place.logFilter } };
      },
    },
  ),
);

/** Runs `then` once the saved place is back (at once when it already is). */
export function afterPanelRestored(then: () => void): () => void {
  if (usePanelStore.persist.hasHydrated()) {
    then();
    return () => undefined;
  }
  return usePanelStore.persist.onFinishHydration(() => then());
}
