import { dueWords, missingWords, recordDue, triageWords, type RecordDue } from '@/lib/incident/due-state';
import type { Incident } from '@/lib/incident/schema';
import { useNow } from './useNow';

const STATE_CLASS: Record<RecordDue['state'], string> = {
  overdue: 'due-line due-overdue',
  'due-soon': 'due-line due-soon',
  due: 'due-line',
};

/**
 * Where the record stands against its due time (docs/incident-model.md, "Triage" and
 * "Escalation"): "Needs assessment · owner Sam Lee · due in 3 h 40 min" in triage, then
 * "Due in 4 hours · Owner not told yet · Containment not recorded" until the response is met.
 * Nothing once everything due is done.
 */
export function DueLine({ record }: { record: Incident }) {
  const now = useNow();
  const due = recordDue(record, now);
  if (!due) return null;
  const text =
    due.kind === 'triage'
      ? triageWords(record.triage?.owner, due, now)
      : [dueWords(due, now), ...due.missing.map(missingWords)].join(' · ');
  return (
    <p className={`small ${STATE_CLASS[due.state]}`} data-testid="due-line">
      {text}
    </p>
  );
}
