import type { TextQuoteSelector } from '@/lib/capture/schema';

/** Context is shown on one line: page markup indentation would otherwise read as blank space. */
const squash = (text: string) => text.replace(/\s+/g, ' ');

/** A flagged quote with its context, rendered as text only: page content never becomes HTML. */
export function QuoteView({ quote }: { quote: TextQuoteSelector }) {
  const prefix = squash(quote.prefix).trimStart();
  const suffix = squash(quote.suffix).trimEnd();
  return (
    <blockquote className="quote" aria-label="Flagged output">
      {prefix.trim() && <span className="context">…{prefix}</span>}
      <mark>{quote.exact}</mark>
      {suffix.trim() && <span className="context">{suffix}…</span>}
    </blockquote>
  );
}
