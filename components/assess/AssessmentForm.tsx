import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { QUESTIONS, type Answers } from '@/lib/assessment/questions';
import { assess, type ClassOverride, type IncidentClass } from '@/lib/assessment/rules';
import { ReportFormSchema, fieldErrors, type ReportForm } from '@/lib/incident/report-form';
import type { Incident } from '@/lib/incident/schema';
import { send } from '@/lib/messaging/client';
import { usePanelStore } from '@/lib/ui/panel-store';
import { allWorkflows } from '@/lib/ui/reads';
import { matchWorkflow } from '@/lib/workflows/match';
import { EscalationCard } from './EscalationCard';
import { QuestionField } from './QuestionField';
import { TextField } from '../ui/TextField';
import { VerdictBadge } from './VerdictBadge';
import { WorkflowPicker } from '../workflows/WorkflowPicker';

/**
 * The draft view's assessment: seven questions and "acted upon", the live verdict with its
 * reasons and escalation, and the incident-file fields; "Save incident" validates and reports.
 */
export function AssessmentForm({ record }: { record: Incident }) {
  const stored = useLiveQuery(allWorkflows, []);
  const workflows = useMemo(() => stored ?? [], [stored]);
  const matched = useMemo(() => matchWorkflow(workflows, record.evidence.page.url), [workflows, record]);
  const [answers, setAnswers] = useState<Answers>(record.assessment?.answers ?? {});
  const [chosenWorkflow, setWorkflowId] = useState<string | undefined>(record.workflow?.id);
  const [overrideOn, setOverrideOn] = useState(Boolean(record.assessment?.override));
  const [overrideClass, setOverrideClass] = useState<IncidentClass>(record.assessment?.override?.class ?? 'incident');
  const [overrideReason, setOverrideReason] = useState(record.assessment?.override?.reason ?? '');
  const [fields, setFields] = useState({
    description: record.whatHappened ?? '',
    occurredAt: toLocalInput(record.timeline.occurredAt),
    affectedUsers: record.affected?.users ?? '',
    affectedRecords: record.affected?.records ?? '',
  });
  const [containmentDone, setContainmentDone] = useState<string[]>(record.containment?.done ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const workflowId = chosenWorkflow ?? matched?.id ?? '';
  const workflow = workflows.find((w) => w.id === workflowId);
  const override: ClassOverride | undefined =
    overrideOn && overrideReason.trim() ? { class: overrideClass, reason: overrideReason } : undefined;
  const result = assess(answers, { override, workflow });

  async function save(event: FormEvent) {
    event.preventDefault();
    const report: ReportForm = {
      answers,
      override: overrideOn ? { class: overrideClass, reason: overrideReason } : undefined,
      workflowId,
      ...fields,
      containmentDone,
    };
    const parsed = ReportFormSchema.safeParse(report);
    if (!parsed.success || !workflow) {
      const found = parsed.success ? {} : fieldErrors(parsed.error);
      if (!workflow) found.workflowId ??= 'Choose the workflow this output came from';
      setErrors(found);
      const first = Object.keys(found)[0];
      document.getElementById(FIELD_IDS[first ?? ''] ?? '')?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    // The background assesses the answers again with the stored workflow and saves the record.
    const reply = await send({ type: 'ui-bg:save-report', id: record.id, report });
    setSaving(false);
    // Stay on the record: it is no longer the newest draft the panel would otherwise show.
    if (reply.ok) usePanelStore.getState().open(record.id);
    else setErrors({ form: `Could not save: ${reply.error}` });
  }

  const set = (key: keyof typeof fields) => (value: string) => setFields({ ...fields, [key]: value });
  return (
    <form className="stack" onSubmit={(event) => void save(event)} noValidate aria-label="Assess this flag">
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
            onChange={(value) => setAnswers({ ...answers, [question.key]: value })}
          />
        ))}
      </section>

      <EscalationCard
        escalation={result.escalation}
        done={containmentDone}
        fallbackProcess={workflow?.fallbackProcess}
        onToggle={(id, checked) =>
          setContainmentDone(checked ? [...containmentDone, id] : containmentDone.filter((d) => d !== id))
        }
      />

      <section className="card" aria-labelledby="file-heading">
        <h2 id="file-heading">Incident file</h2>
        <WorkflowPicker
          workflows={workflows}
          value={workflowId}
          matched={Boolean(matched && matched.id === workflowId)}
          pageUrl={record.evidence.page.url}
          error={errors.workflowId}
          onChange={setWorkflowId}
        />
        <TextField
          id="description"
          label="What happened"
          multiline
          value={fields.description}
          error={errors.description}
          onChange={set('description')}
        />
        <TextField
          id="occurred-at"
          label="When it happened (if before detection)"
          type="datetime-local"
          value={fields.occurredAt}
          error={errors.occurredAt}
          onChange={set('occurredAt')}
        />
        <TextField
          id="affected-users"
          label="Affected users"
          value={fields.affectedUsers}
          onChange={set('affectedUsers')}
        />
        <TextField
          id="affected-records"
          label="Affected records"
          value={fields.affectedRecords}
          onChange={set('affectedRecords')}
        />
        <div className="field">
          <label className="choice">
            <input type="checkbox" checked={overrideOn} onChange={(event) => setOverrideOn(event.target.checked)} />
            Override the class
          </label>
          {overrideOn && (
            <div className="stack">
              <label htmlFor="override-class">Class</label>
              <select
                id="override-class"
                value={overrideClass}
                onChange={(event) => setOverrideClass(event.target.value as IncidentClass)}
              >
                <option value="incident">Incident</option>
                <option value="near-miss">Near miss</option>
              </select>
              <TextField
                id="override-reason"
                label="Reason for the override"
                multiline
                value={overrideReason}
                error={errors['override.reason']}
                onChange={setOverrideReason}
              />
              <p className="small muted">
                Computed class: {result.computedClass === 'incident' ? 'Incident' : 'Near miss'} (kept on the record).
              </p>
            </div>
          )}
        </div>
      </section>

      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save incident'}
        </button>
        {Object.keys(errors).length > 0 && !errors.form && (
          <span className="error" role="alert">
            Check the highlighted fields.
          </span>
        )}
      </div>
    </form>
  );
}

/** Form field ids by error path, to move focus to the first invalid field. */
const FIELD_IDS: Record<string, string> = {
  workflowId: 'workflow',
  description: 'description',
  occurredAt: 'occurred-at',
  'override.reason': 'override-reason',
};

/** An ISO time as the value of a `datetime-local` input (local time, minutes). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
