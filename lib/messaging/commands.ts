import { z } from 'zod';
import { ManualReportSchema } from '../incident/manual';
import { DraftFieldsSchema } from '../incident/draft-fields';
import { AssessmentInputSchema, ReportFormSchema } from '../incident/report-form';
import { ACTION_STATUSES, IncidentSchema, LIFECYCLE_STEPS, PersonSchema, TOLD_CHANNELS } from '../incident/schema';
import { WorkflowSchema } from '../workflows/schema';

/**
 * The write commands extension pages send the background, one per user action. The background is
 * the only writer of the database: a page validates its form, sends the command, and reads the
 * result back through its live queries. Who acts is the background's to know (the saved reporter),
 * never a field a page fills in.
 */
const recordId = z.uuid();
const step = z.enum(LIFECYCLE_STEPS);
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/** Records sent in one import batch at most; the page also keeps each batch under `IMPORT_BATCH_BYTES`. */
export const MAX_IMPORT_BATCH = 5_000;
/**
 * Bytes of records per import batch. Chrome refuses runtime messages over 64 MiB and copies them as
 * JSON; batches far below that keep each copy short and let the page show progress.
 */
export const IMPORT_BATCH_BYTES = 4 * 1024 * 1024;
/** A workflow registry file is refused above this size (1,000 workflows fit well within it). */
export const MAX_REGISTRY_CHARS = 5 * 1024 * 1024;

export const COMMAND_SCHEMAS = [
  // Submit a draft: what is wrong, and the assessment when any answer was given. `reporter` is
  // asked once, on first run, and saved to the settings with the report.
  command('ui-bg:save-report', { id: recordId, report: ReportFormSchema, reporter: PersonSchema.optional() }),
  // A report without a selection; the page's address and title are what the reviewer left in.
  command('ui-bg:create-report', { report: ManualReportSchema }),
  // Response steps and the record's disposition. Reasons and targets are checked by the action,
  // which answers in the reviewer's words.
  command('ui-bg:save-step', {
    id: recordId,
    step,
    values: z.record(
      z.string().max(100),
      z.union([z.string().max(20_000), z.boolean(), z.array(z.string().max(100)).max(50)]),
    ),
  }),
  command('ui-bg:reopen-step', { id: recordId, step, reason: z.string().max(4_000) }),
  command('ui-bg:decline', { id: recordId, reason: z.string().max(4_000) }),
  command('ui-bg:merge', { id: recordId, targetId: z.string().max(100) }),
  command('ui-bg:reopen-record', { id: recordId }),
  // The reviewer's own redactions.
  command('ui-bg:redact-text', { id: recordId, text: z.string().max(20_000) }),
  command('ui-bg:delete-screenshot', { id: recordId }),
  // The workflow registry. `updatedAt` is the background's to set.
  command('ui-bg:save-workflow', { workflow: WorkflowSchema.omit({ updatedAt: true }) }),
  command('ui-bg:delete-workflow', { id: z.string().min(1).max(100) }),
  command('ui-bg:import-workflows', { text: z.string().max(MAX_REGISTRY_CHARS) }),
  // Sync credentials live in the extension's IndexedDB (see lib/sync/secrets.ts); empty clears.
  command('ui-bg:save-sync-secrets', { token: z.string().max(4_096), signingSecret: z.string().max(4_096) }),
  // A log import: the page reads and verifies the file, then hands over its records in batches;
  // nothing is written until the commit, which merges them all in one transaction.
  command('ui-bg:import-begin', { total: z.number().int().min(0).max(1_000_000) }),
  command('ui-bg:import-batch', { importId: z.uuid(), records: z.array(IncidentSchema).max(MAX_IMPORT_BATCH) }),
  command('ui-bg:import-commit', { importId: z.uuid() }),
  // What a reporter typed into a draft, kept as they type without a new revision.
  command('ui-bg:save-draft', { id: recordId, draft: DraftFieldsSchema }),
  // An assessment of a record already reported (by the reporter later, or a reviewer).
  command('ui-bg:save-assessment', { id: recordId, assessment: AssessmentInputSchema }),
  // A draft the reporter does not want: kept in the log as declined, never deleted.
  command('ui-bg:discard', { id: recordId }),
  // Response work done at any time: checklist ticks, the routing's containment steps, and the
  // corrective actions list (docs/incident-model.md, "Lifecycle").
  command('ui-bg:tick-checklist', { id: recordId, key: z.string().max(80), ticked: z.boolean() }),
  command('ui-bg:tick-containment', { id: recordId, stepId: z.string().max(100), done: z.boolean() }),
  command('ui-bg:add-action', {
    id: recordId,
    action: z.strictObject({
      what: z.string().max(1_000),
      owner: z.string().max(200).optional(),
      dueOn: z.string().max(10).optional(),
    }),
  }),
  command('ui-bg:update-action', {
    id: recordId,
    actionId: z.string().max(64),
    status: z.enum(ACTION_STATUSES),
    droppedReason: z.string().max(1_000).optional(),
    doneOn: z.string().max(10).optional(),
  }),
  // A party the record's routing names was told (how, and a reference), or not after all (null).
  // When and by whom are the background's to fill in.
  command('ui-bg:mark-told', {
    id: recordId,
    who: z.string().min(1).max(200),
    told: z.strictObject({ how: z.enum(TOLD_CHANNELS), reference: z.string().max(400).optional() }).nullable(),
  }),
] as const;

export type Command = z.output<(typeof COMMAND_SCHEMAS)[number]>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

const RecordReplySchema = z.object({ id: z.string() });
/** A record reply that also says what happened and what comes next, in plain words. */
const SaidReplySchema = z.object({ id: z.string(), said: z.string() });
// Loose: an empty strict object's type would forbid `ok` itself.
const NoDataSchema = z.looseObject({});
const ImportSummarySchema = z.object({
  added: z.number(),
  updated: z.number(),
  duplicates: z.number(),
  older: z.number(),
  conflicts: z.array(z.string()),
  screenshotsDropped: z.array(z.string()).optional(),
});

/**
 * What a successful reply carries besides `ok: true`, per page request (write commands and the
 * sync requests). The client parses replies with these, so a call site gets its reply's type.
 */
export const PAGE_REPLIES = {
  'ui-bg:save-report': SaidReplySchema,
  'ui-bg:create-report': RecordReplySchema,
  'ui-bg:save-step': RecordReplySchema,
  'ui-bg:reopen-step': RecordReplySchema,
  'ui-bg:decline': RecordReplySchema,
  'ui-bg:merge': RecordReplySchema,
  'ui-bg:reopen-record': RecordReplySchema,
  'ui-bg:redact-text': RecordReplySchema,
  'ui-bg:delete-screenshot': RecordReplySchema,
  'ui-bg:save-workflow': z.object({ workflow: WorkflowSchema }),
  'ui-bg:delete-workflow': NoDataSchema,
  'ui-bg:import-workflows': z.object({ added: z.number(), updated: z.number() }),
  'ui-bg:save-sync-secrets': NoDataSchema,
  'ui-bg:import-begin': z.object({ importId: z.uuid() }),
  'ui-bg:import-batch': z.object({ received: z.number() }),
  'ui-bg:import-commit': z.object({ summary: ImportSummarySchema }),
  'ui-bg:save-draft': RecordReplySchema,
  'ui-bg:save-assessment': SaidReplySchema,
  'ui-bg:discard': RecordReplySchema,
  'ui-bg:sync-now': NoDataSchema,
  'ui-bg:sync-kick': NoDataSchema,
  'ui-bg:sync-test': NoDataSchema,
  'ui-bg:sync-retry': NoDataSchema,
  'ui-bg:sync-discard': NoDataSchema,
  'ui-bg:tick-checklist': RecordReplySchema,
  'ui-bg:tick-containment': RecordReplySchema,
  'ui-bg:add-action': RecordReplySchema,
  'ui-bg:update-action': RecordReplySchema,
  'ui-bg:mark-told': RecordReplySchema,
} as const;

export type PageRequestType = keyof typeof PAGE_REPLIES;
/** The data of a successful reply to `T`. */
export type ReplyData<T extends PageRequestType> = z.output<(typeof PAGE_REPLIES)[T]>;

/**
 * A refused or failed request, in words a person can act on. `details` lists what was wrong with
 * an imported file, one line each.
 */
export const FailureSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  details: z.array(z.string()).optional(),
});
export type Failure = z.output<typeof FailureSchema>;

/** The background's answer to a write command. */
export type CommandReply<T extends CommandType = CommandType> = ({ ok: true } & ReplyData<T>) | Failure;
