import { useState, type FormEvent } from 'react';
import type { Answers } from '@/lib/assessment/questions';
import { AssessmentInputSchema, type AssessmentInput } from '@/lib/incident/report-form';
import type { Incident } from '@/lib/incident/schema';
import { send } from '@/lib/messaging/client';
import { AssessFields, liveResult, useWorkflowChoice } from './AssessFields';
import { useSaveNotice } from '../record/save-notice';
import { FormAlert } from '../ui/FormParts';
import { useForm } from '../ui/useZodForm';
import './assess.css';

/**
 * "Assess" on a record already reported, by its reporter later or by a reviewer: the questions,
 * the workflow and the containment checklist open on demand; saving is a new revision.
 */
export function AssessLater({ record }: { record: Incident }) {
  const [open, setOpen] = useState(false);
  const label = record.assessment ? 'Change assessment' : 'Assess';
  return (
    <div className="stack">
      <div className="row">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {label}
        </button>
      </div>
      {open && <AssessLaterForm record={record} onDone={() => setOpen(false)} />}
    </div>
  );
}

function AssessLaterForm({ record, onDone }: { record: Incident; onDone: () => void }) {
  const form = useForm({
    answers: record.assessment?.answers ?? ({} as Answers),
    chosenWorkflow: record.workflow?.id as string | undefined,
    containmentDone: record.containment?.done ?? [],
  });
  const { values: v, field } = form;
  // The ticks as the form opened: what the form changes is applied to the record's ticks as they
  // are now, so a step ticked in the Contain step meanwhile is not undone by a stale form.
  const [openedWith] = useState(() => record.containment?.done ?? []);
  const choice = useWorkflowChoice(record.evidence.page.url, v.chosenWorkflow);
  const override = record.assessment?.override;
  const result = liveResult(v.answers, choice.workflow, override);

  function save(event: FormEvent) {
    event.preventDefault();
    const assessment: AssessmentInput = {
      answers: v.answers,
      override,
      workflowId: choice.workflowId,
      containmentDone: mergeTicks(record.containment?.done ?? [], openedWith, v.containmentDone),
    };
    if (!AssessmentInputSchema.safeParse(assessment).success) return form.setErrors({ form: 'Check the answers.' });
    void form.run(async () => {
      const reply = await send({ type: 'ui-bg:save-assessment', id: record.id, assessment });
      if (!reply.ok) return { form: `Could not save: ${reply.error}` };
      useSaveNotice.getState().say(record.id, reply.said);
      onDone();
    });
  }

  return (
    <form id="assess-later" className="stack" onSubmit={save} noValidate aria-label="Assess this report">
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
      <FormAlert message={form.errors.form} />
      <div className="action-bar row">
        <button type="submit" className="primary" aria-disabled={form.pending || undefined}>
          {form.pending ? 'Saving…' : 'Save assessment'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The ticks now, with what the form ticked added and what it unticked removed. */
function mergeTicks(now: readonly string[], opened: readonly string[], form: readonly string[]): string[] {
  const added = form.filter((id) => !opened.includes(id));
  const removed = new Set(opened.filter((id) => !form.includes(id)));
  return [...new Set([...now, ...added])].filter((id) => !removed.has(id));
}
