import { create } from 'zustand';

interface PanelState {
  /** The record the reviewer opened; undefined means "the newest draft". */
  selectedId?: string;
  open: (id: string | undefined) => void;
}

/** Side panel view state. Records themselves live in IndexedDB and are read live from there. */
export const usePanelStore = create<PanelState>((set) => ({
  selectedId: undefined,
  open: (selectedId) => set({ selectedId }),
}));
