/** The stored quote of a record, with the hints that help find it again. */
export interface QuoteTarget {
  exact: string;
  prefix: string;
  suffix: string;
  /** TextPositionSelector start: a hint only. */
  hint?: number;
  /** The span of the recorded container in the current text, when its CssSelector still resolves. */
  within?: { start: number; end: number };
}

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
export function contextScore(text: string, start: number, end: number, q: QuoteTarget): number {
  const p = q.prefix.trimStart();
  const s = q.suffix.trimEnd();
  const before = text.slice(Math.max(0, start - p.length), start);
  const after = text.slice(end, end + s.length);
  return (tailAgreement(p, before) + headAgreement(s, after)) / 2;
}

/** Ranks an exact candidate: inside the container first, then context, then nearness to the hint. */
export function rank(text: string, q: QuoteTarget, start: number, end: number): number {
  const inside = q.within && start >= q.within.start && end <= q.within.end ? 1 : 0;
  const near = q.hint === undefined ? 0 : 1 - Math.min(1, Math.abs(start - q.hint) / Math.max(1, text.length));
  return inside * 4 + contextScore(text, start, end, q) * 2 + near * 0.1;
}
