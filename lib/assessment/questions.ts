/**
 * The escalation questionnaire: seven Yes / No / Unsure questions plus the
 * "acted upon" fact (see docs/incident-model.md, "The questions").
 */
import { z } from 'zod';

/** One answer to an escalation question. */
export const AnswerSchema = z.enum(['yes', 'no', 'unsure']);
/** `'yes' | 'no' | 'unsure'`. */
export type Answer = z.infer<typeof AnswerSchema>;

/** The seven escalation questions, in display order. */
export const QUESTION_KEYS = [
  'leftCompany',
  'exposedData',
  'tookAction',
  'reviewerApproved',
  'couldSpread',
  'recentChange',
  'obligation',
] as const;

/** Every fact the assessment reads: the seven questions, then actedUpon. */
export const FACT_KEYS = [...QUESTION_KEYS, 'actedUpon'] as const;
/** Key of any fact the assessment reads. */
export type FactKey = (typeof FACT_KEYS)[number];

/**
 * The questionnaire as shown to a reporter, in the order that decides most: the three facts that
 * make a record an incident come first (docs/incident-model.md, "Class and severity"), then the
 * facts that only raise the severity. Each carries one line of plain help. The order is display
 * only: the rules read `FACT_KEYS`.
 */
export const QUESTIONS: ReadonlyArray<{ key: FactKey; text: string; hint: string }> = [
  {
    key: 'leftCompany',
    text: 'Did the output leave the company, or reach a customer, employee, vendor, lender or investor?',
    hint: 'Sent, published or shown to anyone outside your team.',
  },
  {
    key: 'tookAction',
    text: 'Did the AI take an action (send, change a record, approve, pay) rather than only draft?',
    hint: 'No if it only suggested text that a person still had to use.',
  },
  {
    key: 'actedUpon',
    text: 'Was the output acted upon?',
    hint: 'Sent, saved to a system, or relied on in a decision.',
  },
  {
    key: 'exposedData',
    text: 'Did the workflow expose confidential, regulated, personal or proprietary information?',
    hint: 'For example another customer’s name, health data or internal prices.',
  },
  {
    key: 'obligation',
    text: 'Could it create a notification, contractual, insurance or legal obligation?',
    hint: 'Unsure is fine: legal or privacy will check.',
  },
  {
    key: 'reviewerApproved',
    text: 'Did a human reviewer approve an output that should have been rejected?',
    hint: 'Yes if it passed a review step that should have caught it.',
  },
  {
    key: 'couldSpread',
    text: 'Could the same issue affect additional records or users?',
    hint: 'For example the same prompt runs on every account.',
  },
  {
    key: 'recentChange',
    text: 'Is it caused by a recent model, prompt, permission, data or integration change?',
    hint: 'Only if you know of a change; otherwise Unsure.',
  },
];

/**
 * Short names for each fact, for explanations such as "obligation is Unsure"
 * where repeating the full question would drown the sentence.
 */
export const FACT_LABELS: Readonly<Record<FactKey, string>> = {
  leftCompany: 'left the company',
  exposedData: 'exposed data',
  tookAction: 'AI took an action',
  reviewerApproved: 'reviewer approved it',
  couldSpread: 'could spread',
  recentChange: 'recent change',
  obligation: 'obligation',
  actedUpon: 'acted upon',
};

/**
 * A (possibly partial) set of answers. Every key is optional because a flag
 * can be raised before anyone has answered; strict so that a typo in a key
 * fails loudly instead of silently reading as "unanswered" (= assumed Yes).
 */
export const AnswersSchema = z.strictObject({
  leftCompany: AnswerSchema.optional(),
  exposedData: AnswerSchema.optional(),
  tookAction: AnswerSchema.optional(),
  reviewerApproved: AnswerSchema.optional(),
  couldSpread: AnswerSchema.optional(),
  recentChange: AnswerSchema.optional(),
  obligation: AnswerSchema.optional(),
  actedUpon: AnswerSchema.optional(),
});
/** Parsed answers; a missing key means "not answered yet". */
export type Answers = z.infer<typeof AnswersSchema>;

/** Whether a fact counts as Yes: Unsure and unanswered assume the worst. */
export function countsAsYes(answers: Answers, key: FactKey): boolean {
  return answers[key] !== 'no';
}

/** Whether a fact is only assumed (Unsure or unanswered), which makes a result provisional. */
export function isAssumed(answers: Answers, key: FactKey): boolean {
  const answer = answers[key];
  return answer === undefined || answer === 'unsure';
}
