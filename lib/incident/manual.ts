import { z } from 'zod';
import { redactUrl } from '../capture/describe';
import type { FlaglineDb } from '../db';
import { createDraft } from './create';
import type { Incident, Person } from './schema';

/** A report started without a selection: a near miss seen in a PDF, a call, a locked-down tool. */
export const ManualReportSchema = z.object({
  url: z
    .string()
    .trim()
    .max(8_192)
    .refine((value) => value === '' || /^https?:\/\/\S+$/i.test(value), 'Enter a web address starting with https://'),
  title: z.string().trim().max(2_000),
  output: z.string().trim().min(1, 'Paste or type the AI output').max(20_000),
  description: z.string().trim().min(1, 'Say what happened').max(4_000),
});

/** Creates a draft from a manual report; the output text is the evidence. */
export async function createManualDraft(
  db: FlaglineDb,
  report: z.output<typeof ManualReportSchema>,
  reporter: Person,
  now = new Date(),
): Promise<Incident> {
  return createDraft(db, {
    reporter,
    now,
    description: report.description,
    evidence: {
      output: report.output,
      source: 'manual',
      trigger: 'manual',
      selectors: [],
      page: { url: report.url ? redactUrl(report.url) : '', title: report.title, capturedAt: now.toISOString() },
    },
  });
}
