import { useEffect, useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { WorkflowSchema, type Workflow } from '@/lib/workflows/schema';
import { send } from '@/lib/messaging/client';

type FieldKey = 'name' | 'owner' | 'fallbackProcess' | 'reviewStandard' | 'escalationPath' | 'urlPatterns';
type Values = Record<FieldKey, string>;
type Errors = Partial<Record<FieldKey | 'form', string[]>>;

const FIELD_ORDER: FieldKey[] = ['name', 'owner', 'fallbackProcess', 'reviewStandard', 'escalationPath', 'urlPatterns'];

/** The non-empty lines of a textarea, each with its 1-based line number (for error messages). */
function lines(text: string): Array<{ value: string; line: number }> {
  return text
    .split(/\r?\n/)
    .map((value, index) => ({ value: value.trim(), line: index + 1 }))
    .filter((entry) => entry.value !== '');
}

function valuesOf(workflow: Workflow | undefined): Values {
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

interface Props {
  /** The workflow being edited; absent when adding one. */
  workflow?: Workflow;
  /** Every stored workflow, to catch a second workflow with the same name. */
  existing: readonly Workflow[];
  onSaved: (workflow: Workflow) => void;
  onCancel: () => void;
}

/** Adds or edits one registry entry. Validates with WorkflowSchema and shows each error beside its field. */
export function WorkflowForm({ workflow, existing, onSaved, onCancel }: Props) {
  const [values, setValues] = useState<Values>(() => valuesOf(workflow));
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  // A new workflow keeps one id for the life of the form, so a retried save cannot create two.
  const [id] = useState(() => workflow?.id ?? crypto.randomUUID());
  const prefix = useId();
  const fieldId = (key: FieldKey) => `${prefix}-${key}`;
  const focusField = (key: FieldKey) => document.getElementById(fieldId(key))?.focus();

  useEffect(() => {
    document.getElementById(`${prefix}-name`)?.focus();
  }, [prefix]);

  const errorId = (key: FieldKey) => `${prefix}-${key}-error`;
  const hintId = (key: FieldKey) => `${prefix}-${key}-hint`;

  function set(key: FieldKey, value: string) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
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

    const next: Errors = {};
    const add = (key: FieldKey | 'form', message: string) => {
      (next[key] ??= []).push(message);
    };
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [key, index] = issue.path;
        if (typeof key === 'string' && (FIELD_ORDER as string[]).includes(key)) {
          const source = key === 'escalationPath' ? escalation : key === 'urlPatterns' ? patterns : undefined;
          const line = typeof index === 'number' ? source?.[index]?.line : undefined;
          add(key as FieldKey, line === undefined ? describe(issue) : `Line ${line}: ${describe(issue)}`);
        } else {
          add('form', describe(issue));
        }
      }
    }
    const name = values.name.trim().toLowerCase();
    if (name && existing.some((other) => other.id !== id && other.name.trim().toLowerCase() === name)) {
      add('name', 'Another workflow already has this name');
    }

    if (!parsed.success || Object.keys(next).length > 0) {
      setErrors(next);
      const first = FIELD_ORDER.find((key) => next[key]);
      if (first) focusField(first);
      return;
    }

    setErrors({});
    setSaving(true);
    const reply = await send({ type: 'ui-bg:save-workflow', workflow: parsed.data });
    if (reply.ok) {
      onSaved(reply.workflow);
    } else {
      setErrors({ form: [`The workflow could not be saved: ${reply.error}`] });
      setSaving(false);
    }
  }

  const describedBy = (key: FieldKey, hint: boolean) =>
    [hint ? hintId(key) : '', errors[key] ? errorId(key) : ''].filter(Boolean).join(' ') || undefined;

  const control = (key: FieldKey) => ({
    id: fieldId(key),
    value: values[key],
    'aria-invalid': errors[key] ? true : undefined,
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
  });

  const errorText = (key: FieldKey) =>
    errors[key] && (
      <div id={errorId(key)} className="error">
        {errors[key].map((message) => (
          <div key={message}>{message}</div>
        ))}
      </div>
    );

  const hint = (key: FieldKey, text: string) => (
    <p id={hintId(key)} className="small muted" style={{ margin: '0 0 4px' }}>
      {text}
    </p>
  );

  const headingId = `${prefix}-heading`;
  return (
    <form
      className="card"
      style={{ background: 'var(--bg)' }}
      aria-labelledby={headingId}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={headingId}>{workflow ? `Edit ${workflow.name}` : 'Add workflow'}</h3>
      <div className="field">
        <label htmlFor={fieldId('name')}>Name</label>
        <input {...control('name')} autoComplete="off" aria-describedby={describedBy('name', false)} />
        {errorText('name')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('owner')}>Accountable owner</label>
        <input {...control('owner')} autoComplete="off" aria-describedby={describedBy('owner', false)} />
        {errorText('owner')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('fallbackProcess')}>Fallback process</label>
        {hint('fallbackProcess', 'The manual, non-AI way to do the work while the workflow is paused.')}
        <textarea {...control('fallbackProcess')} rows={3} aria-describedby={describedBy('fallbackProcess', true)} />
        {errorText('fallbackProcess')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('reviewStandard')}>Review standard</label>
        {hint('reviewStandard', 'What a human reviewer checks before an output is used.')}
        <textarea {...control('reviewStandard')} rows={3} aria-describedby={describedBy('reviewStandard', true)} />
        {errorText('reviewStandard')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('escalationPath')}>Escalation contacts</label>
        {hint('escalationPath', 'One per line, in the order they are told.')}
        <textarea {...control('escalationPath')} rows={3} aria-describedby={describedBy('escalationPath', true)} />
        {errorText('escalationPath')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('urlPatterns')}>URL patterns</label>
        {hint('urlPatterns', 'One per line, such as https://crm.example.com/accounts/* (a * matches anything).')}
        <textarea
          {...control('urlPatterns')}
          rows={3}
          spellCheck={false}
          aria-describedby={describedBy('urlPatterns', true)}
        />
        {errorText('urlPatterns')}
      </div>
      {errors.form && (
        <div className="error" role="alert">
          {errors.form.map((message) => (
            <div key={message}>{message}</div>
          ))}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          Save workflow
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
