import type { Answers } from '@/lib/assessment/questions';
import type { Assessment } from '@/lib/assessment/rules';
import { hasAnswers, verdictLine } from '@/lib/assessment/verdict';

/** The verdict as one small line ("Near miss · could have been SEV2 · 2 answers open"), announced as it changes. */
export function VerdictBadge({
  answers,
  result,
}: {
  answers: Answers;
  result: Pick<Assessment, 'class' | 'severity'>;
}) {
  const assessed = hasAnswers(answers);
  return (
    <p
      className={`verdict small ${assessed ? `verdict-${result.class}` : 'verdict-none'}`}
      role="status"
      aria-live="polite"
      aria-label="Assessment result"
    >
      {verdictLine(answers, result)}
    </p>
  );
}
