import { useState } from 'react';
import { MIN_REDACTION } from '@/lib/incident/redact';
import type { Incident } from '@/lib/incident/schema';
import { fieldLabel, redactionSummary, type FindingLine } from '@/lib/redaction/summary';
import { useRecordAction } from './useRecordAction';

function FindingList({ label, lines }: { label: string; lines: FindingLine[] }) {
  if (!lines.length) return null;
  return (
    <div>
      <p className="small muted">{label}</p>
      <ul className="small" aria-label={label}>
        {lines.map((line) => (
          <li key={`${line.field}:${line.start}`}>
            {line.kind.replace(/-/g, ' ')} in the {fieldLabel(line.field)} at {line.start}–{line.end}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What was found in the evidence (kind and position, never the value) and the reviewer's own
 * redactions: any text, such as a customer's name, becomes `[redacted]` everywhere in the
 * evidence as a new revision; the screenshot can be deleted the same way.
 */
export function EvidenceRedaction({ record }: { record: Incident }) {
  const { pending, error, message, run } = useRecordAction();
  const [text, setText] = useState('');
  const summary = redactionSummary(record.evidence);
  const id = `redact-${record.id}`;

  function pickSelection() {
    const selected = window.getSelection()?.toString().trim() ?? '';
    if (selected) setText(selected);
  }

  async function redact(event: React.FormEvent) {
    event.preventDefault();
    const value = text.trim();
    const done = await run(
      { type: 'ui-bg:redact-text', id: record.id, text: value },
      'Redacted: a new revision was saved.',
    );
    if (done) setText('');
  }

  return (
    <details className="stack">
      <summary>Redaction{summary.byReviewer ? ` · ${summary.byReviewer} redacted by a reviewer` : ''}</summary>
      <FindingList label="Masked before it was stored" lines={summary.masked} />
      <FindingList label="Masked whenever the record leaves this device" lines={summary.onSharing} />
      {summary.screenshotDeleted && <p className="small muted">The screenshot was deleted.</p>}
      <form className="stack" onSubmit={(event) => void redact(event)}>
        <label htmlFor={id}>Text to redact everywhere in the evidence</label>
        <div className="row">
          <input
            id={id}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-help`}
            autoComplete="off"
          />
          <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={pickSelection}>
            Use selected text
          </button>
          <button type="submit" disabled={pending || text.trim().length < MIN_REDACTION}>
            Redact
          </button>
        </div>
        <p id={`${id}-help`} className="small muted">
          Select a name in the quote, or type it. The evidence hash stays that of the original, so whoever holds the
          original can still verify it.
        </p>
      </form>
      {record.evidence.screenshot && (
        <button
          type="button"
          disabled={pending}
          onClick={() => void run({ type: 'ui-bg:delete-screenshot', id: record.id }, 'Screenshot deleted.')}
        >
          Delete the screenshot
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </details>
  );
}
