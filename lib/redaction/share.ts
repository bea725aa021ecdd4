import type { Incident } from '../incident/schema';
import { redactText, rulesOf } from './detect';
import { findInEvidence, inApplyOrder, replayMasks, type MaskedSpan } from './evidence';

/** The rules applied to anything that leaves the device: secrets again (older or imported records) and personal data. */
const SHARING = rulesOf(['secrets', 'personal']);

/** Free text people write about the incident, outside the evidence: masked on sharing too. */
const NARRATIVE: ReadonlyArray<readonly [string, string?]> = [
  ['whatHappened'],
  ['impact', 'description'],
  ['affected', 'users'],
  ['affected', 'records'],
  ['preserved', 'inputs'],
  ['preserved', 'toolCalls'],
  ['preserved', 'approvals'],
  ['preserved', 'logsLocation'],
  ['containment', 'notes'],
  ['correction', 'notes'],
  ['restart', 'evidence'],
  ['restart', 'monitoring'],
  ['learning', 'evaluationCases'],
  ['learning', 'policy'],
  ['learning', 'training'],
  ['learning', 'workflowDesign'],
  ['declined', 'reason'],
];

function maskNarrative(record: Incident): void {
  const target = record as unknown as Record<string, Record<string, unknown> | string | undefined>;
  for (const [key, sub] of NARRATIVE) {
    const holder = sub ? target[key] : target;
    const name = sub ?? key;
    if (!holder || typeof holder !== 'object') continue;
    const value = (holder as Record<string, unknown>)[name];
    if (typeof value === 'string')
      (holder as Record<string, unknown>)[name] = redactText(value, ['secrets', 'personal']).text;
  }
  const mask = (value: string) => redactText(value, ['secrets', 'personal']).text;
  for (const entry of record.history) if (entry.note) entry.note = mask(entry.note);
  // Lists of free text: what each corrective action is and why it was dropped, how a party was told.
  const correction = record.correction as { actions?: unknown } | undefined;
  // A record of schema v1 (the database's v6 upgrade masks those) held its actions as one text.
  if (typeof correction?.actions === 'string') correction.actions = mask(correction.actions);
  else if (Array.isArray(correction?.actions)) {
    for (const action of record.correction!.actions) {
      action.what = mask(action.what);
      if (action.droppedReason) action.droppedReason = mask(action.droppedReason);
    }
  }
  for (const party of record.routing?.parties ?? []) {
    if (party.told?.reference) party.told.reference = mask(party.told.reference);
  }
}

/**
 * A text-fragment link repeats words of the quote and its context; once any of those is masked,
 * the link's words could still hold part of the value (two words of a phone number no rule
 * recognises alone). Its whole `:~:text=` directive goes then, replacing any span inside it.
 * Returns the spans in apply order.
 */
export function withLinkDirective(
  link: string | undefined,
  spans: MaskedSpan[],
  by: MaskedSpan['by'] = 'sharing',
): MaskedSpan[] {
  if (!link || !spans.some((span) => span.field.startsWith('selectors.'))) return spans;
  const start = link.indexOf(':~:text=');
  if (start < 0) return spans;
  const kept = spans.filter((span) => span.field !== 'textFragmentLink' || span.end <= start);
  const directive: MaskedSpan = { field: 'textFragmentLink', start, end: link.length, kind: 'quote', by };
  // Right of every other span of the link, so it is applied first and their positions hold.
  const first = kept.findIndex((span) => span.field === 'textFragmentLink');
  kept.splice(first < 0 ? kept.length : first, 0, directive);
  return kept;
}

/**
 * The record as it may leave the device (sync request, export file): personal data and any
 * secret masked in every evidence string and in the free text around it. The evidence keeps its
 * capture hash; each span masked here is appended to `evidence.masked` (by `sharing`), so the
 * holder of the original can still verify it. The reporter's own identity is not masked: it is
 * who filed the record. Pure and deterministic: the device's hash chain attests this form.
 */
export function shareableRecord(record: Incident): Incident {
  const found = inApplyOrder(findInEvidence(record.evidence, SHARING)).map((span): MaskedSpan => ({
    ...span,
    by: 'sharing',
  }));
  const spans = withLinkDirective(record.evidence.textFragmentLink, found);
  const out = structuredClone(record);
  if (spans.length) {
    out.evidence = {
      ...replayMasks(out.evidence, spans),
      masked: [...(record.evidence.masked ?? []), ...spans],
    };
  }
  maskNarrative(out);
  return out;
}
