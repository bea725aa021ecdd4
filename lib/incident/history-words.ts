import { STEP_INFO, type LifecycleStep } from './lifecycle';
import { fieldLabel } from './lifecycle-actions';

/** Record field paths in plain words, for the history a person reads (the export keeps the paths). */
const WORDS: Readonly<Record<string, string>> = {
  status: 'status',
  whatHappened: 'what is wrong',
  reporter: 'reporter',
  mergedInto: 'merged into',
  'declined.reason': 'reason for declining',
  'assessment.answers': 'answers',
  'assessment.override': 'class override',
  'assessment.computedClass': 'class',
  'assessment.class': 'class',
  'assessment.severity': 'severity',
  'assessment.provisional': 'open answers',
  'assessment.firedRules': 'reasons',
  'workflow.id': 'workflow',
  'workflow.name': 'workflow',
  'workflow.owner': 'owner',
  'timeline.occurredAt': 'when it happened',
  'timeline.reportedAt': 'when it was reported',
  'containment.done': 'containment checklist',
  'evidence.masked': 'redactions',
  'evidence.screenshot': 'screenshot',
  'workflow.fallbackProcess': 'fallback process',
  'workflow.escalationPath': 'escalation path',
  'triage.owner': 'triage owner',
  'triage.dueAt': 'triage due time',
  'routing.severity': 'routing',
  'routing.routedAt': 'routing',
  'routing.within': 'due time',
  'routing.dueAt': 'due time',
  'routing.parties': 'who must be told',
  'routing.containment': 'containment steps',
  'routing.failedControls': 'failed controls',
};

/** One field path in words: known names first, then a step, a form label or the last word split. */
export function fieldInWords(path: string): string {
  const known = WORDS[path];
  if (known) return known;
  const [group, key] = path.split('.');
  if (group === 'steps' && key && key in STEP_INFO) return `step “${STEP_INFO[key as LifecycleStep].title}”`;
  const label = fieldLabel(path);
  if (label !== path) return label.toLowerCase();
  if (WORDS[group ?? '']) return WORDS[group ?? '']!;
  return (key ?? group ?? path).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "answers, class and severity": each changed field once, in plain words. */
export function changedInWords(paths: readonly string[]): string {
  const words = [...new Set(paths.map(fieldInWords))];
  const last = words.pop();
  return words.length > 0 ? `${words.join(', ')} and ${last ?? ''}` : (last ?? '');
}
