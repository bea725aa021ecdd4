import { dueBadge, recordDue } from '@/lib/incident/due-state';
import { needsAssessment, recordStatusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { oneLine } from '@/lib/ui/text';
import { useNow } from '../record/useNow';

/** A few records, newest first; choosing one opens it. */
export function RecordList({
  records,
  selectedId,
  onOpen,
  label = 'Saved records',
  empty = 'No records yet. Select an AI output on a page and flag it.',
}: {
  records: Incident[];
  selectedId?: string;
  onOpen: (id: string) => void;
  label?: string;
  empty?: string;
}) {
  const now = useNow();
  if (records.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul className="list" aria-label={label}>
      {records.map((record) => (
        <li key={record.id}>
          <button
            type="button"
            className="item"
            aria-current={record.id === selectedId ? 'true' : undefined}
            onClick={() => onOpen(record.id)}
          >
            <span className="row spread nowrap">
              <strong className="truncate">{oneLine(record.evidence.output, 90)}</strong>
              <span className="row nowrap badges">
                <DueBadge record={record} now={now} />
                <span className={`badge${needsAssessment(record) ? ' badge-attention' : ''}`}>
                  {recordStatusLabel(record)}
                </span>
              </span>
            </span>
            <span className="small muted truncate block">
              {formatTime(record.createdAt)} · {record.evidence.page.title || record.evidence.page.url}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** "Overdue" or "Due soon" on a row, nothing while there is time (docs/incident-model.md, "Escalation"). */
export function DueBadge({ record, now }: { record: Incident; now: Date }) {
  const due = recordDue(record, now);
  const text = dueBadge(due);
  if (!text) return null;
  return <span className={`badge ${due?.state === 'overdue' ? 'badge-overdue' : 'badge-due-soon'}`}>{text}</span>;
}
