/**
 * Deterministic, explainable classification and severity (docs/incident-model.md,
 * "Class and severity"): rules R0-R11, class, provisional flags.
 */
import { z } from 'zod';
import { escalate, type Escalation, type WorkflowRouting } from './escalation';
import { FACT_KEYS, FACT_LABELS, countsAsYes, isAssumed, type Answers, type FactKey } from './questions';

/** Incident if the output had an effect; otherwise near miss. */
export type IncidentClass = 'incident' | 'near-miss';
/** Business-impact severity, SEV1 highest: the one list every severity vocabulary derives from. */
export const SeveritySchema = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
/** Business-impact severity, SEV1 highest. */
export type Severity = z.infer<typeof SeveritySchema>;
/** Identifier of a severity rule. */
export type RuleId = 'R0' | 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11';

/** Severities from highest to lowest. */
export const SEVERITIES: readonly Severity[] = SeveritySchema.options;

/** Display label per severity, e.g. "SEV2 high". */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  SEV1: 'SEV1 critical',
  SEV2: 'SEV2 high',
  SEV3: 'SEV3 moderate',
  SEV4: 'SEV4 low',
};

/** A reviewer's override of the computed class; the reason is mandatory. */
export const ClassOverrideSchema = z.object({
  class: z.enum(['incident', 'near-miss']),
  reason: z.string().trim().min(1, 'Give a reason for the override'),
});
/** A validated class override. */
export type ClassOverride = z.infer<typeof ClassOverrideSchema>;

/** One rule that fired, with the facts it rests on. */
export interface FiredRule {
  id: RuleId;
  severity: Severity;
  /** Plain words, e.g. "SEV2 because the workflow exposed confidential data". */
  reason: string;
  /** True when any fact in `basis` is Unsure or unanswered. */
  provisional: boolean;
  basis: FactKey[];
}

/** The full, explainable result of assessing a set of answers. */
export interface Assessment {
  computedClass: IncidentClass;
  /** The class to use: the override's when given, otherwise the computed one. */
  class: IncidentClass;
  override?: ClassOverride;
  classReasons: string[];
  /** True when the computed class rests only on Unsure/unanswered facts and no override settles it. */
  classProvisional: boolean;
  severity: Severity;
  severityLabel: string;
  /** True for a near miss: the severity measures potential, not actual, impact. */
  potential: boolean;
  /** True when any fired rule rests on an Unsure or unanswered fact. */
  provisional: boolean;
  firedRules: FiredRule[];
  unanswered: FactKey[];
  unsure: FactKey[];
  escalation: Escalation;
}

/**
 * A condition is an AND of groups, each group an OR of facts; that covers
 * every rule in the table, including R2's "obligation and (left or acted)".
 */
interface RuleDef {
  id: Exclude<RuleId, 'R0'>;
  severity: Severity;
  when: ReadonlyArray<readonly FactKey[]>;
}

const RULES: readonly RuleDef[] = [
  { id: 'R1', severity: 'SEV1', when: [['exposedData'], ['leftCompany']] },
  { id: 'R2', severity: 'SEV1', when: [['obligation'], ['leftCompany', 'tookAction']] },
  { id: 'R3', severity: 'SEV1', when: [['tookAction'], ['couldSpread']] },
  { id: 'R4', severity: 'SEV2', when: [['exposedData']] },
  { id: 'R5', severity: 'SEV2', when: [['leftCompany']] },
  { id: 'R6', severity: 'SEV2', when: [['tookAction']] },
  { id: 'R7', severity: 'SEV2', when: [['obligation']] },
  { id: 'R8', severity: 'SEV3', when: [['reviewerApproved']] },
  { id: 'R9', severity: 'SEV3', when: [['couldSpread']] },
  { id: 'R10', severity: 'SEV3', when: [['recentChange']] },
  { id: 'R11', severity: 'SEV3', when: [['actedUpon']] },
];

/**
 * Each fact as a clause a reviewer can read; a rule's reason joins the
 * clauses of the facts it rests on, so R2 names the effect that triggered it.
 */
const FACT_PHRASES: Readonly<Record<FactKey, string>> = {
  leftCompany: 'the output left the company',
  exposedData: 'the workflow exposed confidential data',
  tookAction: 'the AI took an action rather than only drafting',
  reviewerApproved: 'a human reviewer approved an output that should have been rejected',
  couldSpread: 'the same issue could affect more records or users',
  recentChange: 'a recent model, prompt, permission, data or integration change caused it',
  obligation: 'it could create a notification, contractual, insurance or legal obligation',
  actedUpon: 'the output was acted upon',
};

function joinClauses(keys: readonly FactKey[]): string {
  const clauses = keys.map((k) => FACT_PHRASES[k]);
  const last = clauses.pop();
  return clauses.length > 0 ? `${clauses.join(', ')} and ${last ?? ''}` : (last ?? '');
}

/** The facts that show the output had an effect, which is what makes an incident. */
const EFFECT_FACTS: readonly FactKey[] = ['leftCompany', 'tookAction', 'actedUpon'];

function describeAssumption(answers: Answers, keys: readonly FactKey[]): string {
  const parts = keys
    .filter((k) => isAssumed(answers, k))
    .map((k) => `"${FACT_LABELS[k]}" is ${answers[k] === 'unsure' ? 'Unsure' : 'unanswered'}`);
  return parts.length > 0 ? ` (provisional: ${parts.join(', ')})` : '';
}

/**
 * The facts a rule rests on, or undefined when it does not fire. Within an OR
 * group a firm Yes is preferred, so a rule is not provisional merely because
 * an alternative it did not need is still open.
 */
function basisOf(rule: RuleDef, answers: Answers): FactKey[] | undefined {
  const basis: FactKey[] = [];
  for (const group of rule.when) {
    const yes = group.filter((k) => countsAsYes(answers, k));
    if (yes.length === 0) return undefined;
    const firm = yes.filter((k) => !isAssumed(answers, k));
    basis.push(...(firm.length > 0 ? firm : yes));
  }
  return basis;
}

function fireRules(answers: Answers): FiredRule[] {
  const fired: FiredRule[] = [];
  for (const rule of RULES) {
    const basis = basisOf(rule, answers);
    if (!basis) continue;
    fired.push({
      id: rule.id,
      severity: rule.severity,
      reason: `${rule.severity} because ${joinClauses(basis)}${describeAssumption(answers, basis)}`,
      provisional: basis.some((k) => isAssumed(answers, k)),
      basis,
    });
  }
  if (fired.length === 0) {
    // Every fact is a firm No here, so R0 can never be provisional.
    fired.push({
      id: 'R0',
      severity: 'SEV4',
      reason: 'SEV4 because every question was answered No',
      provisional: false,
      basis: [...FACT_KEYS],
    });
  }
  // RULES is already in id order, so a stable sort by severity keeps ids ordered.
  return fired.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function classify(answers: Answers): {
  cls: IncidentClass;
  reasons: string[];
  provisional: boolean;
} {
  const effects = EFFECT_FACTS.filter((k) => countsAsYes(answers, k));
  if (effects.length === 0) {
    return {
      cls: 'near-miss',
      reasons: [
        'Near miss: the output did not leave the company, the AI took no action and nobody ' +
          'acted on it, so it was caught before it had an effect',
      ],
      provisional: false,
    };
  }
  return {
    cls: 'incident',
    reasons: effects.map((k) => `Incident: ${FACT_PHRASES[k]}${describeAssumption(answers, [k])}`),
    provisional: effects.every((k) => isAssumed(answers, k)),
  };
}

/**
 * Assess a set of answers. Pure and deterministic: Unsure and unanswered
 * facts count as Yes and mark whatever rests on them as provisional.
 *
 * @throws {z.ZodError} when `options.override` has no written reason.
 */
export function assess(
  answers: Answers,
  options: { override?: ClassOverride; workflow?: WorkflowRouting } = {},
): Assessment {
  // Re-validated here because a class override without a reason is exactly
  // what the domain forbids, whatever the caller's UI allowed through.
  const override = options.override ? ClassOverrideSchema.parse(options.override) : undefined;
  const firedRules = fireRules(answers);
  // fireRules always returns at least R0, so the fallback is unreachable.
  const severity = firedRules[0]?.severity ?? 'SEV4';
  const computed = classify(answers);
  const cls = override?.class ?? computed.cls;

  const classReasons = [...computed.reasons];
  if (override) {
    classReasons.push(
      `Reviewer override to ${override.class === 'incident' ? 'incident' : 'near miss'}: ${override.reason}`,
    );
  }

  return {
    computedClass: computed.cls,
    class: cls,
    ...(override ? { override } : {}),
    classReasons,
    classProvisional: override ? false : computed.provisional,
    severity,
    severityLabel: SEVERITY_LABELS[severity],
    potential: cls === 'near-miss',
    provisional: firedRules.some((r) => r.provisional),
    firedRules,
    unanswered: FACT_KEYS.filter((k) => answers[k] === undefined),
    unsure: FACT_KEYS.filter((k) => answers[k] === 'unsure'),
    escalation: escalate({ severity, answers }, options.workflow),
  };
}
