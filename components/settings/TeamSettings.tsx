import { useState, type FormEvent } from 'react';
import { isValidTimeZone } from '@/lib/assessment/due';
import { browserTimeZone, DEFAULT_WORK_DAYS, teamItem, type TeamSettings as Team } from '@/lib/settings/team';
import { useForm } from '../ui/useZodForm';

const WEEKDAYS: readonly [number, string][] = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [7, 'Sunday'],
];

type Values = { timeZone: string; workDays: number[]; triageReviewer: string };

const shown = (team: Team): Values => ({
  timeZone: team.timeZone || browserTimeZone(),
  workDays: team.workDays?.length ? [...team.workDays] : [...DEFAULT_WORK_DAYS],
  triageReviewer: team.triageReviewer ?? '',
});
// A load that lands after the user started typing fills only the fields left alone (useForm).
const LOADERS = [() => teamItem.getValue().then(shown)];

/** What is wrong with the values, by field, or nothing. */
export function teamErrors(values: Values): Partial<Record<'timeZone' | 'workDays', string>> {
  const errors: Partial<Record<'timeZone' | 'workDays', string>> = {};
  if (!isValidTimeZone(values.timeZone.trim()) || !values.timeZone.trim()) {
    errors.timeZone = 'Enter a time zone such as Europe/Berlin';
  }
  if (values.workDays.length === 0) errors.workDays = 'Choose at least one work day';
  return errors;
}

/**
 * The team's calendar and triage reviewer (docs/incident-model.md, "Triage" and "Escalation"):
 * business-day due times count in this time zone on these days, and a report whose workflow has no
 * owner is the triage reviewer's to assess.
 */
export function TeamSettings() {
  const { values, set } = useForm<Values>(
    () => ({ timeZone: browserTimeZone(), workDays: [...DEFAULT_WORK_DAYS], triageReviewer: '' }),
    { loaders: LOADERS },
  );
  const [errors, setErrors] = useState<ReturnType<typeof teamErrors>>({});
  const [status, setStatus] = useState('');

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = teamErrors(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return setStatus('');
    const workDays = [...values.workDays].sort((a, b) => a - b);
    await teamItem.setValue({
      timeZone: values.timeZone.trim(),
      workDays,
      triageReviewer: values.triageReviewer.trim(),
    });
    setStatus('Saved.');
  }

  const toggleDay = (day: number, on: boolean) =>
    set('workDays', on ? [...values.workDays, day] : values.workDays.filter((d) => d !== day));

  return (
    <form className="card stack" onSubmit={(event) => void save(event)} aria-labelledby="team-heading" noValidate>
      <h2 id="team-heading">Team</h2>
      <p className="small muted">
        Due times of one business day or one week count in the team’s time zone and work days. A report whose workflow
        has no owner goes to the triage reviewer.
      </p>
      <div className="field">
        <label htmlFor="team-time-zone">Time zone</label>
        <input
          id="team-time-zone"
          value={values.timeZone}
          placeholder="Europe/Berlin"
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={errors.timeZone ? 'team-time-zone-error' : undefined}
          onChange={(event) => set('timeZone', event.target.value)}
        />
        {errors.timeZone && (
          <p id="team-time-zone-error" className="error">
            {errors.timeZone}
          </p>
        )}
      </div>
      <WorkDaysField days={values.workDays} error={errors.workDays} onToggle={toggleDay} />
      <div className="field">
        <label htmlFor="team-triage-reviewer">Triage reviewer</label>
        <input
          id="team-triage-reviewer"
          value={values.triageReviewer}
          autoComplete="name"
          onChange={(event) => set('triageReviewer', event.target.value)}
        />
      </div>
      <div className="row">
        <button type="submit" className="primary">
          Save team settings
        </button>
        <span role="status" className="small muted">
          {status}
        </span>
      </div>
    </form>
  );
}

/** The working weekdays, Monday first. */
function WorkDaysField({
  days,
  error,
  onToggle,
}: {
  days: readonly number[];
  error?: string;
  onToggle: (day: number, on: boolean) => void;
}) {
  return (
    <fieldset aria-describedby={error ? 'team-work-days-error' : undefined}>
      <legend>Work days</legend>
      <div className="row">
        {WEEKDAYS.map(([day, name]) => (
          <label key={day} className="choice">
            <input
              type="checkbox"
              checked={days.includes(day)}
              onChange={(event) => onToggle(day, event.target.checked)}
            />
            {name}
          </label>
        ))}
      </div>
      {error && (
        <p id="team-work-days-error" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
