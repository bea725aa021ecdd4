import { useId, useState } from 'react';
import type { Incident } from '@/lib/incident/schema';
import { usePanelStore } from '@/lib/ui/panel-store';
import { useSaveNotice } from '../record/save-notice';
import { useRecordAction } from '../record/useRecordAction';
import { FormAlert } from '../ui/FormParts';

/**
 * "Discard", then a confirmation. A discarded draft is never deleted: it stays in the log,
 * declined with the reason "Discarded by the reporter", and can be reopened.
 */
export function DiscardDraft({ record, onDiscarding }: { record: Incident; onDiscarding: () => void }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const action = useRecordAction();

  function discard() {
    onDiscarding();
    void action.run({ type: 'ui-bg:discard', id: record.id }, 'Draft discarded.').then((done) => {
      if (!done) return;
      useSaveNotice.getState().say(record.id, 'Draft discarded. It stays in the log, and you can reopen it.');
      // Stay on the record, now discarded, rather than jump to another draft.
      usePanelStore.getState().open(record.id);
    });
  }

  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Discard
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby={`${id}-ask`} className="row">
      <span id={`${id}-ask`} className="small">
        Discard this draft? It stays in the log as discarded.
      </span>
      <button type="button" className="danger" onClick={discard} aria-disabled={action.pending || undefined}>
        Discard draft
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Keep editing
      </button>
      <FormAlert message={action.error} />
    </div>
  );
}
