import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useMemo } from 'react';
import { filterRecords, isFiltered, newestFirst, workflowName } from '@/lib/log/filter';
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
  // Search and filters live in the panel store: they survive a view switch and a reopened panel.
  const filter = usePanelStore((state) => state.logFilter);
  const setFilter = usePanelStore((state) => state.setLogFilter);
  const records = useLiveQuery(async () => newestFirst(await allRecords()), []);
  const outbox = useLiveQuery(logOutboxSummary, []);
  const configured = useEndpointConfigured();
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
