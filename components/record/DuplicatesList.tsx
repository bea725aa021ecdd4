import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import type { Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { usePanelStore } from '@/lib/ui/panel-store';
import { recordsMergedInto } from '@/lib/ui/reads';
import { oneLine } from '@/lib/ui/text';

/** The duplicate flags merged into this record, each with its date and quote, each opening its record. */
export function DuplicatesList({ record }: { record: Incident }) {
  const id = useId();
  const open = usePanelStore((state) => state.open);
  const merged = useLiveQuery(() => recordsMergedInto(record.id), [record.id]);
  if (!merged?.length) return null;
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Duplicates merged into this record</h2>
      <ul className="plain" aria-labelledby={`${id}-heading`}>
        {merged.map((duplicate) => (
          <li key={duplicate.id}>
            <button type="button" className="link record-link" onClick={() => open(duplicate.id)}>
              “{oneLine(duplicate.evidence.output, 100)}”
            </button>
            <span className="small muted"> flagged {formatTime(duplicate.timeline.detectedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
