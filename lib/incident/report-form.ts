import { z } from 'zod';
import { AnswersSchema } from '../assessment/questions';
import { ClassOverrideSchema, type Assessment } from '../assessment/rules';
import type { Workflow } from '../workflows/schema';
import { completeStep } from './lifecycle';
import type { Incident } from './schema';

/**
 * What "Save incident" needs on top of the captured evidence. Answers may stay Unsure or
 * unanswered (the result is then provisional); the workflow and a description may not.
 */
export const ReportFormSchema = z.object({
  answers: AnswersSchema,
  override: ClassOverrideSchema.optional(),
  workflowId: z.string().min(1, 'Choose the workflow this output came from'),
  description: z.string().trim().min(1, 'Say what happened and what the output got wrong').max(4_000),
  occurredAt: z
    .string()
    .refine((value) => value === '' || !Number.isNaN(Date.parse(value)), 'Enter a valid date and time')
    .optional(),
  affectedUsers: z.string().trim().max(4_000).optional(),
  affectedRecords: z.string().trim().max(4_000).optional(),
  containmentDone: z.array(z.string().max(100)).max(50),
});
/** The assessment form as the side panel sends it with a save command. */
export type ReportForm = z.input<typeof ReportFormSchema>;

/** Zod issues as `{ fieldPath: message }`, first message per field, for errors beside fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The record after "Save incident": answers, the computed result (class, severity, rules that
 * fired and why), the workflow and owner, and step 1 (detect and report) completed.
 */
export function applyReport(
  record: Incident,
  form: z.output<typeof ReportFormSchema>,
  result: Assessment,
  workflow: Workflow,
  by: string,
  now = new Date(),
): Incident {
  const at = now.toISOString();
  const reported: Incident = {
    ...record,
    workflow: { id: workflow.id, name: workflow.name, owner: workflow.owner },
    timeline: {
      ...record.timeline,
      occurredAt: form.occurredAt ? new Date(form.occurredAt).toISOString() : record.timeline.occurredAt,
      reportedAt: record.timeline.reportedAt ?? at,
    },
    affected: {
      users: form.affectedUsers || undefined,
      records: form.affectedRecords || undefined,
    },
    whatHappened: form.description,
    assessment: {
      answers: form.answers,
      override: form.override,
      computedClass: result.computedClass,
      class: result.class,
      severity: result.severity,
      provisional: result.provisional,
      firedRules: result.firedRules.map((rule) => ({ id: rule.id, reason: rule.reason })),
    },
    containment: { ...record.containment, done: form.containmentDone },
  };
  return completeStep(reported, 'reported', by, now);
}
