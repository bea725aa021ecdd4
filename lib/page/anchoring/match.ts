import { FUZZY_MAX_ERROR_RATE, FUZZY_MIN_LENGTH, FUZZY_MIN_SCORE, fuzzyRegion, nearRegions } from './fuzzy';
import { normalise, type Normalised } from './normalize';
import { rank, type QuoteTarget } from './score';

export { FUZZY_MAX_ERROR_RATE, FUZZY_MIN_LENGTH, FUZZY_MIN_SCORE };
export type { QuoteTarget };

/** How a quote was found again. A wrong match is worse than none, so anything doubtful is orphaned. */
export type AnchorLabel = 'exact' | 'fuzzy' | 'orphaned';

export interface QuoteMatch {
  start: number;
  end: number;
  label: Exclude<AnchorLabel, 'orphaned'>;
  /** 0..1, how closely the found text matches the quote. */
  score: number;
}

function exactCandidates(text: string, needle: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle, from); i >= 0 && i + needle.length <= to; i = text.indexOf(needle, i + 1)) {
    found.push(i);
    if (found.length > 1_000) break; // A quote that common is decided by context among the first thousand.
  }
  return found;
}

/** Exact search inside the container (`scope` 'within') or anywhere; the best-ranked occurrence. */
function exactMatch(text: string, q: QuoteTarget, scope: 'within' | 'page'): [number, number] | null {
  if (scope === 'within' && !q.within) return null;
  const found =
    scope === 'within'
      ? exactCandidates(text, q.exact, q.within!.start, q.within!.end)
      : exactCandidates(text, q.exact);
  let top: [number, number] | null = null;
  let topScore = -1;
  for (const i of found) {
    const score = rank(text, q, i, i + q.exact.length);
    if (score > topScore) [top, topScore] = [[i, i + q.exact.length], score];
  }
  return top;
}

function found(span: [number, number] | null): QuoteMatch | null {
  return span ? { start: span[0], end: span[1], label: 'exact', score: 1 } : null;
}

/** Containers longer than this are searched on the page's normalised text instead of their own. */
const WITHIN_NORMALISE_MAX = 200_000;

/**
 * Exact search inside the record's container, as it is and then normalised: an edited copy in the
 * flagged message beats an untouched copy of the same words in another message.
 */
export function matchWithin(text: string, q: QuoteTarget): QuoteMatch | null {
  if (!q.exact || !q.within) return null;
  const exact = found(exactMatch(text, q, 'within'));
  const { start, end } = q.within;
  if (exact || end - start > WITHIN_NORMALISE_MAX) return exact;
  const part = normalise(text.slice(start, end));
  const inPart = normalisedIn(part, { ...q, hint: undefined, within: undefined });
  return inPart && { ...inPart, start: inPart.start + start, end: inPart.end + start };
}

/** Exact search anywhere on the page; the best-ranked occurrence. */
export function exactOnPage(text: string, q: QuoteTarget): QuoteMatch | null {
  return q.exact ? found(exactMatch(text, q, 'page')) : null;
}

/** Offset in the normalised text of original offset `offset`. */
function toNorm(page: Normalised, offset: number): number {
  let lo = 0;
  let hi = page.map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (page.map[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Exact search over the normalised page (whitespace, typography and Unicode forms folded), mapped
 * back to offsets in the original text. `page` is `normalise(text)`, computed once for all records.
 */
export function normalisedIn(page: Normalised, q: QuoteTarget): QuoteMatch | null {
  const needle = normalise(q.exact).text;
  if (!needle) return null;
  const nq: QuoteTarget = {
    exact: needle,
    prefix: normalise(q.prefix).text,
    suffix: normalise(q.suffix).text,
    hint: q.hint === undefined ? undefined : toNorm(page, q.hint),
    within: q.within && { start: toNorm(page, q.within.start), end: toNorm(page, q.within.end) },
  };
  const span = exactMatch(page.text, nq, 'within') ?? exactMatch(page.text, nq, 'page');
  // The end maps to just after the last matched original character.
  return span ? { start: page.map[span[0]]!, end: page.map[span[1] - 1]! + 1, label: 'exact', score: 1 } : null;
}

/**
 * Finds a recorded quote in `text` in one go (small texts, tests): exact and normalised in the
 * container, then exact and normalised anywhere, then fuzzy near the container and position hint, then fuzzy anywhere. Pages
 * are searched by `anchorPass` instead, which does the same in slices with a budget. Null means orphaned.
 */
export function matchQuote(text: string, q: QuoteTarget): QuoteMatch | null {
  if (!q.exact) return null;
  const exact = matchWithin(text, q) ?? exactOnPage(text, q) ?? normalisedIn(normalise(text), q);
  if (exact) return exact;
  for (const [from, to] of nearRegions(text, q)) {
    const near = fuzzyRegion(text, q, from, to);
    if (near) return near;
  }
  return fuzzyRegion(text, q, 0, text.length);
}
