import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { Answers } from '@/lib/assessment/questions';
import { assess, type Assessment, type ClassOverride } from '@/lib/assessment/rules';
import { hasAnswers } from '@/lib/assessment/verdict';
import { isUnknownWorkflow } from '@/lib/incident/report-form';
import { allWorkflows } from '@/lib/ui/reads';
import { matchWorkflow } from '@/lib/workflows/match';
import type { Workflow } from '@/lib/workflows/schema';
import { EscalationCard } from './EscalationCard';
import { QuestionsCard, VerdictSummary } from './AssessmentParts';
import { WorkflowPicker } from '../workflows/WorkflowPicker';

/** The registered workflows, the one the page address matches, and the one in use. */
export function useWorkflowChoice(pageUrl: string, chosen: string | undefined) {
  const stored = useLiveQuery(allWorkflows, []);
  const workflows = useMemo(() => stored ?? [], [stored]);
  const matched = useMemo(() => matchWorkflow(workflows, pageUrl), [workflows, pageUrl]);
  const workflowId = chosen ?? matched?.id ?? '';
  const workflow = isUnknownWorkflow(workflowId) ? undefined : workflows.find((w) => w.id === workflowId);
  return { workflows, matched, workflowId, workflow };
}

/** The live result of a set of answers, with the workflow's routing. */
export function liveResult(answers: Answers, workflow: Workflow | undefined, override?: ClassOverride): Assessment {
  return assess(answers, { override, workflow });
}

/**
 * The assessment: the verdict line, the questions in the order that decides most, what to do
 * (once anything is answered) and the workflow, which may stay unknown.
 */
export function AssessFields({
  answers,
  onAnswers,
  result,
  choice,
  pageUrl,
  onWorkflow,
  containmentDone,
  onContainment,
}: {
  answers: Answers;
  onAnswers: (answers: Answers) => void;
  result: Assessment;
  choice: ReturnType<typeof useWorkflowChoice>;
  pageUrl: string;
  onWorkflow: (id: string) => void;
  containmentDone: readonly string[];
  onContainment: (done: string[]) => void;
}) {
  const { workflows, matched, workflowId, workflow } = choice;
  const toggle = (id: string, checked: boolean) =>
    onContainment(checked ? [...containmentDone, id] : containmentDone.filter((d) => d !== id));
  return (
    <div className="stack">
      <VerdictSummary answers={answers} result={result} />
      <QuestionsCard answers={answers} onChange={onAnswers} />
      {hasAnswers(answers) && (
        <EscalationCard
          escalation={result.escalation}
          done={containmentDone}
          fallbackProcess={workflow?.fallbackProcess}
          onToggle={toggle}
        />
      )}
      <WorkflowPicker
        workflows={workflows}
        value={workflowId}
        matched={Boolean(matched && matched.id === workflowId)}
        pageUrl={pageUrl}
        onChange={onWorkflow}
      />
      {!workflow && (
        <p className="small" id="workflow-unknown">
          No workflow chosen: that is fine. A reviewer will find the workflow and route the report.
        </p>
      )}
    </div>
  );
}
