import type { TextQuoteSelector } from '@/lib/capture/schema';
import { normaliseWhitespace } from '@/lib/ui/text';

/** Context is shown on one line: page markup indentation would otherwise read as blank space. */
const squash = (text: string) => text.replace(/\s+/g, ' ');

/**
 * A flagged quote with its context, rendered as text only: page content never becomes HTML. The
 * page's indentation and runs of spaces are collapsed for reading, paragraph breaks kept; the
 * stored evidence is untouched.
 */
export function QuoteView({ quote }: { quote: TextQuoteSelector }) {
  const prefix = squash(quote.prefix).trimStart();
  const suffix = squash(quote.suffix).trimEnd();
  return (
    <blockquote className="quote" aria-label="Flagged output">
      {prefix.trim() && <span className="context">…{prefix}</span>}
      <mark>{normaliseWhitespace(quote.exact)}</mark>
      {suffix.trim() && <span className="context">{suffix}…</span>}
    </blockquote>
  );
}
