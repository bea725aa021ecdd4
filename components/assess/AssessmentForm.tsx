import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type FormEvent } from 'react';
import type { Answers } from '@/lib/assessment/questions';
import { assess, type ClassOverride, type IncidentClass } from '@/lib/assessment/rules';
import { ReportFormSchema, fieldErrors, type ReportForm } from '@/lib/incident/report-form';
import type { Incident } from '@/lib/incident/schema';
import { send } from '@/lib/messaging/client';
import { usePanelStore } from '@/lib/ui/panel-store';
import { allWorkflows } from '@/lib/ui/reads';
import { matchWorkflow } from '@/lib/workflows/match';
import { EscalationCard } from './EscalationCard';
import { OverrideField, QuestionsCard, VerdictSummary } from './AssessmentParts';
import { FormAlert, SubmitRow, TextFields, type TextFieldSpec } from '../ui/FormParts';
import { useZodForm } from '../ui/useZodForm';
import { WorkflowPicker } from '../workflows/WorkflowPicker';

type TextKey = 'description' | 'occurredAt' | 'affectedUsers' | 'affectedRecords';

const TEXT_FIELDS: readonly TextFieldSpec<TextKey>[] = [
  { key: 'description', id: 'description', label: 'What happened', multiline: true },
  { key: 'occurredAt', id: 'occurred-at', label: 'When it happened (if before detection)', type: 'datetime-local' },
  { key: 'affectedUsers', id: 'affected-users', label: 'Affected users' },
  { key: 'affectedRecords', id: 'affected-records', label: 'Affected records' },
];

/** Form field ids by error path, to move focus to the first invalid field. */
const FIELD_IDS: Record<string, string> = {
  workflowId: 'workflow',
  description: 'description',
  occurredAt: 'occurred-at',
  'override.reason': 'override-reason',
};
const OPTIONS = { fieldId: (key: string) => FIELD_IDS[key] };

/** The form's values as the record holds them; the workflow stays unchosen until picked. */
function initialValues(record: Incident) {
  return {
    answers: record.assessment?.answers ?? ({} as Answers),
    chosenWorkflow: record.workflow?.id as string | undefined,
    overrideOn: Boolean(record.assessment?.override),
    overrideClass: record.assessment?.override?.class ?? ('incident' as IncidentClass),
    overrideReason: record.assessment?.override?.reason ?? '',
    description: record.whatHappened ?? '',
    occurredAt: toLocalInput(record.timeline.occurredAt),
    affectedUsers: record.affected?.users ?? '',
    affectedRecords: record.affected?.records ?? '',
    containmentDone: record.containment?.done ?? [],
  };
}

/**
 * The draft view's assessment: seven questions and "acted upon", the live verdict with its
 * reasons and escalation, and the incident-file fields; "Save incident" validates and reports.
 */
export function AssessmentForm({ record }: { record: Incident }) {
  const stored = useLiveQuery(allWorkflows, []);
  const workflows = useMemo(() => stored ?? [], [stored]);
  const matched = useMemo(() => matchWorkflow(workflows, record.evidence.page.url), [workflows, record]);
  const form = useZodForm(() => initialValues(record), OPTIONS);
  const { values: v, errors, field } = form;

  const workflowId = v.chosenWorkflow ?? matched?.id ?? '';
  const workflow = workflows.find((w) => w.id === workflowId);
  const override: ClassOverride | undefined =
    v.overrideOn && v.overrideReason.trim() ? { class: v.overrideClass, reason: v.overrideReason } : undefined;
  const result = assess(v.answers, { override, workflow });

  function save(event: FormEvent) {
    event.preventDefault();
    const { chosenWorkflow: _chosen, overrideOn, overrideClass, overrideReason, ...fields } = v;
    const report: ReportForm = {
      ...fields,
      override: overrideOn ? { class: overrideClass, reason: overrideReason } : undefined,
      workflowId,
    };
    const parsed = ReportFormSchema.safeParse(report);
    if (!parsed.success || !workflow) {
      const found = parsed.success ? {} : fieldErrors(parsed.error);
      if (!workflow) found.workflowId ??= 'Choose the workflow this output came from';
      form.fail(found);
      return;
    }
    form.setErrors({});
    void form.run(async () => {
      // The background assesses the answers again with the stored workflow and saves the record.
      const reply = await send({ type: 'ui-bg:save-report', id: record.id, report });
      // Stay on the record: it is no longer the newest draft the panel would otherwise show.
      if (!reply.ok) return { form: `Could not save: ${reply.error}` };
      usePanelStore.getState().open(record.id);
    });
  }

  const toggle = (id: string, checked: boolean) =>
    form.set('containmentDone', checked ? [...v.containmentDone, id] : v.containmentDone.filter((d) => d !== id));
  return (
    <form className="stack" onSubmit={save} noValidate aria-label="Assess this flag">
      <VerdictSummary result={result} />
      <QuestionsCard answers={v.answers} onChange={field('answers')} />
      <EscalationCard
        escalation={result.escalation}
        done={v.containmentDone}
        fallbackProcess={workflow?.fallbackProcess}
        onToggle={toggle}
      />
      <section className="card" aria-labelledby="file-heading">
        <h2 id="file-heading">Incident file</h2>
        <WorkflowPicker
          workflows={workflows}
          value={workflowId}
          matched={Boolean(matched && matched.id === workflowId)}
          pageUrl={record.evidence.page.url}
          error={errors.workflowId}
          onChange={field('chosenWorkflow')}
        />
        <TextFields specs={TEXT_FIELDS} values={v} errors={errors} onChange={form.set} />
        <OverrideField
          on={v.overrideOn}
          overrideClass={v.overrideClass}
          reason={v.overrideReason}
          error={errors['override.reason']}
          computedClass={result.computedClass}
          onToggle={field('overrideOn')}
          onClass={field('overrideClass')}
          onReason={field('overrideReason')}
        />
      </section>
      <FormAlert message={errors.form} />
      <SubmitRow label={form.pending ? 'Saving…' : 'Save incident'} pending={form.pending}>
        {Object.keys(errors).length > 0 && !errors.form && (
          <span className="error" role="alert">
            Check the highlighted fields.
          </span>
        )}
      </SubmitRow>
    </form>
  );
}

/** An ISO time as the value of a `datetime-local` input (local time, minutes). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
