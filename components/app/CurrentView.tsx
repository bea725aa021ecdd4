import { useLiveQuery } from 'dexie-react-hooks';
import type { Incident } from '@/lib/incident/schema';
import { usePanelStore } from '@/lib/ui/panel-store';
import { currentLists } from '@/lib/ui/reads';
import { NewReportForm } from '../assess/NewReportForm';
import { RecordList } from '../log/RecordList';
import { RecordView } from '../record/RecordView';

/** How many records each short list of the "Current" view names; the log has them all. */
const SHORT = 5;

/** The "Current" view: the record at hand (or the new report form), then a few records to go on with. */
export function CurrentView({ current, nothing }: { current?: Incident; nothing: boolean }) {
  const { composing, open, compose } = usePanelStore();
  return (
    <>
      {composing ? (
        <NewReportForm onCreated={(id) => open(id)} onCancel={() => compose(false)} />
      ) : current ? (
        <RecordView record={current} />
      ) : (
        nothing && (
          <section className="card">
            <h2>Nothing flagged yet</h2>
            <p className="muted">
              Select the AI output on a page, then choose “Flag AI output” from the button beside the selection, the
              right-click menu, or press Alt+Shift+F. For output you cannot select, use “New report”.
            </p>
          </section>
        )
      )}
      <CurrentLists selectedId={current?.id} />
    </>
  );
}

/** "Needs assessment" and the newest records, a few rows each, and the way to the whole log. */
function CurrentLists({ selectedId }: { selectedId?: string }) {
  const { open, setView } = usePanelStore();
  const lists = useLiveQuery(() => currentLists(SHORT), []);
  if (!lists) {
    return (
      <p className="muted" role="status">
        Loading records…
      </p>
    );
  }
  return (
    <>
      {lists.waiting.length > 0 && (
        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Needs assessment</h2>
          <RecordList records={lists.waiting} selectedId={selectedId} onOpen={open} label="Needs assessment" />
        </section>
      )}
      <section className="card" aria-labelledby="records-heading">
        <h2 id="records-heading">Recent records</h2>
        <RecordList records={lists.recent} selectedId={selectedId} onOpen={open} />
        {lists.total > 0 && (
          <p className="see-all">
            <button type="button" className="link" onClick={() => setView('log')}>
              See all {lists.total.toLocaleString()} in the log
            </button>
          </p>
        )}
      </section>
    </>
  );
}
