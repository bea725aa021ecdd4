import { useEffect, useState, type FormEvent } from 'react';
import type { Answers } from '@/lib/assessment/questions';
import type { ClassOverride, IncidentClass } from '@/lib/assessment/rules';
import { hasAnswers } from '@/lib/assessment/verdict';
import { draftFields } from '@/lib/incident/draft-store';
import { ReportFormSchema, fieldErrors, type ReportForm } from '@/lib/incident/report-form';
import { PersonSchema, type Incident } from '@/lib/incident/schema';
import { send } from '@/lib/messaging/client';
import { reporterItem } from '@/lib/settings/items';
import { usePanelStore } from '@/lib/ui/panel-store';
import { AssessFields, liveResult, useWorkflowChoice } from './AssessFields';
import { OverrideField } from './AssessmentParts';
import { DiscardDraft } from './DiscardDraft';
import { recentDraft, useDraftAutosave } from './useDraftAutosave';
import { useSaveNotice } from '../record/save-notice';
import { FormAlert, TextFields, type TextFieldSpec } from '../ui/FormParts';
import { TextField } from '../ui/TextField';
import { useZodForm, type ZodForm } from '../ui/useZodForm';
import './assess.css';

type TextKey = 'occurredAt' | 'affectedUsers' | 'affectedRecords';

const MORE_FIELDS: readonly TextFieldSpec<TextKey>[] = [
  { key: 'occurredAt', id: 'occurred-at', label: 'When it happened (if before detection)', type: 'datetime-local' },
  { key: 'affectedUsers', id: 'affected-users', label: 'Affected users' },
  { key: 'affectedRecords', id: 'affected-records', label: 'Affected records' },
];

/** Form field ids by error path, to move focus to the first invalid field. */
const FIELD_IDS: Record<string, string> = {
  description: 'what-is-wrong',
  occurredAt: 'occurred-at',
  'override.reason': 'override-reason',
  reporterEmail: 'first-reporter-email',
};

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
    reporterName: '',
    reporterEmail: '',
  };
}
type Values = ReturnType<typeof initialValues>;

/** What the reporter typed before and has not submitted yet (kept by the background). */
function draftLoader(id: string) {
  return async (): Promise<Partial<Values>> => {
    const { workflowId, ...saved } = recentDraft(id) ?? (await draftFields(id));
    return { ...saved, chosenWorkflow: workflowId };
  };
}

/**
 * A flag's report: the quote is above; here "What is wrong?" and Submit are a complete report.
 * The questions, the workflow and the details can be answered now under "Assess now", or later.
 * Everything typed is kept as a draft as it is typed.
 */
export function AssessmentForm({ record }: { record: Incident }) {
  const form = useZodForm(() => initialValues(record), {
    loaders: [draftLoader(record.id)],
    fieldId: (key: string) => FIELD_IDS[key],
  });
  const { values: v, field } = form;
  const choice = useWorkflowChoice(record.evidence.page.url, v.chosenWorkflow);
  const override: ClassOverride | undefined =
    v.overrideOn && v.overrideReason.trim() ? { class: v.overrideClass, reason: v.overrideReason } : undefined;
  const result = liveResult(v.answers, choice.workflow, override);
  const [assessOpen, setAssessOpen] = useState<boolean | undefined>(undefined);
  const needsReporter = useNeedsReporter();
  const autosave = useDraftAutosave(record.id, draftOf(v), form.touched.size > 0);

  function submit(event: FormEvent) {
    event.preventDefault();
    const report = reportOf(v, choice.workflowId);
    const reporter = { name: v.reporterName.trim(), email: v.reporterEmail.trim() };
    const found = checkReport(report, needsReporter ? reporter : undefined);
    if (found) return form.fail(found);
    form.setErrors({});
    void form.run(async () => {
      autosave.cancel();
      const reply = await send({
        type: 'ui-bg:save-report',
        id: record.id,
        report,
        ...(needsReporter && reporter.name ? { reporter } : {}),
      });
      if (!reply.ok) return { form: `Could not submit: ${reply.error}` };
      useSaveNotice.getState().say(record.id, reply.said);
      // Stay on the record: it is no longer the newest draft the panel would otherwise show.
      usePanelStore.getState().open(record.id);
    });
  }

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-label="Report this flag">
      {needsReporter && <FirstRunReporter form={form} />}
      <TextField
        id="what-is-wrong"
        label="What is wrong?"
        multiline
        value={v.description}
        error={form.errors.description}
        onChange={field('description')}
      />
      <details
        className="assess-now"
        open={assessOpen ?? hasAnswers(v.answers)}
        onToggle={(event) => setAssessOpen(event.currentTarget.open)}
      >
        <summary>Assess now (optional)</summary>
        <AssessFields
          answers={v.answers}
          onAnswers={field('answers')}
          result={result}
          choice={choice}
          pageUrl={record.evidence.page.url}
          onWorkflow={field('chosenWorkflow')}
          containmentDone={v.containmentDone}
          onContainment={field('containmentDone')}
        />
        <MoreDetails form={form} computedClass={result.computedClass} />
      </details>
      <FormAlert message={form.errors.form} />
      <div className="action-bar row">
        <button type="submit" className="primary" aria-disabled={form.pending || undefined}>
          {form.pending ? 'Submitting…' : 'Submit'}
        </button>
        <DiscardDraft record={record} onDiscarding={autosave.cancel} />
      </div>
    </form>
  );
}

/** The draft fields to keep as the reporter types. */
function draftOf(v: Values) {
  return {
    description: v.description,
    answers: v.answers,
    workflowId: v.chosenWorkflow,
    occurredAt: v.occurredAt,
    affectedUsers: v.affectedUsers,
    affectedRecords: v.affectedRecords,
    containmentDone: v.containmentDone,
  };
}

/** The report the background is sent; the override only when switched on. */
function reportOf(v: Values, workflowId: string): ReportForm {
  return {
    answers: v.answers,
    override: v.overrideOn ? { class: v.overrideClass, reason: v.overrideReason } : undefined,
    workflowId,
    description: v.description,
    occurredAt: v.occurredAt,
    affectedUsers: v.affectedUsers,
    affectedRecords: v.affectedRecords,
    containmentDone: v.containmentDone,
  };
}

/** Errors by field, or undefined when the report can be sent. */
function checkReport(report: ReportForm, reporter?: { name: string; email: string }) {
  const parsed = ReportFormSchema.safeParse(report);
  const found: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  if (reporter && !PersonSchema.safeParse(reporter).success) found.reporterEmail = 'Enter a valid email address';
  return Object.keys(found).length > 0 ? found : undefined;
}

/** True when the settings have no reporter name yet: the first Submit asks for it, once. */
function useNeedsReporter(): boolean {
  const [needs, setNeeds] = useState(false);
  useEffect(() => {
    let live = true;
    void reporterItem.getValue().then((person) => live && setNeeds(!person.name?.trim()));
    return () => {
      live = false;
    };
  }, []);
  return needs;
}

/** Name and e-mail, asked once on first run and saved to the settings with the report. */
function FirstRunReporter({ form }: { form: ZodForm<Values> }) {
  return (
    <fieldset className="first-run">
      <legend className="small">Your name and e-mail (asked once)</legend>
      <div className="row">
        <TextField
          id="first-reporter-name"
          label="Your name"
          value={form.values.reporterName}
          onChange={form.field('reporterName')}
        />
        <TextField
          id="first-reporter-email"
          label="Your e-mail"
          type="email"
          value={form.values.reporterEmail}
          error={form.errors.reporterEmail}
          onChange={form.field('reporterEmail')}
        />
      </div>
    </fieldset>
  );
}

/** When it happened, who is affected, and a reviewer's override of the class. */
function MoreDetails({ form, computedClass }: { form: ZodForm<Values>; computedClass: IncidentClass }) {
  const { values: v, errors, field } = form;
  return (
    <section className="stack" aria-labelledby="details-heading">
      <h3 id="details-heading">More details</h3>
      <TextFields specs={MORE_FIELDS} values={v} errors={errors} onChange={form.set} />
      <OverrideField
        on={v.overrideOn}
        overrideClass={v.overrideClass}
        reason={v.overrideReason}
        error={errors['override.reason']}
        computedClass={computedClass}
        onToggle={field('overrideOn')}
        onClass={field('overrideClass')}
        onReason={field('overrideReason')}
      />
    </section>
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
