/**
 * Text normalised for comparison: Unicode compatibility forms (NFKC), typographic quotes, dashes
 * and spaces folded, case kept, runs of whitespace collapsed to one space. `map[i]` is the offset
 * in the original text of normalised character `i`, so a match maps back to the page.
 */
export interface Normalised {
  text: string;
  map: Int32Array;
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

/** ASCII letters, digits and punctuation: kept as they are, by far the most common case. */
const plain = (code: number) => code > 32 && code < 127;

/**
 * A normaliser that takes its input in pieces, so a whole page can be normalised in slices between
 * which the page gets the main thread back. `feed` calls must cover the text in order. Runs of
 * plain ASCII are copied as slices and the map is a typed array: a 5 MB page is normalised in a
 * few tens of milliseconds in all, not one string and one array entry per character.
 */
export class Normaliser {
  private readonly out: string[] = [];
  private map = new Int32Array(1024);
  private size = 0;
  private space = true; // Leading whitespace is dropped.

  /** The pieces of the current `feed`, joined into one string when it ends. */
  private pieces: string[] = [];

  private emit(piece: string, at: number): void {
    this.pieces.push(piece);
    this.reserve(piece.length);
    for (let k = 0; k < piece.length; k++) this.map[this.size++] = at;
  }

  private reserve(extra: number): void {
    if (this.size + extra + 1 <= this.map.length) return;
    const grown = new Int32Array(Math.max(this.map.length * 2, this.size + extra + 1));
    grown.set(this.map.subarray(0, this.size));
    this.map = grown;
  }

  /** Normalises `text[from, to)`. */
  feed(text: string, from: number, to: number): void {
    this.reserve(to - from);
    let i = from;
    while (i < to) {
      let code = text.charCodeAt(i);
      if (plain(code)) {
        const run = i;
        while (i < to && plain(text.charCodeAt(i))) this.map[this.size++] = i++;
        this.pieces.push(text.slice(run, i));
        this.space = false;
        continue;
      }
      const ch = text[i]!;
      code = ch.charCodeAt(0);
      if (code === 32 || SPACE.test(ch)) {
        if (!this.space) this.emit(' ', i);
        this.space = true;
      } else {
        const folded = FOLD[ch] ?? (code < 128 ? ch : ch.normalize('NFKC'));
        if (folded) {
          this.emit(folded, i);
          this.space = false;
        }
      }
      i++;
    }
    // One string per feed: hundreds of thousands of small pieces kept alive make the garbage
    // collector pause for long, and joining them all at the end would be a long task itself.
    this.out.push(this.pieces.join(''));
    this.pieces = [];
  }

  /** The result for a text of `length` characters fed so far. */
  finish(length: number): Normalised {
    this.reserve(1);
    this.map[this.size++] = length;
    return { text: this.out.join(''), map: this.map.subarray(0, this.size) };
  }
}

/** Normalises `text` keeping a map back to original offsets (length of map = text.length + 1). */
export function normalise(text: string): Normalised {
  const n = new Normaliser();
  n.feed(text, 0, text.length);
  return n.finish(text.length);
}
