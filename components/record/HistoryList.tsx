import { useId } from 'react';
import type { Incident } from '@/lib/incident/schema';
import { changedInWords } from '@/lib/incident/history-words';
import { formatTime } from '@/lib/ui/format';

/** The append-only history of a record, oldest first: who changed what, and when. */
export function HistoryList({ record }: { record: Incident }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>History</h2>
      <ol aria-label="History" className="list">
        {record.history.map((entry, index) => (
          <li key={`${entry.revision}-${index}`} style={{ padding: '6px 0', overflowWrap: 'anywhere' }}>
            <div>
              rev {entry.revision} · <time dateTime={entry.at}>{formatTime(entry.at)}</time> · {entry.by} ·{' '}
              {entry.action}
            </div>
            {entry.changed && entry.changed.length > 0 && (
              <div className="small muted">Changed the {changedInWords(entry.changed)}</div>
            )}
            {entry.note && (
              <div className="small" style={{ whiteSpace: 'pre-wrap' }}>
                Note: {entry.note}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
