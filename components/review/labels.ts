import { FAILURE_KIND_LABELS, ROOT_CAUSE_LABELS } from '@/lib/incident/lifecycle-actions';

const CAUSE_LABELS: Record<string, string> = {
  ...ROOT_CAUSE_LABELS,
  undiagnosed: 'Not yet diagnosed',
  unrated: 'Not rated',
};
const KIND_LABELS: Record<string, string> = { ...FAILURE_KIND_LABELS, undiagnosed: 'Not yet diagnosed' };

/** A review row's root cause (or severity group) in words, wherever a review is shown. */
export const causeLabel = (key: string): string => CAUSE_LABELS[key] ?? key;
/** A review row's failure kind in words. */
export const kindLabel = (key: string): string => KIND_LABELS[key] ?? key;
