import type { Evidence } from '../incident/schema';
import { rulesOf } from './detect';
import { findInEvidence } from './evidence';

/** A finding as the reviewer is shown it: what kind, in which field, where. Never the value. */
export interface FindingLine {
  kind: string;
  field: string;
  start: number;
  end: number;
}

const PERSONAL = rulesOf(['personal']);

/**
 * What the detectors found in a record's evidence, for the evidence card: masked before storage
 * (kind and where its marker lies), to be masked when the record leaves the device (personal data
 * still stored here), and how many spans the reviewer redacted.
 */
export function redactionSummary(evidence: Evidence): {
  masked: FindingLine[];
  onSharing: FindingLine[];
  byReviewer: number;
  screenshotDeleted: boolean;
} {
  const byReviewer = (evidence.masked ?? []).filter((m) => m.by === 'reviewer');
  return {
    masked: evidence.detected ?? [],
    onSharing: findInEvidence(evidence, PERSONAL),
    byReviewer: byReviewer.filter((m) => m.field !== 'screenshot').length,
    screenshotDeleted: byReviewer.some((m) => m.field === 'screenshot'),
  };
}

/** `selectors.0.exact` → "quote", `page.url` → "page address": a field as a reviewer names it. */
export function fieldLabel(field: string): string {
  const names: Record<string, string> = {
    output: 'output',
    containerText: 'surrounding text',
    'page.title': 'page title',
    'page.url': 'page address',
    'page.frameUrl': 'frame address',
    textFragmentLink: 'link to the quote',
    'prompt.value': 'prompt',
    'model.value': 'model',
    'aiTool.value': 'AI tool',
    'conversationId.value': 'conversation id',
    'messageId.value': 'message id',
  };
  if (names[field]) return names[field];
  if (/^selectors\.\d+\.exact$/.test(field)) return 'quote';
  if (/^selectors\.\d+\.(prefix|suffix)$/.test(field)) return 'quote context';
  if (/^selectors\.\d+\.value$/.test(field)) return 'container selector';
  return field;
}
