// One row of the benchmark table: our figure, a peer's where there is one, their ratio, and the
// goal beside it. Goals are reported, never enforced: no figure here fails a run.

export type Unit = 'KB' | 'ms' | 'records/s' | 'requests' | 'MB';

export interface Row {
  /** The row group, 1 to 7. */
  group: number;
  what: string;
  unit: Unit;
  ours: number | null;
  /** Shown instead of `ours` where the figure is a bound rather than a number (`< 50 ms`). */
  shown?: string;
  peer?: { name: string; value: number | null };
  /**
   * How many times better ours is than the peer: peer ÷ ours for costs (bytes, time, memory),
   * ours ÷ peer for throughput. Above 1, ours is better.
   */
  ratio?: number | null;
  goal?: { text: string; met: boolean | null };
  /** How the figure was measured, or why it is missing. */
  note?: string;
}

/** peer ÷ ours (or ours ÷ peer for throughput); null where either is missing or zero. */
export function ratioOf(unit: Unit, ours: number | null, peer: number | null | undefined): number | null {
  if (ours === null || peer === null || peer === undefined || ours === 0 || peer === 0) return null;
  return unit === 'records/s' ? ours / peer : peer / ours;
}

/** A row with its ratio filled in from its peer. */
export function row(r: Omit<Row, 'ratio'>): Row {
  return r.peer ? { ...r, ratio: ratioOf(r.unit, r.ours, r.peer.value) } : r;
}

/** A goal `figure ≤ limit` (or `<` with `strict`), unknown when the figure is missing. */
export function atMost(text: string, figure: number | null, limit: number, strict = false): Row['goal'] {
  return { text, met: figure === null ? null : strict ? figure < limit : figure <= limit };
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** The nearest-rank percentile of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

function fmt(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const digits = unit === 'requests' ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** The rows as printable cells, one object per row (for `console.table` and the README). */
export function cells(rows: readonly Row[]): Array<Record<string, string>> {
  return rows.map((r) => ({
    '#': String(r.group),
    measure: r.what,
    Flagline: r.shown ?? fmt(r.ours, r.unit),
    peer: r.peer ? `${r.peer.name}: ${fmt(r.peer.value, r.unit)}` : '',
    ratio: r.ratio === null || r.ratio === undefined ? '' : `${r.ratio.toFixed(r.ratio >= 10 ? 0 : 1)}×`,
    goal: r.goal ? r.goal.text : '',
    verdict: r.goal ? (r.goal.met === null ? 'not measured' : r.goal.met ? 'met' : 'MISSED') : '',
  }));
}

/** The table as Markdown, for the README's Performance section. */
export function markdown(rows: readonly Row[]): string {
  const table = cells(rows);
  const heads = Object.keys(table[0] ?? {});
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `| ${heads.join(' | ')} |`,
    `| ${heads.map(() => '---').join(' | ')} |`,
    ...table.map((cellsOfRow) => `| ${heads.map((h) => escape(cellsOfRow[h] ?? '')).join(' | ')} |`),
  ].join('\n');
}
