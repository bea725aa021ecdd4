import { useId, useState, type FormEvent } from 'react';
import { STEP_INFO, type LifecycleStep as Step } from '@/lib/incident/lifecycle';
import { STEP_FIELDS, stepValues, type StepValues } from '@/lib/incident/lifecycle-actions';
import type { Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { FormAlert } from '../ui/FormParts';
import { StepFieldControl } from './StepFieldControl';
import { useRecordAction } from './useRecordAction';

/**
 * One response step: title and completion in the summary; checklist, fields and actions inside.
 * Unsaved edits are kept while the record changes elsewhere; untouched fields follow the record.
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
  /** The first incomplete step: shown open. */
  current: boolean;
  /** Declined or merged: the step can be read, not edited. */
  locked: boolean;
}) {
  const info = STEP_INFO[step];
  const completion = record.steps?.[step];
  const [draft, setDraft] = useState<StepValues | null>(null);
  const values = draft ?? stepValues(record, step);
  const { pending, error, message, run } = useRecordAction();
  const id = useId();

  async function save(event: FormEvent) {
    event.preventDefault();
    const saved = await run(
      { type: 'ui-bg:save-step', id: record.id, step, values },
      completion ? 'Changes saved.' : `${info.title} completed.`,
    );
    if (saved) setDraft(null);
  }

  function reopen() {
    void run({ type: 'ui-bg:reopen-step', id: record.id, step }, `${info.title} reopened.`);
  }

  return (
    <li style={{ padding: '6px 0' }}>
      <details open={current}>
        <StepSummary
          titleId={`${id}-title`}
          number={number}
          title={info.title}
          completion={completion}
          current={current}
        />
        <div className="stack" style={{ padding: '8px 0 4px' }}>
          <StepChecklist record={record} step={step} />
          <form onSubmit={(event) => void save(event)} aria-labelledby={`${id}-title`}>
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
              <div className="row">
                <button
                  type="submit"
                  className="primary"
                  aria-disabled={pending || undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                >
                  {completion ? 'Save changes' : `Save and complete ${info.title}`}
                </button>
                {completion && (
                  <button type="button" aria-disabled={pending || undefined} onClick={reopen}>
                    Reopen {info.title}
                  </button>
                )}
              </div>
            </fieldset>
            <FormAlert id={`${id}-error`} message={error} />
            <p role="status" className="small muted" style={{ margin: '4px 0 0' }}>
              {message}
            </p>
          </form>
        </div>
      </details>
    </li>
  );
}

function StepSummary({
  titleId,
  number,
  title,
  completion,
  current,
}: {
  titleId: string;
  number: number;
  title: string;
  completion: { completedAt: string; by: string } | undefined;
  current: boolean;
}) {
  return (
    <summary>
      <strong id={titleId}>
        {number}. {title}
      </strong>{' '}
      {completion ? <span className="badge">Done</span> : current && <span className="badge">Current</span>}
      {completion && (
        <span className="small muted" style={{ display: 'block' }}>
          Completed <time dateTime={completion.completedAt}>{formatTime(completion.completedAt)}</time> by{' '}
          {completion.by}
        </span>
      )}
    </summary>
  );
}

/** What the step asks for; evidence preservation also shows what was captured and its hash. */
function StepChecklist({ record, step }: { record: Incident; step: Step }) {
  const info = STEP_INFO[step];
  return (
    <>
      <ul className="small" aria-label={`${info.title} checklist`} style={{ margin: 0, paddingLeft: 18 }}>
        {info.checklist.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      {step === 'evidence-preserved' && (
        <p className="small" style={{ margin: 0 }}>
          Evidence captured{' '}
          <time dateTime={record.evidence.page.capturedAt}>{formatTime(record.evidence.page.capturedAt)}</time>.
          SHA-256: <code style={{ wordBreak: 'break-all' }}>{record.evidence.hash.value}</code>
        </p>
      )}
    </>
  );
}
