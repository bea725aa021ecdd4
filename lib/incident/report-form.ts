import { z } from 'zod';
import type { BusinessCalendar } from '../assessment/due';
import { AnswersSchema } from '../assessment/questions';
import { ClassOverrideSchema, type Assessment } from '../assessment/rules';
import type { Workflow } from '../workflows/schema';
import { completeStep } from './lifecycle';
import { routeRecord, triageFor } from './routing';
import type { Incident, Person } from './schema';
import { hasAnswers } from '../assessment/verdict';

/** The workflow the picker sends when the reporter does not know it (lib/workflows/match.ts). */
export const UNKNOWN_WORKFLOW_ID = 'unknown';

/** True when no workflow was chosen: the record saves without one and a reviewer routes it. */
export function isUnknownWorkflow(id: string | undefined): boolean {
  return !id || id === UNKNOWN_WORKFLOW_ID;
}

/**
 * What "Submit" needs on top of the captured evidence: only what is wrong. Answers may be empty
 * (the report is then in triage, see docs/incident-model.md) or Unsure; the workflow may be
 * unknown, and a reviewer routes the report.
 */
export const ReportFormSchema = z.object({
  answers: AnswersSchema,
  override: ClassOverrideSchema.optional(),
  workflowId: z.string().max(100).optional(),
  description: z.string().trim().min(1, 'Say what is wrong with the output').max(4_000),
  occurredAt: z
    .string()
    .refine((value) => value === '' || !Number.isNaN(Date.parse(value)), 'Enter a valid date and time')
    .optional(),
  affectedUsers: z.string().trim().max(4_000).optional(),
  affectedRecords: z.string().trim().max(4_000).optional(),
  containmentDone: z.array(z.string().max(100)).max(50),
});
/** The report form as the side panel sends it with a submit command. */
export type ReportForm = z.input<typeof ReportFormSchema>;

/** An assessment given after the report: by the reporter later, or by a reviewer. */
export const AssessmentInputSchema = ReportFormSchema.pick({
  answers: true,
  override: true,
  workflowId: true,
  containmentDone: true,
});
export type AssessmentInput = z.input<typeof AssessmentInputSchema>;

/** Zod issues as `{ fieldPath: message }`, first message per field, for errors beside fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The team settings routing reads: the business calendar and the triage reviewer. */
export interface TeamRouting {
  calendar: BusinessCalendar;
  triageReviewer?: string;
}

/**
 * The record with an assessment applied: answers, the computed result (class, severity, rules that
 * fired and why), the workflow snapshot when known, and the routing that result gives
 * (docs/incident-model.md, "Escalation"). With no answer and no override there is no assessment:
 * the record is in triage, shows no class or severity, and has a triage owner and due time.
 */
export function applyAssessment(
  record: Incident,
  input: z.output<typeof AssessmentInputSchema>,
  result: Assessment,
  workflow: Workflow | undefined,
  team: TeamRouting,
  now = new Date(),
): Incident {
  const next: Incident = { ...record, containment: { ...record.containment, done: input.containmentDone } };
  if (!hasAnswers(input.answers) && !input.override) {
    delete next.assessment;
    const routed = routeRecord(next, result, workflow, team.calendar, now);
    return { ...routed, triage: record.triage ?? triageFor(routed, input.answers, team.triageReviewer) };
  }
  next.assessment = {
    answers: input.answers,
    override: input.override,
    computedClass: result.computedClass,
    class: result.class,
    severity: result.severity,
    provisional: result.provisional,
    firedRules: result.firedRules.map((rule) => ({ id: rule.id, reason: rule.reason })),
  };
  return routeRecord(next, result, workflow, team.calendar, now);
}

/**
 * The record after "Submit": what is wrong, the assessment if any answer was given, the workflow
 * if known, the reporter when they gave their name now, and step 1 (detect and report) completed.
 */
export function applyReport(
  record: Incident,
  form: z.output<typeof ReportFormSchema>,
  result: Assessment,
  workflow: Workflow | undefined,
  meta: { by: string; team: TeamRouting; now?: Date; reporter?: Person },
): Incident {
  const { by, team, reporter } = meta;
  const now = meta.now ?? new Date();
  const at = now.toISOString();
  const reported: Incident = {
    ...applyAssessment(record, form, result, workflow, team, now),
    ...(reporter?.name ? { reporter } : {}),
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
  };
  return completeStep(reported, 'reported', by, now);
}
