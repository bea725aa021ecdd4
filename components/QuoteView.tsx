import type { TextQuoteSelector } from '@/lib/capture/schema';

/** A flagged quote with its context, rendered as text only: page content never becomes HTML. */
export function QuoteView({ quote }: { quote: TextQuoteSelector }) {
  return (
    <blockquote className="quote" aria-label="Flagged output">
      {quote.prefix && <span className="context">…{quote.prefix}</span>}
      <mark>{quote.exact}</mark>
      {quote.suffix && <span className="context">{quote.suffix}…</span>}
    </blockquote>
  );
}
