import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { flagNoticeItem, type FlagNotice } from '@/lib/settings/items';
import { usePanelStore, type PanelView } from '@/lib/ui/panel-store';
import { recentRecords, shownRecord } from '@/lib/ui/reads';
import { LogView } from '../log/LogView';
import { NewReportForm } from '../assess/NewReportForm';
import { RecordList } from '../log/RecordList';
import { RecordView } from '../record/RecordView';
import { ReviewView } from '../review/ReviewView';
import { SiteToggle } from '../settings/SiteToggle';
import { SyncStatusBanner } from '../sync/SyncStatus';
import { useOpenRecordRequest } from './useOpenRecordRequest';

const VIEWS: ReadonlyArray<[PanelView, string]> = [
  ['current', 'Current'],
  ['log', 'Log'],
  ['review', 'Review'],
];

/** The side panel: the newest flag (or the opened record) and the saved records; the log; the review. */
export function SidePanelApp() {
  const { selectedId, composing, open, compose, view, setView } = usePanelStore();
  const records = useLiveQuery(recentRecords, []);
  const current = useLiveQuery(() => shownRecord(selectedId), [selectedId]);
  useOpenRecordRequest(open);

  return (
    <main className="page">
      <header className="row spread">
        <h1>Flagline</h1>
        <div className="row">
          <button type="button" onClick={() => compose(true)} aria-expanded={composing}>
            New report
          </button>
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            Settings
          </button>
        </div>
      </header>
      <SiteToggle />
      <SyncStatusBanner />
      <FlagNoticeBar />
      <nav className="tabs" aria-label="Views">
        {VIEWS.map(([key, label]) => (
          <button key={key} type="button" aria-current={view === key ? 'page' : undefined} onClick={() => setView(key)}>
            {label}
          </button>
        ))}
      </nav>
      {view === 'log' && <LogView />}
      {view === 'review' && <ReviewView />}
      {view === 'current' && (
        <>
          {composing ? (
            <NewReportForm onCreated={(id) => open(id)} onCancel={() => compose(false)} />
          ) : current ? (
            <RecordView record={current} />
          ) : (
            records !== undefined && (
              <section className="card">
                <h2>Nothing flagged yet</h2>
                <p className="muted">
                  Select the AI output on a page, then choose “Flag AI output” from the button beside the selection, the
                  right-click menu, or press Alt+Shift+F. For output you cannot select, use “New report”.
                </p>
              </section>
            )
          )}
          <section className="card" aria-labelledby="records-heading">
            <div className="row spread">
              <h2 id="records-heading">Records</h2>
              {selectedId && (
                <button type="button" onClick={() => open(undefined)}>
                  Show newest draft
                </button>
              )}
            </div>
            {records ? (
              <RecordList records={records} selectedId={current?.id} onOpen={open} />
            ) : (
              <p className="muted" role="status">
                Loading records…
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}

/** What the last flag attempt has to tell the user, until dismissed. */
function FlagNoticeBar() {
  const [notice, setNotice] = useState<FlagNotice | null>(null);

  useEffect(() => {
    void flagNoticeItem.getValue().then(setNotice);
    return flagNoticeItem.watch(setNotice);
  }, []);

  return notice ? (
    <div className="card notice row spread" role="alert">
      <span>{notice.text}</span>
      <button type="button" onClick={() => void flagNoticeItem.setValue(null)}>
        Dismiss
      </button>
    </div>
  ) : null;
}
