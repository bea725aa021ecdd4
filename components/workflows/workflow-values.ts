import type { z } from 'zod';
import { WorkflowSchema, type Workflow } from '@/lib/workflows/schema';

export type FieldKey = 'name' | 'owner' | 'fallbackProcess' | 'reviewStandard' | 'escalationPath' | 'urlPatterns';
export type Values = Record<FieldKey, string>;
/** Every message per field: a list field can fail on several lines at once. */
export type Errors = Partial<Record<FieldKey | 'form', string[]>>;

export const FIELD_ORDER: FieldKey[] = [
  'name',
  'owner',
  'fallbackProcess',
  'reviewStandard',
  'escalationPath',
  'urlPatterns',
];

/** The non-empty lines of a textarea, each with its 1-based line number (for error messages). */
function lines(text: string): Array<{ value: string; line: number }> {
  return text
    .split(/\r?\n/)
    .map((value, index) => ({ value: value.trim(), line: index + 1 }))
    .filter((entry) => entry.value !== '');
}

export function valuesOf(workflow: Workflow | undefined): Values {
  return {
    name: workflow?.name ?? '',
    owner: workflow?.owner ?? '',
    fallbackProcess: workflow?.fallbackProcess ?? '',
    reviewStandard: workflow?.reviewStandard ?? '',
    escalationPath: workflow?.escalationPath.join('\n') ?? '',
    urlPatterns: workflow?.urlPatterns.join('\n') ?? '',
  };
}

/** Zod's messages for length limits, in the words of the form. */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && issue.origin === 'array') return `At most ${String(issue.maximum)} lines`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `At most ${String(issue.maximum)} characters`;
  return issue.message;
}

/**
 * The form's values as a workflow checked by WorkflowSchema, or the errors beside each field in
 * the form's order (a list entry's error names its line); a second workflow of the same name is
 * an error too.
 */
export function checkWorkflow(
  values: Values,
  id: string,
  existing: readonly Workflow[],
): { ok: true; workflow: Workflow } | { ok: false; errors: Errors } {
  const escalation = lines(values.escalationPath);
  const patterns = lines(values.urlPatterns);
  const parsed = WorkflowSchema.safeParse({
    id,
    name: values.name,
    owner: values.owner,
    fallbackProcess: values.fallbackProcess,
    reviewStandard: values.reviewStandard,
    escalationPath: escalation.map((entry) => entry.value),
    urlPatterns: patterns.map((entry) => entry.value),
    updatedAt: new Date().toISOString(),
  });
  const found: Errors = {};
  const add = (key: FieldKey | 'form', message: string) => {
    (found[key] ??= []).push(message);
  };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [key, index] = issue.path;
    if (typeof key === 'string' && (FIELD_ORDER as string[]).includes(key)) {
      const source = key === 'escalationPath' ? escalation : key === 'urlPatterns' ? patterns : undefined;
      const line = typeof index === 'number' ? source?.[index]?.line : undefined;
      add(key as FieldKey, line === undefined ? describe(issue) : `Line ${line}: ${describe(issue)}`);
    } else {
      add('form', describe(issue));
    }
  }
  const name = values.name.trim().toLowerCase();
  if (name && existing.some((other) => other.id !== id && other.name.trim().toLowerCase() === name)) {
    add('name', 'Another workflow already has this name');
  }
  if (parsed.success && Object.keys(found).length === 0) return { ok: true, workflow: parsed.data };
  const ordered: Errors = {};
  for (const key of [...FIELD_ORDER, 'form' as const]) if (found[key]) ordered[key] = found[key];
  return { ok: false, errors: ordered };
}
