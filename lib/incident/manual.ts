import { z } from 'zod';
import { NO_SHOT } from '../capture/screenshot-types';
import type { FlaglineDb } from '../db';
import { redactText, type DetectorLevel } from '../redaction/detect';
import { redactUrl } from '../redaction/url';
import { createDraft, withDetections } from './create';
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
  /** The reviewer caught it before it had any effect: the draft starts with those answers No. */
  nearMiss: z.boolean().optional(),
});

/** The answers a caught near miss starts with: nothing left the company, was done or was used. */
export const NEAR_MISS_ANSWERS = { leftCompany: 'no', tookAction: 'no', actedUpon: 'no' } as const;

/**
 * Creates a draft from a manual report; the output text is the evidence. A pasted output is as
 * likely to hold a key as a captured one: it goes through the same detectors, and so does the
 * description.
 */
export async function createManualDraft(
  db: FlaglineDb,
  report: z.output<typeof ManualReportSchema>,
  reporter: Person,
  now = new Date(),
  levels: readonly DetectorLevel[] = ['secrets'],
): Promise<Incident> {
  const evidence = withDetections(
    {
      output: report.output,
      source: 'manual',
      trigger: 'manual',
      selectors: [],
      page: {
        url: report.url ? redactUrl(report.url, []).url : '',
        title: report.title,
        capturedAt: now.toISOString(),
      },
    },
    levels,
  );
  return createDraft(db, {
    reporter,
    now,
    description: redactText(report.description, levels).text,
    evidence,
    note: NO_SHOT.manual,
  });
}
