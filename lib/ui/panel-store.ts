import { create } from 'zustand';

interface PanelState {
  /** The record the reviewer opened; undefined means "the newest draft". */
  selectedId?: string;
  /** True while the "New report" form is shown. */
  composing: boolean;
  open: (id: string | undefined) => void;
  compose: (composing: boolean) => void;
}

/** Side panel view state. Records themselves live in IndexedDB and are read live from there. */
export const usePanelStore = create<PanelState>((set) => ({
  selectedId: undefined,
  composing: false,
  open: (selectedId) => set({ selectedId, composing: false }),
  compose: (composing) => set({ composing }),
}));
