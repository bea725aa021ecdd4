import { create } from 'zustand';

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
}

/** Side panel view state. Records themselves live in IndexedDB and are read live from there. */
export const usePanelStore = create<PanelState>((set) => ({
  view: 'current',
  setView: (view) => set({ view }),
  selectedId: undefined,
  composing: false,
  // Opening a record (from the log, a merge link, a new report) always shows it.
  open: (selectedId) => set({ selectedId, composing: false, view: 'current' }),
  compose: (composing) => set(composing ? { composing, view: 'current' } : { composing }),
}));
