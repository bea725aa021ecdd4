import type { Incident } from '@/lib/incident/schema';
import { FormAlert } from '../ui/FormParts';
import { useRecordAction } from './useRecordAction';

/**
 * The containment steps the record's routing asks for, tickable at any time: before Contain is
 * complete and after it. Each tick is a revision.
 */
export function ContainmentSteps({ record, locked }: { record: Incident; locked: boolean }) {
  const { pending, error, run } = useRecordAction();
  const steps = record.routing?.containment ?? [];
  if (steps.length === 0) return null;
  const done = record.containment?.done ?? [];

  function toggle(stepId: string, checked: boolean) {
    void run({ type: 'ui-bg:tick-containment', id: record.id, stepId, done: checked }, '');
  }

  return (
    <div>
      <h3 className="small muted">Containment the routing asks for</h3>
      <ul className="plain small" aria-label="Containment steps" style={{ margin: 0 }}>
        {steps.map((step) => (
          <li key={step.id}>
            <label className="choice">
              <input
                type="checkbox"
                checked={done.includes(step.id)}
                disabled={locked}
                aria-disabled={pending || undefined}
                onChange={(event) => !pending && toggle(step.id, event.target.checked)}
              />
              {step.text}
            </label>
          </li>
        ))}
      </ul>
      <FormAlert message={error} />
    </div>
  );
}
