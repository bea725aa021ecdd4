import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { statusLabel } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { workflowName } from '@/lib/log/filter';
import { SYNC_STATE_LABELS, type SyncState } from '@/lib/sync/state';
import { excerpt, formatTime } from '@/lib/ui/format';

/** Rows have a fixed height (every line truncates), so the virtualiser never has to measure. */
const ROW_HEIGHT = 64;

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
          const sync = syncOf(record.id);
          const cls = record.assessment?.class;
          return (
            <div
              key={record.id}
              role="listitem"
              aria-setsize={records.length}
              aria-posinset={item.index + 1}
              className="log-row"
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <button type="button" className="item" onClick={() => onOpen(record.id)}>
                <span className="row spread nowrap">
                  <strong className="truncate">
                    {excerpt(record.evidence.page.title || record.evidence.output, 60)}
                  </strong>
                  <span className="badge">
                    {cls === 'incident' ? 'Incident' : cls === 'near-miss' ? 'Near miss' : 'Not assessed'}
                    {record.assessment?.severity ? ` · ${record.assessment.severity}` : ''}
                  </span>
                </span>
                <span className="small muted truncate">
                  {formatTime(record.timeline.detectedAt)} · {statusLabel(record.status)} · {workflowName(record)}
                  {sync ? ` · ${SYNC_STATE_LABELS[sync]}` : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
