import { create } from 'zustand';

/** What the last save said ("Report submitted. …"), shown on its record until another save. */
interface SaveNotice {
  recordId?: string;
  text: string;
  say: (recordId: string, text: string) => void;
}

export const useSaveNotice = create<SaveNotice>((set) => ({
  recordId: undefined,
  text: '',
  say: (recordId, text) => set({ recordId, text }),
}));
