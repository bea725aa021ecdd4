import { matchQuote, type AnchorLabel } from './match';
import { buildTextModel, rangesFor, spanOf, type TextModel } from './text-model';

/** The stored selectors of one record, as the re-anchoring needs them. */
export interface AnchorTarget {
  id: string;
  quote: { exact: string; prefix: string; suffix: string };
  position?: { start: number; end: number };
  css?: string;
}

export interface AnchorResult {
  id: string;
  label: AnchorLabel;
  /** One range per text node of the match; empty when orphaned. */
  ranges: Range[];
}

function container(doc: Document, css: string | undefined): Element | null {
  if (!css) return null;
  try {
    return doc.querySelector(css);
  } catch {
    return null; // A selector this browser cannot parse finds nothing rather than failing.
  }
}

/** Re-anchors one target in an already built text model of `doc`. */
export function anchorIn(doc: Document, model: TextModel, target: AnchorTarget): AnchorResult {
  const el = container(doc, target.css);
  const within = el ? (spanOf(model, el) ?? undefined) : undefined;
  const match = matchQuote(model.text, { ...target.quote, hint: target.position?.start, within });
  if (!match) return { id: target.id, label: 'orphaned', ranges: [] };
  return { id: target.id, label: match.label, ranges: rangesFor(model, match.start, match.end) };
}

/** Re-anchors every target in `doc`; the text model is built once for all of them. */
export function anchorAll(doc: Document, targets: AnchorTarget[]): AnchorResult[] {
  const model = buildTextModel(doc.body ?? doc.documentElement);
  return targets.map((target) => anchorIn(doc, model, target));
}
