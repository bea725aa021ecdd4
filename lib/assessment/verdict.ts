/**
 * The verdict as one calm line of plain words (docs/incident-model.md, "Triage first"): nothing
 * before the first answer, then class, severity and how many answers are still open.
 */
import { FACT_KEYS, isAssumed, type Answers } from './questions';
import type { Assessment } from './rules';

/** True once anyone has answered a question: assessment starts there. */
export function hasAnswers(answers: Answers | undefined): boolean {
  return FACT_KEYS.some((key) => answers?.[key] !== undefined);
}

/** How many facts are still Unsure or unanswered. */
export function openAnswers(answers: Answers): number {
  return FACT_KEYS.filter((key) => isAssumed(answers, key)).length;
}

export const NOT_ASSESSED = 'Not assessed yet';

/** "Near miss · could have been SEV2 · 2 answers open", or "Not assessed yet" before any answer. */
export function verdictLine(answers: Answers, result: Pick<Assessment, 'class' | 'severity'>): string {
  if (!hasAnswers(answers)) return NOT_ASSESSED;
  const open = openAnswers(answers);
  const parts =
    result.class === 'incident' ? ['Incident', result.severity] : ['Near miss', `could have been ${result.severity}`];
  if (open > 0) parts.push(`${open} ${open === 1 ? 'answer' : 'answers'} open`);
  return parts.join(' · ');
}

/** A rule's reason in the panel's words: a conclusion resting on open answers "may change". */
export function plainReason(reason: string): string {
  return reason.replace('(provisional:', '(may change:');
}
