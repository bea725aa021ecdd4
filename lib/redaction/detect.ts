import { PERSONAL_RULES } from './personal';
import { REDACTED, type DetectorLevel, type Rule, type Span } from './rule';
import { SECRET_RULES } from './secrets';

export { REDACTED, type DetectorLevel, type Span } from './rule';

/** The rules of each level. */
export function rulesOf(levels: readonly DetectorLevel[]): Rule[] {
  return [...(levels.includes('secrets') ? SECRET_RULES : []), ...(levels.includes('personal') ? PERSONAL_RULES : [])];
}

function spansOfRule(text: string, rule: Rule): Span[] {
  const spans: Span[] = [];
  // The rule's own global regex, reset: cloning one per call (as matchAll does) costs more than
  // the search on short strings, and a record has dozens of them.
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex += 1;
    const at = match.indices?.[rule.group ?? 0];
    const value = match[rule.group ?? 0];
    if (!at || value === undefined || value === '') continue;
    if (rule.valid && !rule.valid(value)) continue;
    spans.push({ start: at[0], end: at[1], kind: rule.kind });
  }
  pattern.lastIndex = 0;
  return spans;
}

/**
 * Every detected value in `text`, as non-overlapping spans in text order. Where two rules claim
 * overlapping text the span that starts first wins and is widened to cover both, so no part of
 * either value survives. A `[redacted]` marker is never itself a finding, so masking twice is
 * masking once.
 */
export function findSpans(text: string, rules: readonly Rule[]): Span[] {
  const all = rules.flatMap((rule) => spansOfRule(text, rule)).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of all) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged.filter((span) => text.slice(span.start, span.end) !== REDACTED);
}

/** `text` with each span replaced by the marker. Spans must be sorted and disjoint. */
export function maskSpans(text: string, spans: readonly Pick<Span, 'start' | 'end'>[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + REDACTED;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Where the markers of masked spans lie in the masked text: what a reviewer is shown ("an API
 * key at 12–22") without the value.
 */
export function markerSpans(spans: readonly Span[]): Span[] {
  let shift = 0;
  return spans.map((span) => {
    const start = span.start + shift;
    shift += REDACTED.length - (span.end - span.start);
    return { start, end: start + REDACTED.length, kind: span.kind };
  });
}

/** Masks what the levels detect in `text`. */
export function redactText(text: string, levels: readonly DetectorLevel[]): { text: string; spans: Span[] } {
  const spans = findSpans(text, rulesOf(levels));
  return { text: spans.length ? maskSpans(text, spans) : text, spans };
}
