import { anchorAll, type AnchorResult, type AnchorTarget } from '../anchoring/anchor';
import { createMarkers } from './markers';

/** Highlight names in the page's registry: exact and fuzzy matches are drawn differently. */
export const HIGHLIGHT_EXACT = 'flagline';
export const HIGHLIGHT_FUZZY = 'flagline-fuzzy';
const RETRY_DELAY = 300;
const MAX_WAIT = 2_000;
/** Orphans that stay orphaned are retried ever less often, up to this interval. */
const MAX_BACKOFF = 5_000;

/**
 * Styles for the highlights, adopted by the document rather than added as a <style> element: an
 * adopted sheet is not part of the DOM, so the page's markup stays byte-for-byte the same.
 */
function adoptStyles(doc: Document): void {
  const sheet = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(
    `::highlight(${HIGHLIGHT_EXACT}) { background-color: rgba(253, 176, 34, .45); }
     ::highlight(${HIGHLIGHT_FUZZY}) { background-color: rgba(253, 176, 34, .25); text-decoration: underline wavy #b54708; }`,
  );
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}

/** True when a drawn range no longer covers live text (the page re-rendered or streamed over it). */
function stale(result: AnchorResult): boolean {
  return result.label === 'orphaned' || result.ranges.some((r) => r.collapsed || !r.startContainer.isConnected);
}

/**
 * Finds each record's quote in the page and draws it with the CSS Custom Highlight API: no page
 * node is wrapped or changed (editors and React pages break when foreign nodes appear in their
 * DOM). A debounced MutationObserver retries orphans and redraws stale ranges, so streamed and
 * single-page content anchors when it arrives.
 */
export function installHighlights(win: Window, targets: AnchorTarget[], open: (id: string) => void): () => void {
  const doc = win.document;
  const registry = (win as Window & typeof globalThis).CSS?.highlights;
  if (!registry || typeof Highlight === 'undefined') return () => undefined; // Before Chrome 105 / Firefox 140.
  adoptStyles(doc);
  const markers = createMarkers(win, open);
  let results: AnchorResult[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChange = 0;
  let quiet = 0;
  const signature = () => results.map((r) => r.label).join();

  function draw() {
    timer = undefined;
    firstChange = 0;
    const before = signature();
    results = anchorAll(doc, targets);
    // A redraw that found nothing new on a busy page: wait longer next time (fuzzy search costs).
    quiet = results.some((r) => r.label === 'orphaned') && signature() === before ? quiet + 1 : 0;
    const exact = results.filter((r) => r.label === 'exact').flatMap((r) => r.ranges);
    const fuzzy = results.filter((r) => r.label === 'fuzzy').flatMap((r) => r.ranges);
    registry.set(HIGHLIGHT_EXACT, new Highlight(...exact));
    registry.set(HIGHLIGHT_FUZZY, new Highlight(...fuzzy));
    markers.render(results);
  }

  const observer = new MutationObserver((records) => {
    // Our own marker host arriving on <html> is not a page change.
    if (records.every((r) => r.target === doc.documentElement && r.type === 'childList')) return;
    if (!results.some(stale)) return;
    const now = Date.now();
    firstChange ||= now;
    clearTimeout(timer);
    const wait = Math.min(RETRY_DELAY * 2 ** quiet, MAX_BACKOFF);
    // Debounced, but a page that never stops changing (a stream) still gets a redraw regularly.
    timer = setTimeout(draw, now - firstChange > Math.max(MAX_WAIT, wait) ? 0 : wait);
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, characterData: true });
  draw();
  return () => {
    observer.disconnect();
    clearTimeout(timer);
    registry.delete(HIGHLIGHT_EXACT);
    registry.delete(HIGHLIGHT_FUZZY);
    markers.destroy();
  };
}
