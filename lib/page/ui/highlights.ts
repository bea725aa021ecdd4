import type { AnchorResult, AnchorTarget } from '../anchoring/anchor';
import { anchorPass } from '../anchoring/pass';
import { createHighlightStyles } from './highlight-styles';
import { createMarkers } from './markers';
import { isOwnNode } from './own-ui';
import { exposeForTests, traceMark, traceMarkAfterFrame } from './test-hook';

/**
 * Highlight names in the page's registry: exact and fuzzy matches are drawn differently. The
 * registry is the page's (`CSS.highlights`): a page script can read these ranges, so it can learn
 * which of its words are flagged here. The names carry no record id and the ranges no record
 * boundaries; see docs/threat-model.md for why that is accepted.
 */
export const HIGHLIGHT_EXACT = 'flagline';
export const HIGHLIGHT_FUZZY = 'flagline-fuzzy';
const RETRY_DELAY = 300;
const MAX_WAIT = 2_000;
/** Orphans that stay orphaned are retried ever less often, up to this interval. */
const MAX_BACKOFF = 5_000;
/**
 * A record still orphaned after this many passes, and this long after the first one, is not
 * searched again on this page load: a page that changes forever must not keep Flagline busy.
 */
const GIVE_UP_PASSES = 3;
const GIVE_UP_MS = 10_000;

/** True when a drawn range no longer covers live text (the page re-rendered or streamed over it). */
function stale(result: AnchorResult): boolean {
  return result.label === 'orphaned' || result.ranges.some((r) => r.collapsed || !r.startContainer.isConnected);
}

/** Flagline's own UI arriving on <html> is not a page change. */
function ownChange(record: MutationRecord): boolean {
  if (isOwnNode(record.target)) return true;
  if (record.type !== 'childList') return false;
  return [...record.addedNodes, ...record.removedNodes].every(isOwnNode);
}

/** What the anchoring did on this page so far: tests and the benchmark read it. */
export interface AnchoringStats {
  passes: number;
  /** Flagline's longest slice of main-thread work over all passes, in ms. */
  longestSliceMs: number;
  longestStep: string;
  givenUp: number;
  running: boolean;
  /** performance.now() when the first pass began and the last one ended: the window to look at. */
  from: number;
  to: number;
}

function freshStats(): AnchoringStats {
  return { passes: 0, longestSliceMs: 0, longestStep: '', givenUp: 0, running: false, from: 0, to: 0 };
}

/** Adds one pass to the page's anchoring figures. */
function countPass(stats: AnchoringStats, pass: { longestSliceMs: number; longestStep: string }): void {
  stats.passes++;
  if (pass.longestSliceMs > stats.longestSliceMs) {
    stats.longestSliceMs = pass.longestSliceMs;
    stats.longestStep = pass.longestStep;
  }
}

/** Counts each record's orphaned passes in a row; one orphaned too often, for too long, is given up. */
function trackOrphans(results: AnchorResult[], passes: Map<string, number>, givenUp: Set<string>, started: number) {
  for (const r of results) {
    const count = r.label === 'orphaned' ? (passes.get(r.id) ?? 0) + 1 : 0;
    passes.set(r.id, count);
    if (count >= GIVE_UP_PASSES && Date.now() - started >= GIVE_UP_MS) givenUp.add(r.id);
  }
}

/** The live ranges of exact and fuzzy matches, under their highlight names. */
function rangesByName(results: AnchorResult[]): Record<string, Range[]> {
  const live = (label: string) =>
    results
      .filter((r) => r.label === label)
      .flatMap((r) => r.ranges)
      .filter((r) => !r.collapsed && r.startContainer.isConnected);
  return { [HIGHLIGHT_EXACT]: live('exact'), [HIGHLIGHT_FUZZY]: live('fuzzy') };
}

/** Draws exact and fuzzy matches under their own highlight names, styled by `styles`. */
function paint(
  registry: HighlightRegistry,
  styles: ReturnType<typeof createHighlightStyles>,
  results: AnchorResult[],
): void {
  const byName = rangesByName(results);
  styles.update(byName);
  for (const [name, ranges] of Object.entries(byName)) registry.set(name, new Highlight(...ranges));
}

/**
 * Finds each record's quote in the page and draws it with the CSS Custom Highlight API: no page
 * node is wrapped or changed (editors and React pages break when foreign nodes appear in their
 * DOM). Each pass runs in slices (see `anchorPass`); a debounced MutationObserver retries orphans
 * and redraws stale ranges, so streamed and single-page content anchors when it arrives, and
 * records that stay orphaned are given up.
 */
export function installHighlights(win: Window, targets: AnchorTarget[], open: (id: string) => void): () => void {
  const doc = win.document;
  const registry = (win as Window & typeof globalThis).CSS?.highlights;
  if (!registry || typeof Highlight === 'undefined') return () => undefined; // Before Chrome 105 / Firefox 140.
  // Adopted at the first highlight drawn, removed when none remain (see highlight-styles.ts).
  const styles = createHighlightStyles(win);
  const markers = createMarkers(win, open);
  const started = Date.now();
  const orphanPasses = new Map<string, number>();
  const givenUp = new Set<string>();
  const stats = freshStats();
  let results: AnchorResult[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChange = 0;
  let quiet = 0;
  let dirty = false;
  let stopped = false;
  const signature = () => results.map((r) => r.label).join();
  const retrying = () => results.filter((r) => !givenUp.has(r.id));

  async function draw() {
    timer = undefined;
    firstChange = 0;
    dirty = false;
    stats.running = true;
    stats.from ||= performance.now();
    const before = signature();
    const active = targets.filter((t) => !givenUp.has(t.id));
    traceMark('flagline:pass-start');
    const pass = await anchorPass(doc, active);
    stats.running = false;
    stats.to = performance.now();
    if (stopped) return traceMark('flagline:pass-end');
    countPass(stats, pass.stats);
    const byId = new Map(pass.results.map((r) => [r.id, r]));
    results = targets.map((t) => byId.get(t.id) ?? { id: t.id, label: 'orphaned', ranges: [] });
    trackOrphans(pass.results, orphanPasses, givenUp, started);
    stats.givenUp = givenUp.size;
    // A redraw that found nothing new on a busy page: wait longer next time (fuzzy search costs).
    quiet = results.some((r) => r.label === 'orphaned') && signature() === before ? quiet + 1 : 0;
    paint(registry, styles, results);
    markers.render(results);
    // The trace's pass is Flagline's script up to here, then the frame that draws it: the style
    // and layout work the new highlights cost the page.
    traceMark('flagline:pass-script-end');
    traceMarkAfterFrame(win, 'flagline:pass-end');
    if (pass.stats.changed || dirty) schedule();
  }

  function schedule() {
    if (stopped) return;
    if (stats.running) {
      dirty = true; // Looked at again when the running pass ends.
      return;
    }
    if (!retrying().some(stale)) return;
    const now = Date.now();
    firstChange ||= now;
    clearTimeout(timer);
    const wait = Math.min(RETRY_DELAY * 2 ** quiet, MAX_BACKOFF);
    // Debounced, but a page that never stops changing (a stream) still gets a redraw regularly.
    timer = setTimeout(() => void draw(), now - firstChange > Math.max(MAX_WAIT, wait) ? 0 : wait);
  }

  const observer = new MutationObserver((records) => {
    if (records.every(ownChange)) return;
    // The page moved an element a style rule names: name it again where it is now.
    if (!styles.holds()) styles.update(rangesByName(results));
    schedule();
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, characterData: true });
  exposeForTests('anchoring', () => ({ ...stats }));
  void draw();
  return () => {
    stopped = true;
    observer.disconnect();
    clearTimeout(timer);
    registry.delete(HIGHLIGHT_EXACT);
    registry.delete(HIGHLIGHT_FUZZY);
    styles.remove();
    markers.destroy();
  };
}
