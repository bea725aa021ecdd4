import search from 'approx-string-match';
import { contextScore, type QuoteTarget } from './score';

/** Fuzzy matching applies only to quotes this long: short ones match too many places. */
export const FUZZY_MIN_LENGTH = 20;
/** At most this share of a quote's characters may differ in a fuzzy match. */
export const FUZZY_MAX_ERROR_RATE = 0.2;
/** A fuzzy candidate needs at least this combined score (quote and context) to count. */
export const FUZZY_MIN_SCORE = 0.75;
/** Longest pattern searched fuzzily; longer quotes are matched by their head and tail. */
const FUZZY_PATTERN_MAX = 256;
/** A region "near" a record is at most this long. */
const NEAR_MAX = 100_000;
/** Candidates scored per region at most. */
const MAX_CANDIDATES = 200;

export interface FuzzyMatch {
  start: number;
  end: number;
  label: 'fuzzy';
  /** 0..1, how closely the found text matches the quote. */
  score: number;
}

function fuzzyIn(text: string, pattern: string): Array<{ start: number; end: number; errors: number }> {
  return search(text, pattern, Math.floor(pattern.length * FUZZY_MAX_ERROR_RATE));
}

/** True when a quote is long enough to be searched fuzzily. */
export function fuzzyEligible(quote: string): boolean {
  return quote.length >= FUZZY_MIN_LENGTH;
}

/**
 * The cost of searching `length` characters for `quote`: the bit-parallel search does one step
 * per character and 32 pattern characters. The anchoring pass caps the sum of these per pass.
 */
export function fuzzyCost(length: number, quote: string): number {
  return Math.max(0, length) * Math.ceil(Math.min(quote.length, FUZZY_PATTERN_MAX) / 32);
}

/** How far two neighbouring search regions must overlap so that no match is cut in two. */
export function fuzzyOverlap(quote: string): number {
  const head = Math.min(quote.length, FUZZY_PATTERN_MAX);
  return head + Math.ceil(head * FUZZY_MAX_ERROR_RATE) + 1;
}

/**
 * Approximate search for `q.exact` starting inside `text[from, to)`, bounded: the pattern is at
 * most 256 characters (a long quote is found by its head, then its tail is looked for where the
 * quote should end), errors at most 20 % of the pattern, and the result must reach FUZZY_MIN_SCORE
 * with its context (scored against the whole text). Null when nothing good enough starts there.
 */
export function fuzzyRegion(text: string, q: QuoteTarget, from: number, to: number): FuzzyMatch | null {
  const quote = q.exact;
  if (!fuzzyEligible(quote)) return null;
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  const hay = text.slice(from, to);
  const head = quote.slice(0, FUZZY_PATTERN_MAX);
  const long = quote.length > FUZZY_PATTERN_MAX;
  const candidates: Array<{ start: number; end: number; errors: number }> = [];
  for (const m of fuzzyIn(hay, head)) {
    if (candidates.length >= MAX_CANDIDATES) break;
    const start = from + m.start;
    if (!long) {
      candidates.push({ start, end: from + m.end, errors: m.errors });
      continue;
    }
    const tail = quote.slice(-FUZZY_PATTERN_MAX);
    const expectedEnd = start + quote.length;
    const slack = Math.ceil(quote.length * FUZZY_MAX_ERROR_RATE);
    const windowStart = Math.max(0, expectedEnd - tail.length - slack);
    const t = fuzzyIn(text.slice(windowStart, expectedEnd + slack), tail).sort((a, b) => a.errors - b.errors)[0];
    if (t) candidates.push({ start, end: windowStart + t.end, errors: m.errors + t.errors });
  }
  const patternLength = long ? 2 * FUZZY_PATTERN_MAX : quote.length;
  let top: FuzzyMatch | null = null;
  for (const c of candidates) {
    const score = (1 - c.errors / patternLength) * 0.75 + contextScore(text, c.start, c.end, q) * 0.25;
    const lengthOk = Math.abs(c.end - c.start - quote.length) <= quote.length * FUZZY_MAX_ERROR_RATE;
    if (lengthOk && score >= FUZZY_MIN_SCORE && (!top || score > top.score)) {
      top = { start: c.start, end: c.end, label: 'fuzzy', score };
    }
  }
  return top;
}

/** The regions near the record's hints, most likely first: its container, then around its old position. */
export function nearRegions(text: string, q: QuoteTarget): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  const len = q.exact.length;
  const span = q.within ? q.within.end - q.within.start : 0;
  // A container as big as the page is no hint: the whole-page search covers it.
  if (q.within && span >= len / 2 && span <= NEAR_MAX) {
    regions.push([q.within.start - len, q.within.end + len]);
  }
  if (q.hint !== undefined) {
    const reach = Math.max(2_000, len * 2);
    regions.push([q.hint - reach, Math.min(text.length, q.hint + len + reach)]);
  }
  return regions;
}
