import { statusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { excerpt, formatTime } from '@/lib/ui/format';

/** Saved records, newest first; choosing one opens it. */
export function RecordList({
  records,
  selectedId,
  onOpen,
}: {
  records: Incident[];
  selectedId?: string;
  onOpen: (id: string) => void;
}) {
  if (records.length === 0) {
    return <p className="muted">No records yet. Select an AI output on a page and flag it.</p>;
  }
  return (
    <ul className="list" aria-label="Saved records">
      {records.map((record) => (
        <li key={record.id}>
          <button
            type="button"
            className="item"
            aria-current={record.id === selectedId ? 'true' : undefined}
            onClick={() => onOpen(record.id)}
          >
            <span className="row spread">
              <strong className="truncate">{excerpt(record.evidence.output, 70)}</strong>
              <span className="badge">{statusLabel(record.status)}</span>
            </span>
            <span className="small muted truncate">
              {formatTime(record.createdAt)} · {record.evidence.page.title || record.evidence.page.url}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
