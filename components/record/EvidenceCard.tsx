import { textFragmentLink } from '@/lib/shared/fragment-link';
import { recordStatusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { EvidenceRedaction } from './EvidenceRedaction';
import { QuoteView } from './QuoteView';
import { ScreenshotThumb } from './ScreenshotThumb';
import { formatTime } from '@/lib/ui/format';

/**
 * The link that reopens the page at the quote, rebuilt from the record's page URL and quote each
 * time it is shown. The stored `textFragmentLink` is never used: an imported record's link could
 * point to another site than its page. Only web pages get a link; a field's value is not page text.
 */
export function quoteLink(record: Incident): string | undefined {
  const { evidence } = record;
  const quote = evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
  const url = evidence.page.frameUrl ?? evidence.page.url;
  if (!quote || evidence.source === 'text-field' || !/^https?:\/\//i.test(url)) return undefined;
  try {
    new URL(url);
  } catch {
    return undefined;
  }
  return textFragmentLink(url, quote);
}

/** The evidence of one record at a glance: quote, page, time and its fingerprint (the capture hash). */
export function EvidenceCard({ record }: { record: Incident }) {
  const { evidence } = record;
  const quote = evidence.selectors.find((s) => s.type === 'TextQuoteSelector');
  const link = quoteLink(record);
  return (
    <section className="card stack" aria-labelledby={`evidence-${record.id}`}>
      <div className="row spread">
        <h2 id={`evidence-${record.id}`}>Evidence</h2>
        <span className="badge">{recordStatusLabel(record)}</span>
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
        {evidence.aiTool && (
          <>
            <dt className="muted">AI tool</dt>
            <dd title={`Found by ${evidence.aiTool.foundBy}`}>{evidence.aiTool.value}</dd>
          </>
        )}
        {evidence.model && (
          <>
            <dt className="muted">Model</dt>
            <dd title={`Found by ${evidence.model.foundBy}`}>{evidence.model.value}</dd>
          </>
        )}
        {evidence.prompt && (
          <>
            <dt className="muted">Prompt</dt>
            <dd className="prompt" title={`Found by ${evidence.prompt.foundBy}`}>
              {evidence.prompt.value}
            </dd>
          </>
        )}
        {link && (
          <>
            <dt className="muted">Find it again</dt>
            <dd>
              <a href={link} target="_blank" rel="noreferrer">
                Open the page at the quote
              </a>
            </dd>
          </>
        )}
        {evidence.screenshot && (
          <>
            <dt className="muted">Screenshot</dt>
            <dd>
              <ScreenshotThumb recordId={record.id} shot={evidence.screenshot} />
            </dd>
          </>
        )}
        <dt className="muted">Fingerprint</dt>
        <dd>
          <code>{evidence.hash.value.slice(0, 16)}…</code>
        </dd>
      </dl>
      <TechnicalDetails hash={evidence.hash} />
      <EvidenceRedaction record={record} />
    </section>
  );
}

/** The capture hash by its technical name, for a reviewer who verifies it; collapsed. */
function TechnicalDetails({ hash }: { hash: Incident['evidence']['hash'] }) {
  return (
    <details className="small">
      <summary>Technical details</summary>
      <dl>
        <dt className="muted">Evidence hash ({hash.algorithm})</dt>
        <dd>
          <code style={{ overflowWrap: 'anywhere' }}>{hash.value}</code>
        </dd>
      </dl>
    </details>
  );
}
