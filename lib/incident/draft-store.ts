import { storage } from 'wxt/utils/storage';
import type { DraftFields } from './draft-fields';

export type { DraftFields } from './draft-fields';

/** Unsubmitted draft fields by record id, in local extension storage (never synced). */
export const draftFieldsItem = storage.defineItem<Record<string, DraftFields>>('local:draftFields', {
  fallback: {},
  version: 1,
});

/** The unsubmitted fields of one draft; empty when there are none. */
export async function draftFields(id: string): Promise<DraftFields> {
  return (await draftFieldsItem.getValue())[id] ?? {};
}

/** Replaces the unsubmitted fields of one draft (background only). */
export async function putDraftFields(id: string, fields: DraftFields): Promise<void> {
  const all = await draftFieldsItem.getValue();
  await draftFieldsItem.setValue({ ...all, [id]: fields });
}

/** Forgets the unsubmitted fields of a record once it is submitted or discarded (background only). */
export async function clearDraftFields(id: string): Promise<void> {
  const all = await draftFieldsItem.getValue();
  if (!(id in all)) return;
  const { [id]: _gone, ...rest } = all;
  await draftFieldsItem.setValue(rest);
}
