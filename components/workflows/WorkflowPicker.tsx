import { useState } from 'react';
import { WorkflowSchema, type Workflow } from '@/lib/workflows/schema';
import { send } from '@/lib/messaging/client';
import { useZodForm, type ZodForm } from '../ui/useZodForm';

type Draft = { name: string; owner: string; fallbackProcess: string };

const DRAFT_FIELDS: ReadonlyArray<readonly [keyof Draft, string]> = [
  ['name', 'Workflow name'],
  ['owner', 'Accountable owner'],
  ['fallbackProcess', 'Fallback process'],
];

/**
 * Which workflow the flagged output came from. Preselected by URL; when nothing matches the
 * reviewer picks one, or registers a new one in place.
 */
export function WorkflowPicker({
  workflows,
  value,
  matched,
  pageUrl,
  error,
  onChange,
}: {
  workflows: readonly Workflow[];
  value: string;
  matched: boolean;
  pageUrl: string;
  error?: string;
  onChange: (id: string) => void;
}) {
  const [creating, setCreating] = useState(false);
  // The draft lives here, not in the fieldset, so closing and reopening it keeps what was typed.
  const draft = useZodForm<Draft>({ name: '', owner: '', fallbackProcess: '' });

  async function create() {
    // Checked here for errors beside the fields; the background checks the same schema again.
    const workflow = draft.validate(WorkflowSchema.omit({ updatedAt: true }), {
      id: crypto.randomUUID(),
      ...draft.values,
      urlPatterns: originPatterns(pageUrl),
    });
    if (!workflow) return;
    const reply = await send({ type: 'ui-bg:save-workflow', workflow });
    if (!reply.ok) {
      draft.setErrors({ form: reply.error });
      return;
    }
    setCreating(false);
    draft.setErrors({});
    onChange(reply.workflow.id);
  }

  const selected = workflows.find((w) => w.id === value);
  return (
    <div className="field">
      <label htmlFor="workflow">Workflow</label>
      <div className="row">
        <select
          id="workflow"
          value={value}
          style={{ flex: 1, width: 'auto' }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'workflow-error' : 'workflow-help'}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">Choose a workflow…</option>
          {workflows.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.name}
            </option>
          ))}
        </select>
        <button type="button" aria-expanded={creating} onClick={() => setCreating((open) => !open)}>
          New workflow
        </button>
      </div>
      <p id="workflow-help" className="small muted">
        {selected
          ? `Owner: ${selected.owner}${matched ? ' · matched by the page address' : ''}`
          : 'No registered workflow matches this page.'}
      </p>
      {error && (
        <p id="workflow-error" className="error">
          {error}
        </p>
      )}
      {creating && <NewWorkflowFields draft={draft} onSave={() => void create()} onCancel={() => setCreating(false)} />}
    </div>
  );
}

/** The page's origin as the new workflow's one URL pattern; a page without one gets none. */
function originPatterns(pageUrl: string): string[] {
  try {
    const origin = `${new URL(pageUrl).origin}/*`;
    return origin.startsWith('http') ? [origin] : [];
  } catch {
    // The workflow can still be picked by hand.
    return [];
  }
}

/** Registering a workflow in place: inside the assessment form, so its buttons do not submit. */
function NewWorkflowFields({
  draft,
  onSave,
  onCancel,
}: {
  draft: ZodForm<Draft>;
  onSave: () => void;
  onCancel: () => void;
}) {
  const { values, errors } = draft;
  return (
    <fieldset className="card stack">
      <legend>Register a workflow</legend>
      {DRAFT_FIELDS.map(([key, label]) => (
        <div key={key}>
          <label htmlFor={`new-workflow-${key}`}>{label}</label>
          <input
            id={`new-workflow-${key}`}
            value={values[key]}
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `new-workflow-${key}-error` : undefined}
            onChange={(event) => draft.set(key, event.target.value)}
          />
          {errors[key] && (
            <p id={`new-workflow-${key}-error`} className="error">
              {errors[key]}
            </p>
          )}
        </div>
      ))}
      {errors.form && (
        <p className="error" role="alert">
          The workflow could not be saved: {errors.form}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={onSave}>
          Save workflow
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
