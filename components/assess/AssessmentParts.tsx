import { QUESTIONS, type Answers } from '@/lib/assessment/questions';
import type { Assessment, IncidentClass } from '@/lib/assessment/rules';
import { QuestionField } from './QuestionField';
import { TextField } from '../ui/TextField';
import { VerdictBadge } from './VerdictBadge';

/** The live verdict and why, kept in view while the questions scroll. */
export function VerdictSummary({ result }: { result: Assessment }) {
  return (
    <div className="sticky stack">
      <VerdictBadge result={result} />
      <ul className="reasons small" aria-label="Why">
        {result.classReasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
        {result.firedRules.map((rule) => (
          <li key={rule.id}>{rule.reason}</li>
        ))}
      </ul>
    </div>
  );
}

/** The escalation questions, one radio group each. */
export function QuestionsCard({ answers, onChange }: { answers: Answers; onChange: (answers: Answers) => void }) {
  return (
    <section className="card" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Escalation questions</h2>
      <p className="small muted">Unsure and unanswered count as Yes until answered.</p>
      {QUESTIONS.map((question) => (
        <QuestionField
          key={question.key}
          id={question.key}
          text={question.text}
          hint={question.hint}
          value={answers[question.key]}
          onChange={(value) => onChange({ ...answers, [question.key]: value })}
        />
      ))}
    </section>
  );
}

/** The reviewer's override of the computed class, with its reason; the computed class stays shown. */
export function OverrideField({
  on,
  overrideClass,
  reason,
  error,
  computedClass,
  onToggle,
  onClass,
  onReason,
}: {
  on: boolean;
  overrideClass: IncidentClass;
  reason: string;
  error?: string;
  computedClass: IncidentClass;
  onToggle: (on: boolean) => void;
  onClass: (value: IncidentClass) => void;
  onReason: (value: string) => void;
}) {
  return (
    <div className="field">
      <label className="choice">
        <input type="checkbox" checked={on} onChange={(event) => onToggle(event.target.checked)} />
        Override the class
      </label>
      {on && (
        <div className="stack">
          <label htmlFor="override-class">Class</label>
          <select
            id="override-class"
            value={overrideClass}
            onChange={(event) => onClass(event.target.value as IncidentClass)}
          >
            <option value="incident">Incident</option>
            <option value="near-miss">Near miss</option>
          </select>
          <TextField
            id="override-reason"
            label="Reason for the override"
            multiline
            value={reason}
            error={error}
            onChange={onReason}
          />
          <p className="small muted">
            Computed class: {computedClass === 'incident' ? 'Incident' : 'Near miss'} (kept on the record).
          </p>
        </div>
      )}
    </div>
  );
}
