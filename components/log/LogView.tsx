import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useMemo, useState } from 'react';
import { EMPTY_FILTER, filterRecords, isFiltered, newestFirst, workflowName, type LogFilter } from '@/lib/log/filter';
import { syncStates } from '@/lib/sync/state';
import { usePanelStore } from '@/lib/ui/panel-store';
import { allRecords, logOutboxSummary } from '@/lib/ui/reads';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { LogFilters } from './LogFilters';
import { LogList } from './LogList';
import { useEndpointConfigured } from '../sync/SyncBadge';

/** The incident log: every record, searchable and filterable, with export and import. */
export function LogView() {
  const open = usePanelStore((state) => state.open);
  const records = useLiveQuery(async () => newestFirst(await allRecords()), []);
  const outbox = useLiveQuery(logOutboxSummary, []);
  const configured = useEndpointConfigured();
  const [filter, setFilter] = useState<LogFilter>(EMPTY_FILTER);
  // Typing stays responsive while ten thousand records are filtered behind it.
  const deferred = useDeferredValue(filter);

  const sync = useMemo(
    () => syncStates(records?.map((r) => r.id) ?? [], outbox ?? [], configured),
    [records, outbox, configured],
  );
  const shown = useMemo(() => filterRecords(records ?? [], deferred, (id) => sync.get(id)), [records, deferred, sync]);
  const workflows = useMemo(() => [...new Set((records ?? []).map(workflowName))].sort(), [records]);

  return (
    <>
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">Incident log</h2>
        <LogFilters filter={filter} workflows={workflows} onChange={setFilter} />
        {records ? (
          <>
            <p className="small muted" role="status">
              Showing {shown.length.toLocaleString()} of {records.length.toLocaleString()} records
            </p>
            <LogList records={shown} syncOf={(id) => sync.get(id)} onOpen={open} />
          </>
        ) : (
          <p className="muted" role="status">
            Loading the log…
          </p>
        )}
      </section>
      <ExportPanel filtered={shown} filterActive={isFiltered(filter)} />
      <ImportPanel />
    </>
  );
}
