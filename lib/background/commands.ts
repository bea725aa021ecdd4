import { browser } from 'wxt/browser';
import { assess } from '../assessment/rules';
import type { FlaglineDb } from '../db';
import { actorName } from '../incident/create';
import {
  declineIncident,
  describeError,
  mergeIncident,
  reopenIncident,
  reopenRecordStep,
  saveStep,
} from '../incident/lifecycle-actions';
import { createManualDraft } from '../incident/manual';
import { deleteScreenshot, redactText } from '../incident/redact';
import { applyReport } from '../incident/report-form';
import type { Incident } from '../incident/schema';
import { updateIncident } from '../incident/update';
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

async function saveReport(db: FlaglineDb, { id, report }: CommandOf<'ui-bg:save-report'>) {
  const workflow = await db.workflows.get(report.workflowId);
  if (!workflow) throw new Error('The chosen workflow no longer exists; choose another one.');
  const actor = await by();
  const result = assess(report.answers, { override: report.override, workflow });
  const kind = result.class === 'incident' ? 'incident' : 'near miss';
  return updateIncident(db, id, (record) => applyReport(record, report, result, workflow, actor), {
    by: actor,
    action: `Saved incident report: ${kind}, ${result.severity}`,
  });
}

/** The record commands: each writes one record as a new revision through its lib action. */
async function runRecordCommand(db: FlaglineDb, command: Command): Promise<Incident | null> {
  switch (command.type) {
    case 'ui-bg:save-report':
      return saveReport(db, command);
    case 'ui-bg:create-report':
      return createManualDraft(db, command.report, await reporterItem.getValue(), new Date(), await captureLevels());
    case 'ui-bg:save-step':
      return saveStep(db, command.id, command.step, command.values, { by: await by() });
    case 'ui-bg:reopen-step':
      return reopenRecordStep(db, command.id, command.step, { by: await by() });
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
    default:
      return null;
  }
}

const NO_PAGES = { pages: [] };

/** The workflow registry and log import commands. */
async function runOtherCommand(db: FlaglineDb, command: Command): Promise<Outcome<CommandType>> {
  switch (command.type) {
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
