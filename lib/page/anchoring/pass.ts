import type { AnchorResult, AnchorTarget } from './anchor';
import { fuzzyCost, fuzzyEligible, fuzzyOverlap, fuzzyRegion, nearRegions, type FuzzyMatch } from './fuzzy';
import { exactOnPage, matchWithin, normalisedIn, type QuoteMatch } from './match';
import { Normaliser, type Normalised } from './normalize';
import type { QuoteTarget } from './score';
import {
  buildTextModelSliced,
  containerSpan,
  createClock,
  type IndexedModel,
  type SliceClock,
  type SliceStats,
} from './slices';
import { rangesFor } from './text-model';

/**
 * Fuzzy work allowed per pass over the whole page, in `fuzzyCost` units (characters searched times
 * 32-character pattern blocks): about two full searches of a 1 MB page for a long quote. Records
 * left over stay orphaned in this pass; the caller decides whether to try them again.
 */
export const FUZZY_BUDGET = 16_000_000;
/** Characters of page normalised or searched fuzzily between two checks of the clock. */
const NORMALISE_STEP = 100_000;
const FUZZY_STEP = 24_000;

export interface PassOptions {
  /** Targets that may be searched fuzzily in this pass (default: all). */
  fuzzy?: (target: AnchorTarget) => boolean;
  fuzzyBudget?: number;
  clock?: SliceClock;
}

export interface PassResult {
  results: AnchorResult[];
  stats: SliceStats & {
    /** Fuzzy work done, in `fuzzyCost` units, and whether the budget ran out. */
    fuzzyWork: number;
    budgetExhausted: boolean;
    /** The page changed under the pass (a drawn range no longer read as matched). */
    changed: boolean;
  };
}

interface Budget {
  left: number;
  exhausted: boolean;
}

interface Slot {
  target: AnchorTarget;
  q: QuoteTarget;
  match: QuoteMatch | FuzzyMatch | null;
}

function quoteTarget(doc: Document, model: IndexedModel, target: AnchorTarget): QuoteTarget {
  let el: Element | null = null;
  try {
    el = target.css ? doc.querySelector(target.css) : null;
  } catch {
    el = null; // A selector this browser cannot parse finds nothing rather than failing.
  }
  return {
    ...target.quote,
    hint: target.position?.start,
    within: el ? (containerSpan(model, el) ?? undefined) : undefined,
  };
}

async function normaliseSliced(text: string, clock: SliceClock): Promise<Normalised> {
  const normaliser = new Normaliser();
  for (let from = 0; from < text.length; from += NORMALISE_STEP) {
    normaliser.feed(text, from, Math.min(text.length, from + NORMALISE_STEP));
    await clock.check('normalise');
  }
  return normaliser.finish(text.length);
}

/** Searches `[from, to)` fuzzily in steps, charging the budget; stops early on a match or an empty budget. */
async function fuzzySpan(
  text: string,
  q: QuoteTarget,
  [from, to]: [number, number],
  budget: Budget,
  clock: SliceClock,
): Promise<FuzzyMatch | null> {
  let best: FuzzyMatch | null = null;
  const overlap = fuzzyOverlap(q.exact);
  for (let at = Math.max(0, from); at < Math.min(to, text.length); at += FUZZY_STEP) {
    const end = Math.min(to, at + FUZZY_STEP + overlap);
    const cost = fuzzyCost(end - at, q.exact);
    if (cost > budget.left) {
      budget.exhausted = true;
      return best;
    }
    budget.left -= cost;
    const found = fuzzyRegion(text, q, at, end);
    if (found && (!best || found.score > best.score)) best = found;
    await clock.check('fuzzy');
  }
  return best;
}

/** The ranges of a match, or null when they no longer read as the text matched (the page changed). */
function checkedRanges(model: IndexedModel, match: QuoteMatch | FuzzyMatch): Range[] | null {
  const ranges = rangesFor(model, match.start, match.end);
  const read = ranges.map((r) => r.toString()).join('');
  return read === model.text.slice(match.start, match.end) ? ranges : null;
}

/**
 * Re-anchors every target in `doc` with bounded work: the page's text is read and normalised once
 * for all records, each step runs in slices that give the main thread back (see `SliceClock`), the
 * fuzzy search looks near the container and the position hint first and then over the page within
 * a budget shared by all records. Same order of preference as `matchQuote`.
 */
export async function anchorPass(
  doc: Document,
  targets: AnchorTarget[],
  options: PassOptions = {},
): Promise<PassResult> {
  const clock = options.clock ?? createClock();
  const model = await buildTextModelSliced(doc.body ?? doc.documentElement, clock);
  const { text } = model;
  const slots: Slot[] = [];
  for (const target of targets) {
    const q = quoteTarget(doc, model, target);
    slots.push({ target, q, match: matchWithin(text, q) ?? exactOnPage(text, q) });
    await clock.check('exact');
  }
  const open = () => slots.filter((s) => !s.match);
  if (open().length) {
    const page = await normaliseSliced(text, clock);
    for (const slot of open()) {
      slot.match = normalisedIn(page, slot.q);
      await clock.check('normalised match');
    }
  }
  const initial = options.fuzzyBudget ?? FUZZY_BUDGET;
  const budget: Budget = { left: initial, exhausted: false };
  const fuzzy = open().filter((s) => fuzzyEligible(s.q.exact) && (options.fuzzy?.(s.target) ?? true));
  for (const slot of fuzzy) {
    for (const region of nearRegions(text, slot.q)) {
      slot.match ??= await fuzzySpan(text, slot.q, region, budget, clock);
    }
  }
  for (const slot of fuzzy) slot.match ??= await fuzzySpan(text, slot.q, [0, text.length], budget, clock);
  let changed = false;
  const results = slots.map(({ target, match }): AnchorResult => {
    const ranges = match ? checkedRanges(model, match) : null;
    if (match && !ranges) changed = true;
    return ranges && match
      ? { id: target.id, label: match.label, ranges }
      : { id: target.id, label: 'orphaned', ranges: [] };
  });
  return {
    results,
    stats: { ...clock.finish(), fuzzyWork: initial - budget.left, budgetExhausted: budget.exhausted, changed },
  };
}
