import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Workflow } from '@/lib/workflows/schema';
import { send } from '@/lib/messaging/client';
import { SubmitRow } from '../ui/FormParts';
import { useForm } from '../ui/useZodForm';
import { FIELD_ORDER, checkWorkflow, valuesOf, type FieldKey } from './workflow-values';

interface FieldSpec {
  key: FieldKey;
  label: string;
  hint?: string;
}

const FIELDS: readonly FieldSpec[] = [
  { key: 'name', label: 'Name' },
  { key: 'owner', label: 'Accountable owner' },
  {
    key: 'fallbackProcess',
    label: 'Fallback process',
    hint: 'The manual, non-AI way to do the work while the workflow is paused.',
  },
  { key: 'reviewStandard', label: 'Review standard', hint: 'What a human reviewer checks before an output is used.' },
  { key: 'escalationPath', label: 'Escalation contacts', hint: 'One per line, in the order they are told.' },
  {
    key: 'urlPatterns',
    label: 'URL patterns',
    hint: 'One per line, such as https://crm.example.com/accounts/* (a * matches anything).',
  },
];

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
  const prefix = useId();
  const form = useForm<Record<FieldKey, string>, string[]>(() => valuesOf(workflow), {
    fieldId: (key) => ((FIELD_ORDER as string[]).includes(key) ? `${prefix}-${key}` : undefined),
  });
  // A new workflow keeps one id for the life of the form, so a retried save cannot create two.
  const [id] = useState(() => workflow?.id ?? crypto.randomUUID());

  useEffect(() => {
    document.getElementById(`${prefix}-name`)?.focus();
  }, [prefix]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (form.pending) return;
    const checked = checkWorkflow(form.values, id, existing);
    if (!checked.ok) {
      form.fail(checked.errors);
      return;
    }
    form.setErrors({});
    void form.run(async () => {
      const reply = await send({ type: 'ui-bg:save-workflow', workflow: checked.workflow });
      if (!reply.ok) return { form: [`The workflow could not be saved: ${reply.error}`] };
      onSaved(reply.workflow);
    });
  }

  const headingId = `${prefix}-heading`;
  return (
    <form className="card" style={{ background: 'var(--bg)' }} aria-labelledby={headingId} noValidate onSubmit={submit}>
      <h3 id={headingId}>{workflow ? `Edit ${workflow.name}` : 'Add workflow'}</h3>
      {FIELDS.map((spec) => (
        <WorkflowField
          key={spec.key}
          id={`${prefix}-${spec.key}`}
          spec={spec}
          value={form.values[spec.key]}
          errors={form.errors[spec.key]}
          onChange={(value) => form.set(spec.key, value)}
        />
      ))}
      {form.errors.form && <Messages className="error" role="alert" messages={form.errors.form} />}
      <SubmitRow label="Save workflow" pending={form.pending} onCancel={onCancel} />
    </form>
  );
}

/** Name and owner are one-line inputs; the rest are textareas with a hint under the label. */
function WorkflowField({
  id,
  spec,
  value,
  errors,
  onChange,
}: {
  id: string;
  spec: FieldSpec;
  value: string;
  errors: string[] | undefined;
  onChange: (value: string) => void;
}) {
  const hintId = spec.hint ? `${id}-hint` : '';
  const errorId = errors ? `${id}-error` : '';
  const control = {
    id,
    value,
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {spec.hint && (
        <p id={hintId} className="small muted" style={{ margin: '0 0 4px' }}>
          {spec.hint}
        </p>
      )}
      {spec.hint ? (
        <textarea {...control} rows={3} spellCheck={spec.key === 'urlPatterns' ? false : undefined} />
      ) : (
        <input {...control} autoComplete="off" />
      )}
      {errors && <Messages id={errorId} className="error" messages={errors} />}
    </div>
  );
}

function Messages({ messages, ...props }: { id?: string; className: string; role?: string; messages: string[] }) {
  return (
    <div {...props}>
      {messages.map((message) => (
        <div key={message}>{message}</div>
      ))}
    </div>
  );
}
