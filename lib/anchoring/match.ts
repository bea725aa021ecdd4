import search from 'approx-string-match';
import { normalise } from './normalize';

/** How a quote was found again. A wrong match is worse than none, so anything doubtful is orphaned. */
export type AnchorLabel = 'exact' | 'fuzzy' | 'orphaned';

export interface QuoteTarget {
  exact: string;
  prefix: string;
  suffix: string;
  /** TextPositionSelector start: a hint only. */
  hint?: number;
  /** The span of the recorded container in the current text, when its CssSelector still resolves. */
  within?: { start: number; end: number };
}

export interface QuoteMatch {
  start: number;
  end: number;
  label: Exclude<AnchorLabel, 'orphaned'>;
  /** 0..1, how closely the found text matches the quote. */
  score: number;
}

/** Fuzzy matching applies only to quotes this long: short ones match too many places. */
export const FUZZY_MIN_LENGTH = 20;
/** At most this share of a quote's characters may differ in a fuzzy match. */
export const FUZZY_MAX_ERROR_RATE = 0.2;
/** A fuzzy candidate needs at least this combined score (quote and context) to count. */
export const FUZZY_MIN_SCORE = 0.75;
/** Longest pattern searched fuzzily; longer quotes are matched by their head and tail. */
const FUZZY_PATTERN_MAX = 256;

/** Share of `a`'s trailing characters equal to `b`'s trailing characters (1 = same ending). */
function tailAgreement(a: string, b: string): number {
  if (!a) return 1;
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n / a.length;
}

function headAgreement(a: string, b: string): number {
  if (!a) return 1;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n / a.length;
}

/** Context score of a candidate `[start, end)` in `text`: 0..1. */
function contextScore(text: string, start: number, end: number, q: QuoteTarget): number {
  const p = q.prefix.trimStart();
  const s = q.suffix.trimEnd();
  const before = text.slice(Math.max(0, start - p.length), start);
  const after = text.slice(end, end + s.length);
  return (tailAgreement(p, before) + headAgreement(s, after)) / 2;
}

function rank(text: string, q: QuoteTarget, start: number, end: number): number {
  const inside = q.within && start >= q.within.start && end <= q.within.end ? 1 : 0;
  const near = q.hint === undefined ? 0 : 1 - Math.min(1, Math.abs(start - q.hint) / Math.max(1, text.length));
  return inside * 4 + contextScore(text, start, end, q) * 2 + near * 0.1;
}

function exactCandidates(text: string, needle: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle, from); i >= 0 && i + needle.length <= to; i = text.indexOf(needle, i + 1)) {
    found.push(i);
    if (found.length > 1_000) break; // A quote that common is decided by context among the first thousand.
  }
  return found;
}

function best(text: string, q: QuoteTarget, spans: Array<[number, number]>): [number, number] | null {
  let top: [number, number] | null = null;
  let topScore = -1;
  for (const span of spans) {
    const score = rank(text, q, span[0], span[1]);
    if (score > topScore) [top, topScore] = [span, score];
  }
  return top;
}

/** Exact search inside the container (`scope` 'within') or anywhere. */
function exactMatch(text: string, q: QuoteTarget, scope: 'within' | 'page'): [number, number] | null {
  const len = q.exact.length;
  if (scope === 'within' && !q.within) return null;
  const found =
    scope === 'within'
      ? exactCandidates(text, q.exact, q.within!.start, q.within!.end)
      : exactCandidates(text, q.exact);
  return found.length
    ? best(
        text,
        q,
        found.map((i) => [i, i + len]),
      )
    : null;
}

function fuzzyIn(text: string, pattern: string): Array<{ start: number; end: number; errors: number }> {
  const maxErrors = Math.floor(pattern.length * FUZZY_MAX_ERROR_RATE);
  return search(text, pattern, maxErrors);
}

/**
 * Approximate search, bounded: the pattern is at most 256 characters (a long quote is found by its
 * head, then its tail is looked for where the quote should end), errors at most 20 % of the
 * pattern, and the result must reach FUZZY_MIN_SCORE with its context.
 */
function fuzzyMatch(text: string, q: QuoteTarget): QuoteMatch | null {
  const quote = q.exact;
  if (quote.length < FUZZY_MIN_LENGTH) return null;
  const scope = q.within && q.within.end - q.within.start >= quote.length / 2 ? [q.within, null] : [null];
  for (const area of scope) {
    const offset = area ? area.start : 0;
    const hay = area ? text.slice(area.start, area.end) : text;
    const head = quote.slice(0, FUZZY_PATTERN_MAX);
    let candidates: Array<{ start: number; end: number; errors: number }> = [];
    for (const m of fuzzyIn(hay, head)) {
      if (quote.length <= FUZZY_PATTERN_MAX) {
        candidates.push(m);
        continue;
      }
      const tail = quote.slice(-FUZZY_PATTERN_MAX);
      const expectedEnd = m.start + quote.length;
      const slack = Math.ceil(quote.length * FUZZY_MAX_ERROR_RATE);
      const window = hay.slice(Math.max(0, expectedEnd - tail.length - slack), expectedEnd + slack);
      const tailHits = fuzzyIn(window, tail).sort((a, b) => a.errors - b.errors);
      const t = tailHits[0];
      if (t) {
        const end = Math.max(0, expectedEnd - tail.length - slack) + t.end;
        candidates.push({ start: m.start, end, errors: m.errors + t.errors });
      }
    }
    candidates = candidates.slice(0, 200);
    let top: QuoteMatch | null = null;
    for (const c of candidates) {
      const patternLength = quote.length <= FUZZY_PATTERN_MAX ? quote.length : 2 * FUZZY_PATTERN_MAX;
      const quoteScore = 1 - c.errors / patternLength;
      const start = c.start + offset;
      const end = c.end + offset;
      const score = quoteScore * 0.75 + contextScore(text, start, end, q) * 0.25;
      const lengthOk = Math.abs(end - start - quote.length) <= quote.length * FUZZY_MAX_ERROR_RATE;
      if (lengthOk && score >= FUZZY_MIN_SCORE && (!top || score > top.score)) {
        top = { start, end, label: 'fuzzy', score };
      }
    }
    if (top) return top;
  }
  return null;
}

/**
 * Finds a recorded quote in `text`: exact within the container (also after normalising whitespace
 * and Unicode), exact anywhere (context, then the position hint decide between repeats), then
 * fuzzy for quotes of 20 characters or more, container first. Null means orphaned.
 */
export function matchQuote(text: string, q: QuoteTarget): QuoteMatch | null {
  if (!q.exact) return null;
  let normalised: ((scope: 'within' | 'page') => [number, number] | null) | undefined;
  const viaNormalised = (scope: 'within' | 'page') => {
    normalised ??= normalisedMatcher(text, q);
    return normalised(scope);
  };
  // The container first, exact then normalised: an edited copy in the flagged message beats an
  // untouched copy of the same words in another message.
  for (const scope of ['within', 'page'] as const) {
    const found = exactMatch(text, q, scope) ?? viaNormalised(scope);
    if (found) return { start: found[0], end: found[1], label: 'exact', score: 1 };
  }
  return fuzzyMatch(text, q);
}

/** Exact search over normalised text and quote, mapped back to offsets in `text`. */
function normalisedMatcher(text: string, q: QuoteTarget): (scope: 'within' | 'page') => [number, number] | null {
  const page = normalise(text);
  const needle = normalise(q.exact).text;
  const toNorm = (offset: number) => {
    let lo = 0;
    let hi = page.map.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (page.map[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const nq: QuoteTarget = {
    exact: needle,
    prefix: normalise(q.prefix).text,
    suffix: normalise(q.suffix).text,
    hint: q.hint === undefined ? undefined : toNorm(q.hint),
    within: q.within && { start: toNorm(q.within.start), end: toNorm(q.within.end) },
  };
  return (scope) => {
    const found = needle ? exactMatch(page.text, nq, scope) : null;
    // The end maps to just after the last matched original character.
    return found ? [page.map[found[0]]!, page.map[found[1] - 1]! + 1] : null;
  };
}
