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

const SPACE = /\s/;

/**
 * A normaliser that takes its input in pieces, so a whole page can be normalised in slices between
 * which the page gets the main thread back. `feed` calls must cover the text in order.
 */
export class Normaliser {
  private readonly out: string[] = [];
  private readonly map: number[] = [];
  private space = true; // Leading whitespace is dropped.

  /** Normalises `text[from, to)`. */
  feed(text: string, from: number, to: number): void {
    const { map } = this;
    // One string per piece: joining millions of one-character strings at the end would be a long task.
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      const ch = text[i]!;
      const code = ch.charCodeAt(0);
      // ASCII letters, digits and punctuation are by far the most common: no table, no regex.
      if (code > 32 && code < 127) {
        out.push(ch);
        map.push(i);
        this.space = false;
        continue;
      }
      if (SPACE.test(ch)) {
        if (!this.space) {
          out.push(' ');
          map.push(i);
          this.space = true;
        }
        continue;
      }
      const folded = FOLD[ch] ?? (code < 128 ? ch : ch.normalize('NFKC'));
      for (const piece of folded) {
        out.push(piece);
        map.push(i);
      }
      if (folded) this.space = false;
    }
    this.out.push(out.join(''));
  }

  /** The result for a text of `length` characters fed so far. */
  finish(length: number): Normalised {
    this.map.push(length);
    return { text: this.out.join(''), map: this.map };
  }
}

/** Normalises `text` keeping a map back to original offsets (length of map = text.length + 1). */
export function normalise(text: string): Normalised {
  const n = new Normaliser();
  n.feed(text, 0, text.length);
  return n.finish(text.length);
}
