import type { Answer, FactKey } from '@/lib/assessment/questions';

const OPTIONS: ReadonlyArray<{ value: Answer; label: string }> = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unsure', label: 'Unsure' },
];

/** One escalation question as a radio group whose accessible name is the question itself. */
export function QuestionField({
  id,
  text,
  hint,
  value,
  onChange,
}: {
  id: FactKey;
  text: string;
  hint?: string;
  value: Answer | undefined;
  onChange: (value: Answer) => void;
}) {
  return (
    <div
      className="question"
      role="radiogroup"
      aria-labelledby={`q-${id}`}
      aria-describedby={hint ? `q-${id}-hint` : undefined}
    >
      <p id={`q-${id}`} className="question-text">
        {text}
      </p>
      {hint && (
        <p id={`q-${id}-hint`} className="small muted">
          {hint}
        </p>
      )}
      <div className="row">
        {OPTIONS.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={`answer-${id}`}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </div>
  );
}
