import type { StepField } from '@/lib/incident/lifecycle-actions';

/** One field of a response step: a checkbox, a select of the field's options, a textarea or a line. */
export function StepFieldControl({
  id,
  field,
  value,
  onChange,
}: {
  id: string;
  field: StepField;
  value: string | boolean | undefined;
  onChange: (value: string | boolean) => void;
}) {
  if (field.kind === 'checkbox') {
    return (
      <div className="field">
        <label className="row" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            style={{ width: 'auto' }}
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />
          {field.label}
        </label>
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'select' ? (
        <select id={id} value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose…</option>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : field.kind === 'textarea' ? (
        <textarea
          id={id}
          rows={3}
          maxLength={field.maxLength}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          id={id}
          type="text"
          maxLength={field.maxLength}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  );
}
