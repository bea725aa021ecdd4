import type { z } from 'zod';
import { assess, type Assessment } from '../assessment/rules';
import type { FlaglineDb } from '../db';
import { readTeam, teamCalendar } from '../settings/team';
import type { Workflow } from '../workflows/schema';
import { DISCARDED_REASON, STEP_INFO } from './lifecycle';
import { revisionTables } from './persist';
import {
  applyAssessment,
  applyReport,
  isUnknownWorkflow,
  type AssessmentInputSchema,
  type TeamRouting,
  type ReportFormSchema,
} from './report-form';
import { assessmentAction, markParty, verdictWords } from './routing';
import { LIFECYCLE_STEPS, type Incident, type Person, type Told } from './schema';
import { updateIncident } from './update';

/** The chosen workflow, or none when it is unknown (a reviewer routes the record then). */
async function chosenWorkflow(db: FlaglineDb, id: string | undefined): Promise<Workflow | undefined> {
  if (isUnknownWorkflow(id)) return undefined;
  const workflow = await db.workflows.get(id!);
  if (!workflow) throw new Error('The chosen workflow no longer exists; choose another one or “I don’t know”.');
  return workflow;
}

/** The team's calendar and triage reviewer from the settings, unless the caller gives them. */
async function teamRouting(team: TeamRouting | undefined): Promise<TeamRouting> {
  if (team) return team;
  const saved = await readTeam();
  return { calendar: teamCalendar(saved), triageReviewer: saved.triageReviewer };
}

/** Submits a draft: step 1 (detect and report) complete, assessed only when an answer was given. */
export async function submitReport(
  db: FlaglineDb,
  id: string,
  form: z.output<typeof ReportFormSchema>,
  meta: { by: string; reporter?: Person; now?: Date; team?: TeamRouting },
): Promise<{ record: Incident; result: Assessment }> {
  const workflow = await chosenWorkflow(db, form.workflowId);
  const result = assess(form.answers, { override: form.override, workflow });
  const team = await teamRouting(meta.team);
  return db.transaction('rw', revisionTables(db), async () => {
    const current = await db.incidents.get(id);
    if (current && current.status !== 'draft') throw new Error('This report was already submitted.');
    const record = await updateIncident(
      db,
      id,
      (draft) => applyReport(draft, form, result, workflow, { ...meta, team }),
      {
        by: meta.by,
        now: meta.now,
        action: applied(form) ? `Reported and assessed: ${verdictWords(result)}` : 'Reported: needs assessment',
      },
    );
    return { record, result };
  });
}

const applied = (input: z.output<typeof AssessmentInputSchema>) =>
  Object.values(input.answers).some((answer) => answer !== undefined) || Boolean(input.override);

/**
 * Saves an assessment on a record already reported, as a new revision: the answers stay editable
 * on every open record, and each save recomputes the routing (docs/incident-model.md, "Escalation").
 */
export async function saveAssessment(
  db: FlaglineDb,
  id: string,
  input: z.output<typeof AssessmentInputSchema>,
  meta: { by: string; now?: Date; team?: TeamRouting },
): Promise<{ record: Incident; result: Assessment }> {
  const workflow = await chosenWorkflow(db, input.workflowId);
  const result = assess(input.answers, { override: input.override, workflow });
  const team = await teamRouting(meta.team);
  const now = meta.now ?? new Date();
  return db.transaction('rw', revisionTables(db), async () => {
    const current = await db.incidents.get(id);
    const action = assessmentAction(current?.assessment, applied(input) ? result : undefined);
    const record = await updateIncident(
      db,
      id,
      (record) => {
        if (record.status === 'draft') throw new Error('Submit the report first.');
        if (record.status === 'declined' || record.status === 'merged') {
          throw new Error(`This record is ${record.status}. Reopen the record first.`);
        }
        return applyAssessment(record, input, result, workflow, team, now);
      },
      { by: meta.by, now, action },
    );
    return { record, result };
  });
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

/** How a party was told, as a page sends it; when and by whom are the background's to fill in. */
export type ToldInput = Pick<Told, 'how' | 'reference'>;

/** Marks a party of the record's routing as told (or, with `null`, not told after all), as a new revision. */
export function markTold(
  db: FlaglineDb,
  id: string,
  who: string,
  told: ToldInput | null,
  meta: { by: string; now?: Date },
): Promise<Incident> {
  const now = meta.now ?? new Date();
  const action = told ? `Marked as told: ${who}` : `Marked as not told: ${who}`;
  return updateIncident(
    db,
    id,
    (record) => markParty(record, who, told && { ...told, at: now.toISOString(), by: meta.by }),
    {
      by: meta.by,
      now,
      action,
    },
  );
}
