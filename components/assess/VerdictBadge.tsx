import type { Assessment } from '@/lib/assessment/rules';

/** "Near miss · SEV2 potential · provisional", announced as it changes. */
export function VerdictBadge({
  result,
}: {
  result: Pick<Assessment, 'class' | 'severity' | 'potential' | 'provisional'>;
}) {
  const cls = result.class === 'incident' ? 'Incident' : 'Near miss';
  return (
    <p className="verdict row" role="status" aria-live="polite" aria-label="Assessment result">
      <span className={`badge class-${result.class}`}>{cls}</span>
      <span className={`badge sev sev-${result.severity.toLowerCase()}`}>
        {result.severity}
        {result.potential ? ' potential' : ''}
      </span>
      {result.provisional && <span className="badge provisional">provisional</span>}
    </p>
  );
}
