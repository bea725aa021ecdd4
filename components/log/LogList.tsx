import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { recordStatusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { workflowName } from '@/lib/log/filter';
import { SYNC_STATE_LABELS, type SyncState } from '@/lib/sync/state';
import { age, oneLine } from '@/lib/ui/text';
import { useNow } from '../record/useNow';
import { DueBadge } from './RecordList';

/** Rows have a fixed height (every line truncates), so the virtualiser never has to measure. */
const ROW_HEIGHT = 80;

const CLASS_LABELS = { incident: 'Incident', 'near-miss': 'Near miss' } as const;

/**
 * One row: the flagged text first, then the page, then the verdict line (class, severity, step,
 * age, workflow, sync) on a line of its own, so a 400 px panel never cuts the class off.
 */
function LogRow({
  record,
  sync,
  now,
  onOpen,
}: {
  record: Incident;
  sync?: SyncState;
  now: Date;
  onOpen: (id: string) => void;
}) {
  const cls = record.assessment?.class;
  const severity = record.assessment?.severity;
  return (
    <button type="button" className="item" onClick={() => onOpen(record.id)}>
      <span className="row nowrap">
        <strong className="truncate">{oneLine(record.evidence.output, 140)}</strong>
        <DueBadge record={record} now={now} />
      </span>
      <span className="small muted truncate">{record.evidence.page.title || record.evidence.page.url}</span>
      {/* The lines read as one sentence to a screen reader, as they did on one line. */}
      <span className="sr-only"> · </span>
      <span className="small truncate">
        {cls ? CLASS_LABELS[cls] : 'Not assessed'}
        {severity ? ` · ${severity}` : ''} · {recordStatusLabel(record)} · {age(record.timeline.detectedAt)} ·{' '}
        {workflowName(record)}
        {sync ? ` · ${SYNC_STATE_LABELS[sync]}` : ''}
      </span>
    </button>
  );
}

/**
 * The log's records in a virtualised list: only the rows in view (and a few around them) are in
 * the DOM, so ten thousand records scroll as smoothly as ten. Rows say their place in the whole
 * list (aria-setsize, aria-posinset), since most of it is not rendered.
 */
export function LogList({
  records,
  syncOf,
  onOpen,
}: {
  records: readonly Incident[];
  syncOf: (id: string) => SyncState | undefined;
  onOpen: (id: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const now = useNow();
  // TanStack Virtual keeps its state outside React; the compiler lint cannot see through it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  if (records.length === 0) return <p className="muted">No records match.</p>;
  return (
    <div ref={scroller} className="log-scroll" data-testid="log-scroll">
      <div role="list" aria-label="Incident log" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const record = records[item.index]!;
          return (
            <div
              key={record.id}
              role="listitem"
              aria-setsize={records.length}
              aria-posinset={item.index + 1}
              className="log-row"
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <LogRow record={record} sync={syncOf(record.id)} now={now} onOpen={onOpen} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
