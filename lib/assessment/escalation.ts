/**
 * Routing for an assessed flag: how fast, who is told and what to contain
 * (docs/incident-model.md, "Escalation and due times"). Near misses use the same table on their
 * potential severity, so nothing here depends on the class.
 */
import { SEVERITY_DEADLINES, type Deadline } from './due';
import { countsAsYes, type Answers } from './questions';
import type { Severity } from './rules';

/** The parts of a workflow registry entry that routing needs; all optional. */
export interface WorkflowRouting {
  name?: string;
  owner?: string;
  fallbackProcess?: string;
  /** Who is told, in order. */
  escalationPath?: string[];
}

/** Someone to notify and why they are on the list. */
export interface NotifyEntry {
  who: string;
  why: string;
}

/** One containment step; `id` is stable so a UI can keep a checklist. */
export interface ContainmentStep {
  id: string;
  text: string;
}

/** The routing for one assessment. */
export interface Escalation {
  severity: Severity;
  /** Human deadline, e.g. "1 hour". */
  within: string;
  /**
   * The same window as a deadline: on the clock for SEV1 and SEV2, in business days for SEV3 and
   * SEV4, so a due time comes from `dueAt` with the team's calendar (./due.ts), never from minutes.
   */
  deadline: Deadline;
  notify: NotifyEntry[];
  containment: ContainmentStep[];
  failedControls: string[];
}

/** What `escalate` reads from an assessment. */
export interface EscalationInput {
  severity: Severity;
  answers: Answers;
}

/** Response window per severity, in words; its length is `SEVERITY_DEADLINES` (./due.ts). */
export const RESPONSE_WINDOWS: Readonly<Record<Severity, { within: string }>> = {
  SEV1: { within: '1 hour' },
  SEV2: { within: '4 hours' },
  SEV3: { within: '1 business day' },
  SEV4: { within: '1 week' },
};

/** Stable ids of every containment step `escalate` can produce. */
export const CONTAINMENT_IDS = {
  pauseNow: 'pause-now',
  revokeAccess: 'revoke-access',
  stopOutbound: 'stop-outbound-actions',
  switchToFallback: 'switch-to-fallback',
  pauseBeforeDiagnosis: 'pause-before-diagnosis',
  ownerDecidesPause: 'owner-decides-pause',
  rollBackChange: 'roll-back-change',
} as const;

/** Who to notify for a change-caused issue. */
export const CHANGE_OWNER = 'Whoever owns the change';

/** Failed-control label recorded when a reviewer approved a bad output. */
export const HUMAN_REVIEW_CONTROL = 'human review';

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function fallbackStep(fallback: string | undefined): ContainmentStep {
  return {
    id: CONTAINMENT_IDS.switchToFallback,
    text: fallback ? `Switch to the fallback process: ${fallback}` : 'Switch to the documented fallback process',
  };
}

function containmentFor(severity: Severity, fallback: string | undefined): ContainmentStep[] {
  switch (severity) {
    case 'SEV1':
      return [
        { id: CONTAINMENT_IDS.pauseNow, text: 'Pause the workflow now' },
        {
          id: CONTAINMENT_IDS.revokeAccess,
          text: "Revoke the workflow's access to systems and data",
        },
        {
          id: CONTAINMENT_IDS.stopOutbound,
          text: 'Stop outbound actions (sends, record changes, approvals, payments)',
        },
        fallbackStep(fallback),
      ];
    case 'SEV2':
      // Containment never waits for a diagnosis (docs/incident-model.md, "Terms").
      return [
        {
          id: CONTAINMENT_IDS.pauseBeforeDiagnosis,
          text: 'Pause the workflow before diagnosing the cause',
        },
        // A paused workflow's work still has to be done: the fallback is part of containment.
        fallbackStep(fallback),
      ];
    case 'SEV3':
      return [
        {
          id: CONTAINMENT_IDS.ownerDecidesPause,
          text: 'Owner decides whether to pause the workflow',
        },
        { ...fallbackStep(fallback), text: `If paused, ${fallbackStep(fallback).text.toLowerCase()}` },
      ];
    case 'SEV4':
      return [];
  }
}

/**
 * Route an assessment per the docs/incident-model.md escalation table. Unsure and
 * unanswered facts count as Yes here too, so an open question widens the
 * notify list rather than narrowing it.
 */
export function escalate(input: EscalationInput, workflow: WorkflowRouting = {}): Escalation {
  const { severity, answers } = input;
  const owner = clean(workflow.owner);
  const name = clean(workflow.name);
  const fallback = clean(workflow.fallbackProcess);
  const yes = (key: Parameters<typeof countsAsYes>[1]): boolean => countsAsYes(answers, key);

  const notify: NotifyEntry[] = [];
  const add = (who: string, why: string): void => {
    // Escalation paths often repeat a role the table already names.
    if (!notify.some((n) => n.who.toLowerCase() === who.toLowerCase())) notify.push({ who, why });
  };

  const ownerWho = owner ? `Owner: ${owner}` : 'Workflow owner';
  if (severity === 'SEV4') {
    add(ownerWho, 'Review in the weekly review as part of normal quality tracking');
  } else {
    add(ownerWho, 'Accountable for the workflow and coordinates the response');
  }

  if (severity === 'SEV1') {
    add('Security', 'Critical incidents need security involved within the hour');
    add('Legal', 'Critical incidents may carry legal exposure');
    add('Executive sponsor', 'Critical incidents are reported to the executive sponsor');
    add(
      'Notification assessment',
      'Decide whether customers, regulators, insurers or contract partners must be notified',
    );
  }
  if (severity === 'SEV2') {
    if (yes('exposedData')) {
      add('Security / privacy', 'The workflow may have exposed confidential or personal data');
    }
    if (yes('obligation')) {
      add('Legal', 'It could create a notification, contractual, insurance or legal obligation');
    }
  }
  // SEV4 means every fact is a firm No, so only SEV1-3 can reach here with a change.
  if (severity !== 'SEV4' && yes('recentChange')) {
    add(CHANGE_OWNER, 'A recent model, prompt, permission, data or integration change may be the cause');
  }
  if (severity === 'SEV1' || severity === 'SEV2') {
    for (const contact of workflow.escalationPath ?? []) {
      const who = clean(contact);
      if (who) add(who, name ? `On the escalation path for ${name}` : 'On the escalation path');
    }
  }

  const containment = containmentFor(severity, fallback);
  if (severity !== 'SEV4' && yes('recentChange')) {
    containment.push({ id: CONTAINMENT_IDS.rollBackChange, text: 'Roll the recent change back' });
  }

  const failedControls = yes('reviewerApproved') ? [HUMAN_REVIEW_CONTROL] : [];
  const window = RESPONSE_WINDOWS[severity];
  return {
    severity,
    within: window.within,
    deadline: SEVERITY_DEADLINES[severity],
    notify,
    containment,
    failedControls,
  };
}
