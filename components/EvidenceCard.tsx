import { statusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { QuoteView } from './QuoteView';
import { formatTime } from '@/lib/ui/format';

/** The evidence of one record at a glance: quote, page, time and the capture hash. */
export function EvidenceCard({ record }: { record: Incident }) {
  const { evidence } = record;
  const quote = evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
  return (
    <section className="card stack" aria-labelledby={`evidence-${record.id}`}>
      <div className="row spread">
        <h2 id={`evidence-${record.id}`}>Evidence</h2>
        <span className="badge">{statusLabel(record.status)}</span>
      </div>
      {quote ? (
        <QuoteView quote={quote} />
      ) : (
        <blockquote className="quote" aria-label="Flagged output">
          {evidence.output}
        </blockquote>
      )}
      <dl className="small">
        <dt className="muted">Page</dt>
        <dd className="truncate" title={evidence.page.url}>
          {evidence.page.title || 'Untitled page'} · <span className="muted">{evidence.page.url}</span>
        </dd>
        <dt className="muted">Captured</dt>
        <dd>
          <time dateTime={evidence.page.capturedAt}>{formatTime(evidence.page.capturedAt)}</time> via{' '}
          {evidence.trigger.replace('-', ' ')}
        </dd>
        <dt className="muted">Evidence hash (SHA-256)</dt>
        <dd>
          <code title={evidence.hash.value}>{evidence.hash.value.slice(0, 16)}…</code>
        </dd>
      </dl>
    </section>
  );
}
