import { findSpans, markerSpans, maskSpans, REDACTED, rulesOf, type DetectorLevel, type Span } from './detect';
import { evidenceStrings, getField, setField, type EvidenceBody } from './fields';
import type { Rule } from './rule';
import { urlSpans } from './url';

/** A span found or masked in one evidence field, by position: never the value. */
export interface FieldSpan extends Span {
  field: string;
}

/** A span masked after capture, in the order it was applied: by the reviewer or on sharing. */
export interface MaskedSpan extends FieldSpan {
  by: 'reviewer' | 'sharing';
}

/** The field name a deleted screenshot is recorded under in the masked list. */
export const SCREENSHOT_FIELD = 'screenshot';

/** The spans the rules find in each evidence string, URLs piece by piece. */
export function findInEvidence(evidence: Partial<EvidenceBody>, rules: readonly Rule[]): FieldSpan[] {
  return evidenceStrings(evidence).flatMap(({ field, shape, value }) =>
    (shape === 'url' ? urlSpans(value, rules) : findSpans(value, rules)).map((span) => ({ ...span, field })),
  );
}

/**
 * Masks what the levels detect in every evidence string before it is stored and hashed. Returns
 * the masked evidence and where the markers now lie, with the kind of each: the reviewer is told
 * "an API key was masked in the output at 12–22", and the value is gone.
 */
export function protectEvidence<T extends Partial<EvidenceBody>>(
  evidence: T,
  levels: readonly DetectorLevel[],
): { evidence: T; detected: FieldSpan[] } {
  const out = structuredClone(evidence);
  const detected: FieldSpan[] = [];
  const rules = rulesOf(levels);
  for (const { field, shape, value } of evidenceStrings(evidence)) {
    const spans = shape === 'url' ? urlSpans(value, rules) : findSpans(value, rules);
    if (!spans.length) continue;
    setField(out, field, maskSpans(value, spans));
    detected.push(...markerSpans(spans).map((span) => ({ ...span, field })));
  }
  return { evidence: out, detected };
}

/** Applies one masked span (or a screenshot deletion) to a cloned evidence object. */
function applyMask(evidence: Record<string, unknown>, span: FieldSpan): void {
  if (span.field === SCREENSHOT_FIELD) {
    delete evidence.screenshot;
    return;
  }
  const value = getField(evidence, span.field);
  if (value === undefined || span.end > value.length || span.start > span.end) {
    throw new Error(`A masked span does not fit ${span.field}.`);
  }
  setField(evidence, span.field, value.slice(0, span.start) + REDACTED + value.slice(span.end));
}

/** Applies masked spans in order; each span's positions refer to the text as the previous left it. */
export function replayMasks<T extends object>(evidence: T, spans: readonly FieldSpan[]): T {
  const out = structuredClone(evidence) as T & Record<string, unknown>;
  for (const span of spans) applyMask(out, span);
  return out;
}

/**
 * Masks `spans` of one pass over the same text, right to left, so each span's positions are still
 * those of the text the pass read; returns them in the order they were applied.
 */
export function inApplyOrder<T extends FieldSpan>(spans: readonly T[]): T[] {
  return [...spans].sort((a, b) => (a.field === b.field ? b.start - a.start : a.field < b.field ? -1 : 1));
}

/**
 * Whether each masked span left its `[redacted]` marker where the list says, and a deleted
 * screenshot is gone: what a file can show about masks without the text as captured. Undone
 * from the last span back, each marker becomes text of the span's original length, unknown; a
 * marker inside text a later span made unknown cannot be checked, and passes.
 */
export function masksFit(evidence: object, spans: readonly FieldSpan[]): boolean {
  const fields = new Map<string, (string | null)[]>();
  const units = (field: string) => {
    if (!fields.has(field)) {
      const value = getField(evidence, field);
      if (value === undefined) return undefined;
      fields.set(field, value.split(''));
    }
    return fields.get(field);
  };
  for (const span of [...spans].reverse()) {
    if (span.field === SCREENSHOT_FIELD) {
      if ((evidence as { screenshot?: unknown }).screenshot !== undefined) return false;
      continue;
    }
    const text = units(span.field);
    if (!text || span.start > span.end || span.start + REDACTED.length > text.length) return false;
    const marker = text.slice(span.start, span.start + REDACTED.length);
    if (marker.some((unit, index) => unit !== null && unit !== REDACTED[index])) return false;
    text.splice(span.start, REDACTED.length, ...new Array<null>(span.end - span.start).fill(null));
  }
  return true;
}
