import type { z } from 'zod';
import { assess, type Assessment } from '../assessment/rules';
import type { FlaglineDb } from '../db';
import type { Workflow } from '../workflows/schema';
import { DISCARDED_REASON, STEP_INFO } from './lifecycle';
import { revisionTables } from './persist';
import {
  applyAssessment,
  applyReport,
  isUnknownWorkflow,
  type AssessmentInputSchema,
  type ReportFormSchema,
} from './report-form';
import { LIFECYCLE_STEPS, type Incident, type Person } from './schema';
import { updateIncident } from './update';

/** The chosen workflow, or none when it is unknown (a reviewer routes the record then). */
async function chosenWorkflow(db: FlaglineDb, id: string | undefined): Promise<Workflow | undefined> {
  if (isUnknownWorkflow(id)) return undefined;
  const workflow = await db.workflows.get(id!);
  if (!workflow) throw new Error('The chosen workflow no longer exists; choose another one or “I don’t know”.');
  return workflow;
}

/** "near miss, SEV3" for a history line. */
const summary = (result: Assessment) => `${result.class === 'incident' ? 'incident' : 'near miss'}, ${result.severity}`;

/** Submits a draft: step 1 (detect and report) complete, assessed only when an answer was given. */
export async function submitReport(
  db: FlaglineDb,
  id: string,
  form: z.output<typeof ReportFormSchema>,
  meta: { by: string; reporter?: Person; now?: Date },
): Promise<{ record: Incident; result: Assessment }> {
  const workflow = await chosenWorkflow(db, form.workflowId);
  const result = assess(form.answers, { override: form.override, workflow });
  return db.transaction('rw', revisionTables(db), async () => {
    const current = await db.incidents.get(id);
    if (current && current.status !== 'draft') throw new Error('This report was already submitted.');
    const record = await updateIncident(
      db,
      id,
      (draft) => applyReport(draft, form, result, workflow, meta.by, meta.now, meta.reporter),
      {
        by: meta.by,
        now: meta.now,
        action: applied(form) ? `Reported and assessed: ${summary(result)}` : 'Reported: needs assessment',
      },
    );
    return { record, result };
  });
}

const applied = (input: z.output<typeof AssessmentInputSchema>) =>
  Object.values(input.answers).some((answer) => answer !== undefined) || Boolean(input.override);

/** Saves an assessment on a record already reported, as a new revision. */
export async function saveAssessment(
  db: FlaglineDb,
  id: string,
  input: z.output<typeof AssessmentInputSchema>,
  meta: { by: string; now?: Date },
): Promise<{ record: Incident; result: Assessment }> {
  const workflow = await chosenWorkflow(db, input.workflowId);
  const result = assess(input.answers, { override: input.override, workflow });
  const record = await updateIncident(
    db,
    id,
    (current) => {
      if (current.status === 'draft') throw new Error('Submit the report first.');
      if (current.status === 'declined' || current.status === 'merged') {
        throw new Error(`This record is ${current.status}. Reopen the record first.`);
      }
      return applyAssessment(current, input, result, workflow);
    },
    {
      by: meta.by,
      now: meta.now,
      action: applied(input) ? `Assessment saved: ${summary(result)}` : 'Assessment cleared',
    },
  );
  return { record, result };
}

/** Discards a draft: kept in the log as declined, with the reporter's reason, never deleted. */
export function discardDraft(db: FlaglineDb, id: string, meta: { by: string; now?: Date }): Promise<Incident> {
  return updateIncident(
    db,
    id,
    (record) => {
      if (record.status !== 'draft') throw new Error('Only a draft can be discarded; decline a report instead.');
      return { ...record, status: 'declined', declined: { reason: DISCARDED_REASON } };
    },
    { by: meta.by, now: meta.now, action: DISCARDED_REASON },
  );
}

/** The next response step of a record, in plain words ("Contain"), or undefined when all are done. */
export function nextStepTitle(record: Incident): string | undefined {
  const next = LIFECYCLE_STEPS.find((step) => !record.steps?.[step]);
  return next ? STEP_INFO[next].title : undefined;
}
