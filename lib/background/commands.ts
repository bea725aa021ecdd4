import { browser } from 'wxt/browser';
import type { FlaglineDb } from '../db';
import { actorName } from '../incident/create';
import {
  declineIncident,
  describeError,
  mergeIncident,
  reopenIncident,
  reopenRecordStep,
  saveStep,
  addCorrectiveAction,
  setContainmentStep,
  tickChecklistItem,
  updateCorrectiveAction,
} from '../incident/lifecycle-actions';
import { clearDraftFields, putDraftFields } from '../incident/draft-store';
import { createManualDraft, NEAR_MISS_ANSWERS } from '../incident/manual';
import { deleteScreenshot, redactText } from '../incident/redact';
import { discardDraft, markTold, nextStepTitle, saveAssessment, submitReport } from '../incident/report-actions';
import type { Incident } from '../incident/schema';
import { verdictLine } from '../assessment/verdict';
import { mergeImportedRecords } from '../log/import';
import {
  COMMAND_SCHEMAS,
  type Command,
  type CommandOf,
  type CommandReply,
  type CommandType,
  type Failure,
  type ReplyData,
} from '../messaging/commands';
import { isOwnExtensionPage, type SenderLike } from '../messaging/protocol';
import { reporterItem } from '../settings/items';
import { captureLevels } from '../settings/redaction';
import { setSyncSecrets } from '../sync/secrets';
import { deleteWorkflow, importRegistry, saveWorkflow } from '../workflows/store';
import { afterWrite, postWriteEffects, type PostWriteEffects } from './after-write';
import { addImportBatch, beginImport, takeImport } from './import-staging';

/** A command's outcome: its reply data and, when it wrote, the pages of the records it wrote. */
type Outcome<T extends CommandType> = { data: ReplyData<T>; wrote?: { pages: string[] } } | Failure;

const by = async () => actorName(await reporterItem.getValue());

/** A record command's outcome: the record's id, and its page for the highlights. */
const recordOutcome = (record: Incident) => ({ data: { id: record.id }, wrote: { pages: [record.evidence.page.url] } });

/**
 * Submits a draft. A reporter name given now (first run) is saved to the settings with the
 * report, unless the settings already have one.
 */
async function saveReport(db: FlaglineDb, { id, report, reporter }: CommandOf<'ui-bg:save-report'>) {
  const saved = await reporterItem.getValue();
  const firstRun = !saved.name?.trim() && Boolean(reporter?.name?.trim());
  const person = firstRun ? { name: reporter!.name, email: reporter!.email ?? '' } : undefined;
  const { record, result } = await submitReport(db, id, report, {
    by: actorName(person ?? saved),
    reporter: person,
  });
  if (person) await reporterItem.setValue(person);
  await clearDraftFields(id);
  const said = record.assessment
    ? `Report submitted: ${verdictLine(report.answers, result)}.${nextStep(record)}`
    : 'Report submitted. A reviewer will assess it — or answer the questions now.';
  return { data: { id, said }, wrote: { pages: [record.evidence.page.url] } };
}

const nextStep = (record: Incident) => {
  const next = nextStepTitle(record);
  return next ? ` Next: ${next.toLowerCase()}.` : '';
};

async function saveRecordAssessment(db: FlaglineDb, { id, assessment }: CommandOf<'ui-bg:save-assessment'>) {
  const { record, result } = await saveAssessment(db, id, assessment, { by: await by() });
  const said = record.assessment
    ? `Assessment saved: ${verdictLine(assessment.answers, result)}.${nextStep(record)}`
    : 'Assessment cleared: the report needs assessment again.';
  return { data: { id, said }, wrote: { pages: [record.evidence.page.url] } };
}

/** A manual report; a caught near miss keeps its first answers in the draft fields. */
async function createReport(db: FlaglineDb, { report }: CommandOf<'ui-bg:create-report'>) {
  const { nearMiss, ...fields } = report;
  const record = await createManualDraft(db, fields, await reporterItem.getValue(), new Date(), await captureLevels());
  if (nearMiss) await putDraftFields(record.id, { answers: { ...NEAR_MISS_ANSWERS } });
  return record;
}

/** The record commands: each writes one record as a new revision through its lib action. */
async function runRecordCommand(db: FlaglineDb, command: Command): Promise<Incident | null> {
  switch (command.type) {
    case 'ui-bg:create-report':
      return createReport(db, command);
    case 'ui-bg:discard': {
      const record = await discardDraft(db, command.id, { by: await by() });
      await clearDraftFields(command.id);
      return record;
    }
    case 'ui-bg:save-step':
      return saveStep(db, command.id, command.step, command.values, { by: await by() });
    case 'ui-bg:reopen-step':
      return reopenRecordStep(db, command.id, command.step, command.reason, { by: await by() });
    case 'ui-bg:decline':
      return declineIncident(db, command.id, command.reason, { by: await by() });
    case 'ui-bg:merge':
      return mergeIncident(db, command.id, command.targetId, { by: await by() });
    case 'ui-bg:reopen-record':
      return reopenIncident(db, command.id, { by: await by() });
    case 'ui-bg:redact-text':
      return redactText(db, command.id, command.text, { by: await by() });
    case 'ui-bg:delete-screenshot':
      return deleteScreenshot(db, command.id, { by: await by() });
    case 'ui-bg:tick-checklist':
      return tickChecklistItem(db, command.id, command.key, command.ticked, { by: await by() });
    case 'ui-bg:tick-containment':
      return setContainmentStep(db, command.id, command.stepId, command.done, { by: await by() });
    case 'ui-bg:add-action':
      return addCorrectiveAction(db, command.id, command.action, { by: await by() });
    case 'ui-bg:update-action': {
      const { id, actionId, status, droppedReason, doneOn } = command;
      return updateCorrectiveAction(db, id, actionId, { status, droppedReason, doneOn }, { by: await by() });
    }
    case 'ui-bg:mark-told':
      return markTold(db, command.id, command.who, command.told, { by: await by() });
    default:
      return null;
  }
}

const NO_PAGES = { pages: [] };

/** The workflow registry and log import commands. */
async function runOtherCommand(db: FlaglineDb, command: Command): Promise<Outcome<CommandType>> {
  switch (command.type) {
    case 'ui-bg:save-report':
      return saveReport(db, command);
    case 'ui-bg:save-assessment':
      return saveRecordAssessment(db, command);
    case 'ui-bg:save-draft':
      // No revision and no post-write effects: the record itself is unchanged until Submit.
      if ((await db.incidents.get(command.id))?.status !== 'draft')
        throw new Error('This report was already submitted.');
      await putDraftFields(command.id, command.draft);
      return { data: { id: command.id } };
    case 'ui-bg:save-workflow':
      return { data: { workflow: await saveWorkflow(db, command.workflow) }, wrote: NO_PAGES };
    case 'ui-bg:delete-workflow':
      await deleteWorkflow(db, command.id);
      return { data: {}, wrote: NO_PAGES };
    case 'ui-bg:import-workflows': {
      const result = await importRegistry(db, command.text);
      if (!result.ok) return { ok: false, error: 'Nothing was imported.', details: result.errors };
      return { data: { added: result.added, updated: result.updated }, wrote: NO_PAGES };
    }
    case 'ui-bg:save-sync-secrets':
      await setSyncSecrets({ token: command.token, signingSecret: command.signingSecret }, db);
      return { data: {}, wrote: NO_PAGES };
    case 'ui-bg:import-begin':
      return { data: { importId: beginImport(command.total) } };
    case 'ui-bg:import-batch':
      return { data: { received: addImportBatch(command.importId, command.records) } };
    case 'ui-bg:import-commit': {
      const records = takeImport(command.importId);
      const result = await mergeImportedRecords(db, records);
      if (!result.ok) return { ok: false, error: result.message, details: result.details };
      return { data: { summary: result.summary }, wrote: { pages: records.map((r) => r.evidence.page.url) } };
    }
    default:
      throw new Error(`Unexpected command ${command.type}`);
  }
}

async function runCommand(db: FlaglineDb, command: Command): Promise<Outcome<CommandType>> {
  const record = await runRecordCommand(db, command);
  return record ? recordOutcome(record) : runOtherCommand(db, command);
}

const COMMAND_TYPES = new Set<string>(COMMAND_SCHEMAS.map((schema) => schema.shape.type.value));

/** True for a write command (see `commands.ts`), as opposed to the other messages. */
export function isCommand(message: { type: string }): message is Command {
  return COMMAND_TYPES.has(message.type);
}

/**
 * Runs a write command from one of the extension's own pages (never a content script, a web page
 * or another extension), then, once it wrote, every post-write effect in one place. Errors come
 * back in the words a reviewer can act on; the page keeps what was typed.
 */
export async function handleCommand(
  db: FlaglineDb,
  command: Command,
  sender: SenderLike,
  effects: PostWriteEffects = postWriteEffects,
): Promise<CommandReply> {
  if (!isOwnExtensionPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) {
    return { ok: false, error: 'Changes are only accepted from Flagline’s own pages.' };
  }
  let outcome: Outcome<CommandType>;
  try {
    outcome = await runCommand(db, command);
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
  if ('ok' in outcome) return outcome;
  if (outcome.wrote) await afterWrite(db, outcome.wrote, effects);
  return { ok: true, ...outcome.data };
}
