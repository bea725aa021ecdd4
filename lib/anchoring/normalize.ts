/**
 * Text normalised for comparison: Unicode compatibility forms (NFKC), typographic quotes, dashes
 * and spaces folded, case kept, runs of whitespace collapsed to one space. `map[i]` is the offset
 * in the original text of normalised character `i`, so a match maps back to the page.
 */
export interface Normalised {
  text: string;
  map: number[];
}

const FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u00ad': '',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\ufeff': '',
};

/** Normalises `text` keeping a map back to original offsets (length of map = text.length + 1). */
export function normalise(text: string): Normalised {
  const out: string[] = [];
  const map: number[] = [];
  let space = true; // Leading whitespace is dropped.
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!space) {
        out.push(' ');
        map.push(i);
        space = true;
      }
      continue;
    }
    const folded = FOLD[ch] ?? (ch.charCodeAt(0) < 128 ? ch : ch.normalize('NFKC'));
    for (const piece of folded) {
      out.push(piece);
      map.push(i);
    }
    if (folded) space = false;
  }
  map.push(text.length);
  return { text: out.join(''), map };
}
