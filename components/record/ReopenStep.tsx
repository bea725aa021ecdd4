import { useId, useState, type FormEvent } from 'react';
import { STEP_INFO, type LifecycleStep } from '@/lib/incident/lifecycle';
import { FormAlert } from '../ui/FormParts';
import { useRecordAction } from './useRecordAction';

/** Reopens a completed step; the reason is required and kept in the history. */
export function ReopenStep({ recordId, step }: { recordId: string; step: LifecycleStep }) {
  const id = useId();
  const title = STEP_INFO[step].title;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { pending, error, run } = useRecordAction();

  async function reopen(event: FormEvent) {
    event.preventDefault();
    if (await run({ type: 'ui-bg:reopen-step', id: recordId, step, reason }, `${title} reopened.`)) {
      setReason('');
      setOpen(false);
    }
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Reopen {title}
      </button>
    );
  }
  return (
    <form onSubmit={(event) => void reopen(event)} aria-label={`Reopen ${title}`}>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason for reopening</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={4_000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" aria-disabled={pending || undefined}>
          Confirm reopen
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <FormAlert message={error} />
    </form>
  );
}
