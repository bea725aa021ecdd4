import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Incident } from '@/lib/incident/schema';
import { flagNoticeItem, type FlagNotice } from '@/lib/settings/items';
import { usePanelStore, type PanelView } from '@/lib/ui/panel-store';
import { oneLine } from '@/lib/ui/text';
import { LogView } from '../log/LogView';
import { ReviewView } from '../review/ReviewView';
import { SiteToggle } from '../settings/SiteToggle';
import { SyncStatusBanner } from '../sync/SyncStatus';
import { CurrentView } from './CurrentView';
import { useOpenRecordRequest } from './useOpenRecordRequest';
import { useShownRecord } from './useShownRecord';

const VIEWS: ReadonlyArray<[PanelView, string]> = [
  ['current', 'Current'],
  ['log', 'Log'],
  ['review', 'Review'],
];

/** The side panel: the record at hand and a few others; the log; the review. */
export function SidePanelApp() {
  const { selectedId, composing, open, compose, view, setView } = usePanelStore();
  const { current, nothing, newFlag, acknowledge } = useShownRecord(selectedId, composing);
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
      {newFlag && (
        <NewFlagBanner
          record={newFlag}
          onOpen={() => {
            acknowledge(newFlag.id, true);
            open(newFlag.id);
          }}
          onDismiss={() => acknowledge(newFlag.id)}
        />
      )}
      <nav className="tabs" aria-label="Views">
        {VIEWS.map(([key, label]) => (
          <button key={key} type="button" aria-current={view === key ? 'page' : undefined} onClick={() => setView(key)}>
            {label}
          </button>
        ))}
      </nav>
      {view === 'log' && <LogView />}
      {view === 'review' && <ReviewView />}
      {view === 'current' && <CurrentView current={current} nothing={nothing} />}
    </main>
  );
}

/** A flag made while the panel is open: offered, never swapped in over what the reviewer is doing. */
function NewFlagBanner({ record, onOpen, onDismiss }: { record: Incident; onOpen: () => void; onDismiss: () => void }) {
  const page = record.evidence.page.title || record.evidence.page.url;
  return (
    <div className="card notice new-flag row spread" role="status" aria-label="New flag">
      <span className="grow">New flag on {oneLine(page, 80)}</span>
      <span className="row">
        <button type="button" className="primary" onClick={onOpen}>
          Open it
        </button>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </span>
    </div>
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
