import { QUESTIONS, type Answers } from '@/lib/assessment/questions';
import type { Assessment, IncidentClass } from '@/lib/assessment/rules';
import { hasAnswers, plainReason } from '@/lib/assessment/verdict';
import { QuestionField } from './QuestionField';
import { TextField } from '../ui/TextField';
import { VerdictBadge } from './VerdictBadge';

/** The verdict line; its reasons open under "Why?" once anything is answered. */
export function VerdictSummary({ answers, result }: { answers: Answers; result: Assessment }) {
  return (
    <div className="stack">
      <VerdictBadge answers={answers} result={result} />
      {hasAnswers(answers) && (
        <details className="small">
          <summary>Why?</summary>
          <ul className="reasons" aria-label="Why">
            {result.classReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
            {result.firedRules.map((rule) => (
              <li key={rule.id}>{plainReason(rule.reason)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The questions in the order that decides most, one radio group each with a line of help. */
export function QuestionsCard({ answers, onChange }: { answers: Answers; onChange: (answers: Answers) => void }) {
  return (
    <section className="stack" aria-labelledby="questions-heading">
      <h3 id="questions-heading">Questions</h3>
      <p className="small muted">Answer what you know. Until someone answers, Unsure and blank count as Yes.</p>
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
