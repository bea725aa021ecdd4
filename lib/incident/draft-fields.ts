import { z } from 'zod';
import { AnswersSchema } from '../assessment/questions';

/**
 * What a reporter has typed into a draft but not submitted: kept as they type, so it survives a
 * view switch and a closed panel, without a new revision per keystroke. Only the background
 * writes it (a `ui-bg:save-draft` command); Submit and Discard clear the record's entry.
 */
export const DraftFieldsSchema = z
  .strictObject({
    description: z.string().max(4_000),
    answers: AnswersSchema,
    workflowId: z.string().max(100),
    occurredAt: z.string().max(40),
    affectedUsers: z.string().max(4_000),
    affectedRecords: z.string().max(4_000),
    containmentDone: z.array(z.string().max(100)).max(50),
  })
  .partial();
export type DraftFields = z.output<typeof DraftFieldsSchema>;
