import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent, type Ref } from 'react';
import { DISCARDED_REASON } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import type { PageRequest } from '@/lib/messaging/client';
import { usePanelStore } from '@/lib/ui/panel-store';
import { excerpt, formatTime } from '@/lib/ui/format';
import { recentRecords, recordById } from '@/lib/ui/reads';
import { FormAlert } from '../ui/FormParts';
import { useRecordAction } from './useRecordAction';

const recordLabel = (record: Incident) => `${excerpt(record.evidence.output, 60)} · ${formatTime(record.createdAt)}`;

/** Decline the record (not an incident) or merge it into the record it duplicates. */
export function DispositionActions({
  record,
  onClosing,
}: {
  record: Incident;
  /** Called with true before a decline or merge is attempted and false when it failed. */
  onClosing: (closing: boolean) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [targetId, setTargetId] = useState('');
  const decline = useRecordAction();
  const merge = useRecordAction();
  const others = useLiveQuery(
    async () => (await recentRecords()).filter((r) => r.id !== record.id && r.status !== 'merged'),
    [record.id],
  );

  /** Submits one closing command; the parent hears of the attempt, and of its failure. */
  function closing(action: typeof decline, request: PageRequest, success: string, reset: () => void) {
    return (event: FormEvent) => {
      event.preventDefault();
      onClosing(true);
      void action.run(request, success).then((done) => (done ? reset() : onClosing(false)));
    };
  }
  const submitDecline = closing(decline, { type: 'ui-bg:decline', id: record.id, reason }, 'Record declined.', () =>
    setReason(''),
  );
  const submitMerge = closing(merge, { type: 'ui-bg:merge', id: record.id, targetId }, 'Record merged.', () =>
    setTargetId(''),
  );

  return (
    <div className="stack">
      <form onSubmit={submitDecline} aria-labelledby={`${id}-decline`}>
        <h3 id={`${id}-decline`}>Decline</h3>
        <p className="small muted">Not an AI incident or near miss. The record is kept with your reason.</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for declining</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            required
            maxLength={4_000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
        <button type="submit" aria-describedby={decline.error ? `${id}-decline-error` : undefined}>
          Decline
        </button>
        <FormAlert id={`${id}-decline-error`} message={decline.error} />
      </form>
      <form onSubmit={submitMerge} aria-labelledby={`${id}-merge`}>
        <h3 id={`${id}-merge`}>Merge into another record</h3>
        <p className="small muted">A duplicate flag of the same output. This record then points to the other one.</p>
        <MergeTarget id={`${id}-target`} others={others} value={targetId} onChange={setTargetId} />
        <button
          type="submit"
          disabled={!others?.length}
          aria-describedby={merge.error ? `${id}-merge-error` : undefined}
        >
          Merge into another record
        </button>
        <FormAlert id={`${id}-merge-error`} message={merge.error} />
      </form>
    </div>
  );
}

/** The prominent state of a declined or merged record, with the way back. */
export function ClosedNotice({
  record,
  headingRef,
  onReopen,
}: {
  record: Incident;
  headingRef: Ref<HTMLHeadingElement>;
  /** Called with true before reopening is attempted and false when it failed. */
  onReopen: (reopening: boolean) => void;
}) {
  const id = useId();
  const open = usePanelStore((state) => state.open);
  const reopen = useRecordAction();
  const mergedInto = record.mergedInto;
  const target = useLiveQuery(() => (mergedInto ? recordById(mergedInto) : undefined), [mergedInto]);

  function reopenRecord() {
    onReopen(true);
    void reopen
      .run({ type: 'ui-bg:reopen-record', id: record.id }, 'Record reopened.')
      .then((done) => done || onReopen(false));
  }

  return (
    <div className="card notice stack" style={{ margin: 0 }}>
      <h3 ref={headingRef} tabIndex={-1}>
        {record.status === 'merged'
          ? 'Merged into another record'
          : record.declined?.reason === DISCARDED_REASON
            ? 'Discarded draft'
            : 'Declined: not an incident'}
      </h3>
      {record.declined && <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>Reason: {record.declined.reason}</p>}
      {mergedInto && (
        <div className="row">
          <span style={{ overflowWrap: 'anywhere' }}>{target ? recordLabel(target) : `Record ${mergedInto}`}</span>
          {target && (
            <button type="button" onClick={() => open(target.id)}>
              Open that record
            </button>
          )}
        </div>
      )}
      <div className="row">
        <button type="button" onClick={reopenRecord} aria-describedby={reopen.error ? `${id}-error` : undefined}>
          Reopen record
        </button>
      </div>
      <FormAlert id={`${id}-error`} message={reopen.error} />
    </div>
  );
}

/** The record a duplicate is merged into, among the others not merged themselves. */
function MergeTarget({
  id,
  others,
  value,
  onChange,
}: {
  id: string;
  others: Incident[] | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Record to merge into</label>
      <select
        id={id}
        required
        value={value}
        disabled={!others?.length}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{others?.length === 0 ? 'No other records' : 'Choose a record…'}</option>
        {others?.map((other) => (
          <option key={other.id} value={other.id}>
            {recordLabel(other)}
          </option>
        ))}
      </select>
    </div>
  );
}
