import { checklistKey, STEP_INFO, type LifecycleStep } from '@/lib/incident/lifecycle';
import type { Incident } from '@/lib/incident/schema';
import { formatTime } from '@/lib/ui/format';
import { FormAlert } from '../ui/FormParts';
import { useRecordAction } from './useRecordAction';

/**
 * A step's checklist: each item can be ticked at any time, whether or not the step is complete;
 * a tick shows who ticked it and when, and each tick or untick is a revision.
 */
export function StepChecklist({ record, step, locked }: { record: Incident; step: LifecycleStep; locked: boolean }) {
  const info = STEP_INFO[step];
  const { pending, error, run } = useRecordAction();

  function toggle(key: string, ticked: boolean) {
    void run({ type: 'ui-bg:tick-checklist', id: record.id, key, ticked }, '');
  }

  return (
    <div>
      <ul className="plain small" aria-label={`${info.title} checklist`} style={{ margin: 0 }}>
        {info.checklist.map((item) => {
          const key = checklistKey(step, item.id);
          const tick = record.checklist?.[key];
          return (
            <li key={item.id}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={Boolean(tick)}
                  disabled={locked}
                  aria-disabled={pending || undefined}
                  onChange={(event) => !pending && toggle(key, event.target.checked)}
                />
                {item.text}
              </label>
              {tick && (
                <span className="muted" style={{ display: 'block', paddingLeft: 24 }}>
                  Ticked by {tick.by} at <time dateTime={tick.at}>{formatTime(tick.at)}</time>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <FormAlert message={error} />
    </div>
  );
}
