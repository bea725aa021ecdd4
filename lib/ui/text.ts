/**
 * Page text as a reader should see it: the page's source indentation, line wraps and runs of
 * spaces collapse to single spaces, while paragraph breaks (a blank line, or a line break with
 * only whitespace around it repeated) stay as one empty line. Display only: stored evidence is
 * never rewritten.
 */
export function normaliseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n\s*/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** One line of page text, whitespace collapsed, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** How long ago, in a few characters: "just now", "5 min", "3 h", "12 d", then the date. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ago`;
  if (minutes < 60 * 24 * 60) return `${Math.floor(minutes / 1440)} d ago`;
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}
