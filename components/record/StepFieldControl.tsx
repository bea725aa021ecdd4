import { isoToLocalInput, localInputToIso, type StepField } from '@/lib/incident/lifecycle-actions';

type Value = string | boolean | string[] | undefined;

/**
 * One field of a response step: a select of the field's options, a textarea, a line, a whole
 * number, a local date and time (stored as an ISO time), a date, or a group of category boxes.
 */
export function StepFieldControl({
  id,
  field,
  value,
  onChange,
}: {
  id: string;
  field: StepField;
  value: Value;
  onChange: (value: string | string[]) => void;
}) {
  const hintId = field.hint ? `${id}-hint` : undefined;
  const hint = field.hint && (
    <p id={hintId} className="small muted" style={{ margin: 0 }}>
      {field.hint}
    </p>
  );
  if (field.kind === 'categories') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field" aria-describedby={hintId} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend>{field.label}</legend>
        {hint}
        {field.options?.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(option.value)}
              onChange={(event) =>
                onChange(event.target.checked ? [...chosen, option.value] : chosen.filter((c) => c !== option.value))
              }
            />
            {option.label}
          </label>
        ))}
      </fieldset>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {hint}
      <FieldInput id={id} field={field} text={text} hintId={hintId} onChange={onChange} />
    </div>
  );
}

function FieldInput({
  id,
  field,
  text,
  hintId,
  onChange,
}: {
  id: string;
  field: StepField;
  text: string;
  hintId: string | undefined;
  onChange: (value: string) => void;
}) {
  const common = { id, 'aria-describedby': hintId };
  switch (field.kind) {
    case 'select':
      return (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose…</option>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case 'textarea':
      return (
        <textarea
          {...common}
          rows={3}
          maxLength={field.maxLength}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'datetime':
      return (
        <input
          {...common}
          type="datetime-local"
          value={isoToLocalInput(text)}
          onChange={(event) => onChange(localInputToIso(event.target.value))}
        />
      );
    case 'number':
      return (
        <input
          {...common}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          type={field.kind === 'date' ? 'date' : 'text'}
          maxLength={field.maxLength}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
