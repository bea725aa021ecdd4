/** A calendar quarter, UTC: `2026-Q3` runs from 1 July 00:00 UTC up to 1 October 00:00 UTC. */
export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

/** `2026-Q3`. */
export function quarterLabel({ year, q }: Quarter): string {
  return `${year}-Q${q}`;
}

/** The quarter a time falls in. */
export function quarterOf(time: Date): Quarter {
  return { year: time.getUTCFullYear(), q: (Math.floor(time.getUTCMonth() / 3) + 1) as Quarter['q'] };
}

/** Parses `2026-Q3`; undefined for anything else. */
export function parseQuarter(label: string): Quarter | undefined {
  const match = /^(\d{4})-Q([1-4])$/.exec(label.trim());
  return match ? { year: Number(match[1]), q: Number(match[2]) as Quarter['q'] } : undefined;
}

/** Start (inclusive) and end (exclusive) of a quarter, in epoch ms. */
export function quarterRange({ year, q }: Quarter): { start: number; end: number } {
  return { start: Date.UTC(year, (q - 1) * 3, 1), end: Date.UTC(year, q * 3, 1) };
}

/** The quarter before. */
export function previousQuarter({ year, q }: Quarter): Quarter {
  return q === 1 ? { year: year - 1, q: 4 } : { year, q: (q - 1) as Quarter['q'] };
}

/** The last `count` quarters up to and including the one holding `now`, newest first. */
export function recentQuarters(now: Date, count = 8): Quarter[] {
  const list = [quarterOf(now)];
  while (list.length < count) list.push(previousQuarter(list.at(-1)!));
  return list;
}
