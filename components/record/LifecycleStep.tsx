import { useId, useState, type FormEvent } from 'react';
import { openActionsLabel } from '@/lib/incident/corrective-actions';
import { blockedMessage, blockersOf, STEP_INFO, type LifecycleStep as Step } from '@/lib/incident/lifecycle';
import {
  missingForValues,
  STEP_FIELDS,
  stepSuggestions,
  stepValues,
  type StepValues,
} from '@/lib/incident/lifecycle-actions';
import type { Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { FormAlert } from '../ui/FormParts';
import { ContainmentSteps } from './ContainmentSteps';
import { CorrectiveActions } from './CorrectiveActions';
import { ReopenStep } from './ReopenStep';
import { StepChecklist } from './StepChecklist';
import { StepFieldControl } from './StepFieldControl';
import { useRecordAction } from './useRecordAction';

/**
 * One response step: title, completion and what it waits for in the summary; checklist, the
 * step's own lists, fields and actions inside.
 */
export function LifecycleStep({
  record,
  step,
  number,
  current,
  locked,
}: {
  record: Incident;
  step: Step;
  number: number;
  /** The step to work on next: shown open. */
  current: boolean;
  /** Declined or merged: the step can be read, not edited. */
  locked: boolean;
}) {
  const info = STEP_INFO[step];
  const completion = record.steps?.[step];
  const blockers = blockersOf(record, step);
  const id = useId();
  return (
    <li style={{ padding: '6px 0' }}>
      <details open={current}>
        <summary>
          <strong id={`${id}-title`}>
            {number}. {info.title}
          </strong>{' '}
          {completion ? <span className="badge">Done</span> : current && <span className="badge">Current</span>}
          {step === 'corrected' && openActionsLabel(record) && (
            <span className="small"> · {openActionsLabel(record)}</span>
          )}
          {completion && (
            <span className="small muted" style={{ display: 'block' }}>
              Completed <time dateTime={completion.completedAt}>{formatTime(completion.completedAt)}</time> by{' '}
              {completion.by}
            </span>
          )}
          {blockers.length > 0 && (
            <span className="small muted" style={{ display: 'block' }}>
              {completion
                ? `Counts toward the status again once ${blockers.map((s) => STEP_INFO[s].title).join(' and ')} ${blockers.length > 1 ? 'are' : 'is'} complete.`
                : blockedMessage(blockers)}
            </span>
          )}
        </summary>
        <div className="stack" style={{ padding: '8px 0 4px' }}>
          <StepChecklist record={record} step={step} locked={locked} />
          {step === 'evidence-preserved' && <CapturedEvidence record={record} />}
          {step === 'contained' && <ContainmentSteps record={record} locked={locked} />}
          {step === 'corrected' && <CorrectiveActions record={record} locked={locked} />}
          {/* A completed step without fields (Detect and report, Correct) has nothing to save. */}
          {!(completion && STEP_FIELDS[step].length === 0) && (
            <StepForm
              record={record}
              step={step}
              titleId={`${id}-title`}
              locked={locked}
              blocked={!completion && blockers.length > 0}
            />
          )}
          {completion && !locked && <ReopenStep recordId={record.id} step={step} />}
        </div>
      </details>
    </li>
  );
}

/**
 * The step's fields and its save button. Unsaved edits are kept while the record changes
 * elsewhere; untouched fields follow the record, with suggestions (the time now, a failed human
 * review) in empty ones. What is still needed shows beside the button.
 */
function StepForm({
  record,
  step,
  titleId,
  locked,
  blocked,
}: {
  record: Incident;
  step: Step;
  titleId: string;
  locked: boolean;
  blocked: boolean;
}) {
  const info = STEP_INFO[step];
  const completion = record.steps?.[step];
  const [openedAt] = useState(() => new Date());
  const [draft, setDraft] = useState<StepValues | null>(null);
  const values = draft ?? { ...stepValues(record, step), ...stepSuggestions(record, step, openedAt) };
  const { pending, error, message, run } = useRecordAction();
  const id = useId();
  const needed = missingForValues(record, step, values);

  async function save(event: FormEvent) {
    event.preventDefault();
    const saved = await run(
      { type: 'ui-bg:save-step', id: record.id, step, values },
      completion ? 'Changes saved.' : `${info.title} completed.`,
    );
    if (saved) setDraft(null);
  }

  return (
    <form onSubmit={(event) => void save(event)} aria-labelledby={titleId}>
      <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        {STEP_FIELDS[step].map((field) => (
          <StepFieldControl
            key={field.path}
            id={`${id}-${field.path}`}
            field={field}
            value={values[field.path]}
            onChange={(value) => setDraft({ ...values, [field.path]: value })}
          />
        ))}
        {!locked && needed.length > 0 && (
          <p id={`${id}-needed`} className="small">
            {completion ? 'This step must keep' : 'To complete this step, fill in'}: {needed.join('; ')}.
          </p>
        )}
        {!locked && blocked && (
          <p className="small">You can fill this in now; it completes once the steps before it are.</p>
        )}
        <div className="row">
          <button
            type="submit"
            className="primary"
            aria-disabled={pending || undefined}
            aria-describedby={
              [error && `${id}-error`, needed.length > 0 && `${id}-needed`].filter(Boolean).join(' ') || undefined
            }
          >
            {completion ? 'Save changes' : `Save and complete ${info.title}`}
          </button>
        </div>
      </fieldset>
      <FormAlert id={`${id}-error`} message={error} />
      <p role="status" className="small muted" style={{ margin: '4px 0 0' }}>
        {message}
      </p>
    </form>
  );
}

/** What was captured and its hash, beside the evidence gathered later. */
function CapturedEvidence({ record }: { record: Incident }) {
  return (
    <p className="small" style={{ margin: 0 }}>
      Evidence captured{' '}
      <time dateTime={record.evidence.page.capturedAt}>{formatTime(record.evidence.page.capturedAt)}</time>. SHA-256:{' '}
      <code style={{ wordBreak: 'break-all' }}>{record.evidence.hash.value}</code>
    </p>
  );
}
