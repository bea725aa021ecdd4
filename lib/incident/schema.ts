import { z } from 'zod';
import { AnswersSchema } from '../assessment/questions';
import { ClassOverrideSchema, SeveritySchema } from '../assessment/rules';
import { MAX_CONTAINER_TEXT, MAX_CSS, MAX_FOUND, MAX_LANG, MAX_QUOTE, MAX_TITLE, MAX_URL } from '../shared/limits';
import { CaptureSourceSchema, FlagTriggerSchema, TextQuoteSelectorSchema, storableString } from '../capture/schema';

/** Version of the persisted and exported record shape. Raise it with a migration, never in place. */
export const INCIDENT_SCHEMA_VERSION = 2;

const isoTime = z.iso.datetime({ offset: true });
// Imported and typed text alike loses what the team's database could not store (../capture/schema).
const text = (max = 4_000) => storableString().trim().max(max);
const uuid = z.uuid();

/** The eight response steps of docs/incident-model.md, in order. A record's status is the furthest completed. */
export const LIFECYCLE_STEPS = [
  'reported',
  'contained',
  'evidence-preserved',
  'impact-assessed',
  'corrected',
  'diagnosed',
  'resumed',
  'learned',
] as const;
export const StatusSchema = z.enum(['draft', ...LIFECYCLE_STEPS, 'declined', 'merged']);
export type Status = z.infer<typeof StatusSchema>;

export const PersonSchema = z.object({
  name: text(200).optional(),
  email: z.union([z.email('Enter a valid email address'), z.literal('')]).optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const SelectorSchema = z.discriminatedUnion('type', [
  TextQuoteSelectorSchema,
  z.object({ type: z.literal('TextPositionSelector'), start: z.int().min(0), end: z.int().min(0) }),
  z.object({ type: z.literal('CssSelector'), value: z.string().max(MAX_CSS) }),
]);

/** A context field read from the page, with how it was found (adapter rule or generic fallback). */
const FoundValueSchema = z.object({ value: text(MAX_FOUND), foundBy: text(200) });

/** Where a detected or masked value lay in one evidence field (`selectors.0.exact`), never the value. */
const FieldSpanSchema = z.object({
  field: z.string().max(100),
  start: z.int().min(0),
  end: z.int().min(0),
  kind: z.string().max(60),
});

export const EvidenceSchema = z.object({
  /** The flagged output as the reviewer saw it. */
  output: storableString().max(MAX_QUOTE),
  source: z.union([CaptureSourceSchema, z.literal('manual')]),
  trigger: FlagTriggerSchema,
  selectors: z.array(SelectorSchema).max(10),
  page: z.object({
    url: z.string().max(MAX_URL),
    title: storableString().max(MAX_TITLE),
    frameUrl: z.string().max(MAX_URL).optional(),
    lang: z.string().max(MAX_LANG).optional(),
    capturedAt: isoTime,
  }),
  containerText: storableString().max(MAX_CONTAINER_TEXT).optional(),
  prompt: FoundValueSchema.optional(),
  model: FoundValueSchema.optional(),
  inputs: text(20_000).optional(),
  toolCalls: text(20_000).optional(),
  approvals: text(4_000).optional(),
  /** The AI tool the page is (ChatGPT, Claude, …), the conversation and message it showed. */
  aiTool: FoundValueSchema.optional(),
  conversationId: FoundValueSchema.optional(),
  messageId: FoundValueSchema.optional(),
  /** A `#:~:text=` link that reopens the page scrolled to the quote. */
  textFragmentLink: z.string().max(16_384).optional(),
  /** Flagline's version at capture, so a reviewer knows which capture rules applied. */
  extensionVersion: z.string().max(50).optional(),
  /** The visible tab at capture; the image is a Blob in the `screenshots` table, hashed here. */
  screenshot: z
    .object({
      id: uuid,
      mediaType: z.enum(['image/png', 'image/jpeg']),
      bytes: z.int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
  /** How many secrets (keys, tokens) were masked in the captured text before it was stored. */
  redactions: z.int().min(0).optional(),
  /** What was masked before storage: kind and where its `[redacted]` marker lies in the stored text. */
  detected: z.array(FieldSpanSchema).max(1_000).optional(),
  /**
   * Spans masked after capture, in the order applied: by the reviewer (a redaction revision) or
   * when the record left the device (personal data). Positions refer to the text as the previous
   * span left it; a `screenshot` entry records a deleted screenshot. Not covered by `hash`:
   * replaying the list over the evidence as captured gives this evidence, and the captured
   * evidence gives `hash`, so whoever holds the original can verify both (docs/redaction.md).
   */
  masked: z
    .array(FieldSpanSchema.extend({ by: z.enum(['reviewer', 'sharing']) }))
    .max(1_000)
    .optional(),
  /** SHA-256 over the canonical JSON of the evidence as captured (every field above but `masked`). */
  hash: z.object({ algorithm: z.literal('SHA-256'), value: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const HistoryEntrySchema = z.object({
  at: isoTime,
  by: text(320),
  revision: z.int().min(1),
  action: text(200),
  /** Dotted paths of the fields that changed, so the history reads as "what changed". */
  changed: z.array(z.string().max(200)).max(200).optional(),
  note: text(4_000).optional(),
});

/** Root-cause vocabulary of docs/incident-model.md ("Diagnosis vocabulary"): every other list derives from it. */
export const RootCauseSchema = z.enum([
  'data',
  'model-behaviour',
  'prompt-design',
  'permissions',
  'integration-logic',
  'human-review',
]);
export type RootCause = z.infer<typeof RootCauseSchema>;

const StepRecordSchema = z.object({ completedAt: isoTime, by: text(320) });
const TickSchema = z.object({ at: isoTime, by: text(320) });
const isoDate = z.iso.date();
const count = z.int().min(0).max(1_000_000_000);

/** The workflow registry entry as a record keeps it (docs/incident-model.md, "Words"). */
export const WorkflowSnapshotSchema = z.object({
  id: z.string().max(100).optional(),
  name: text(200),
  owner: text(200).optional(),
  fallbackProcess: text(2_000).optional(),
  escalationPath: z.array(text(200)).max(20).optional(),
});
export type WorkflowSnapshot = z.infer<typeof WorkflowSnapshotSchema>;

/** Who was affected, by kind, for the impact step and the review. */
export const AFFECTED_CATEGORIES = [
  'customers',
  'employees',
  'vendors',
  'lenders-investors',
  'personal-data',
  'confidential-business',
  'financial',
  'regulated-data',
] as const;
export const AffectedCategorySchema = z.enum(AFFECTED_CATEGORIES);

/** How a party was told. */
export const TOLD_CHANNELS = ['email', 'chat', 'phone', 'ticket'] as const;
export const ToldSchema = z.object({
  at: isoTime,
  how: z.enum(TOLD_CHANNELS),
  reference: text(400).optional(),
  by: text(320),
});
export type Told = z.infer<typeof ToldSchema>;

/** Someone the routing names: who, why, and whether and how they were told. */
export const PartySchema = z.object({ who: text(200).min(1), why: text(400), told: ToldSchema.optional() });
export type Party = z.infer<typeof PartySchema>;

/**
 * The escalation result of the record's latest assessment: the verdict it routed, the parties and
 * containment steps, the failed controls, and when everything is due (from the detection time).
 */
export const RoutingSchema = z.object({
  severity: SeveritySchema,
  routedAt: isoTime,
  /** "4 hours", "1 business day": the escalation table's window. */
  within: text(40),
  dueAt: isoTime,
  parties: z.array(PartySchema).max(40),
  containment: z.array(z.object({ id: z.string().max(100), text: text(400) })).max(20),
  failedControls: z.array(text(200)).max(10),
});
export type Routing = z.infer<typeof RoutingSchema>;

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'dropped'] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES);

/** One corrective action (docs/incident-model.md, "Lifecycle"). */
export const CorrectiveActionSchema = z.object({
  id: z.string().min(1).max(64),
  what: text(1_000).min(1),
  owner: text(200).optional(),
  dueOn: isoDate.optional(),
  status: ActionStatusSchema,
  droppedReason: text(1_000).optional(),
  doneOn: isoDate.optional(),
});
export type CorrectiveAction = z.infer<typeof CorrectiveActionSchema>;

/**
 * The incident record, schema v2 (v1 records are upgraded on read: ./upgrade.ts). Groups follow the minimum incident file of docs/incident-model.md; most
 * fields stay optional while the record is a draft.
 */
export const IncidentSchema = z.object({
  schemaVersion: z.literal(INCIDENT_SCHEMA_VERSION),
  id: uuid,
  revision: z.int().min(1),
  createdAt: isoTime,
  updatedAt: isoTime,
  status: StatusSchema,
  // 1. Workflow and accountable owner.
  // The workflow as it was when the record was routed: routing and the review read this snapshot,
  // so a later registry edit never rewrites who was to be told.
  workflow: WorkflowSnapshotSchema.optional(),
  // 2. When, who reported, who is affected.
  timeline: z.object({
    occurredAt: isoTime.optional(),
    detectedAt: isoTime,
    reportedAt: isoTime.optional(),
  }),
  reporter: PersonSchema,
  affected: z
    .object({
      users: text().optional(),
      records: text().optional(),
      /** How many people and records were affected, as numbers the review can add up. */
      userCount: count.optional(),
      recordCount: count.optional(),
      categories: z.array(AffectedCategorySchema).max(AFFECTED_CATEGORIES.length).optional(),
    })
    .optional(),
  // 3. Evidence.
  evidence: EvidenceSchema,
  // 3b. Evidence gathered after capture (from logs and the workflow's systems): not part of the
  // capture hash, edited in the "Preserve evidence" step, every change in the history.
  preserved: z
    .object({
      inputs: text(20_000).optional(),
      toolCalls: text(20_000).optional(),
      approvals: text().optional(),
      modelVersion: text(200).optional(),
      logsLocation: text(2_000).optional(),
    })
    .optional(),
  // 4. Business impact and whether the output was acted upon.
  /** The reporter's account of what happened and what the output got wrong. */
  whatHappened: text().optional(),
  impact: z.object({ description: text().optional() }).optional(),
  assessment: z
    .object({
      answers: AnswersSchema,
      override: ClassOverrideSchema.optional(),
      computedClass: z.enum(['incident', 'near-miss']).optional(),
      class: z.enum(['incident', 'near-miss']).optional(),
      severity: SeveritySchema.optional(),
      provisional: z.boolean().optional(),
      firedRules: z.array(z.object({ id: z.string().max(4), reason: text(400) })).optional(),
    })
    .optional(),
  /** Set when the report was submitted: who must assess it and by when (docs/incident-model.md, "Triage"). */
  triage: z.object({ owner: text(200).optional(), dueAt: isoTime }).optional(),
  /** The escalation result stored with the assessment that produced it (docs/incident-model.md, "Escalation"). */
  routing: RoutingSchema.optional(),
  // 5. Containment and corrective actions.
  containment: z
    .object({
      /** Ids of the routing's containment steps that were done. */
      done: z.array(z.string().max(100)).max(50),
      /** What was contained. */
      notes: text().optional(),
      /** When containment took effect, as entered: the review measures detection to containment by it. */
      containedAt: isoTime.optional(),
    })
    .optional(),
  correction: z.object({ actions: z.array(CorrectiveActionSchema).max(100), notes: text().optional() }).optional(),
  // 6. Root cause and the control that failed.
  diagnosis: z
    .object({
      rootCause: RootCauseSchema.optional(),
      failureKind: z.enum(['model', 'workflow-design', 'data', 'human-review']).optional(),
      failedControl: text().optional(),
    })
    .optional(),
  // 7. Restart decision.
  restart: z
    .object({
      decision: z.enum(['resume', 'resume-with-controls', 'keep-paused', 'retire']).optional(),
      approver: text(200).optional(),
      evidence: text().optional(),
      monitoring: text().optional(),
      decidedAt: isoTime.optional(),
    })
    .optional(),
  // 8. What was updated afterwards.
  learning: z
    .object({
      evaluationCases: text().optional(),
      policy: text().optional(),
      training: text().optional(),
      workflowDesign: text().optional(),
      /** When someone checks that the changes worked (a calendar date). */
      effectivenessCheckOn: isoDate.optional(),
    })
    .optional(),
  /** Checklist items ticked, keyed `step.item`, with when and by whom (unticking removes the key). */
  checklist: z.record(z.string().max(80), TickSchema).optional(),
  steps: z.partialRecord(z.enum(LIFECYCLE_STEPS), StepRecordSchema).optional(),
  declined: z.object({ reason: text().min(1) }).optional(),
  mergedInto: uuid.optional(),
  history: z.array(HistoryEntrySchema).min(1),
});
export type Incident = z.infer<typeof IncidentSchema>;
