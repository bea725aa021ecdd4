import { useState } from 'react';
import { fieldErrors } from '@/lib/incident/report-form';
import { WorkflowSchema, type Workflow } from '@/lib/workflows/schema';
import { send } from '@/lib/messaging/client';

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
  const [draft, setDraft] = useState({ name: '', owner: '', fallbackProcess: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function create() {
    let origin = '';
    try {
      origin = `${new URL(pageUrl).origin}/*`;
    } catch {
      // A page without an origin gets no pattern; the workflow can still be picked by hand.
    }
    // Checked here for errors beside the fields; the background checks the same schema again.
    const parsed = WorkflowSchema.omit({ updatedAt: true }).safeParse({
      id: crypto.randomUUID(),
      ...draft,
      urlPatterns: origin.startsWith('http') ? [origin] : [],
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    const reply = await send({ type: 'ui-bg:save-workflow', workflow: parsed.data });
    if (!reply.ok) {
      setErrors({ form: reply.error });
      return;
    }
    setCreating(false);
    setErrors({});
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
      {creating && (
        <fieldset className="card stack">
          <legend>Register a workflow</legend>
          {(
            [
              ['name', 'Workflow name'],
              ['owner', 'Accountable owner'],
              ['fallbackProcess', 'Fallback process'],
            ] as const
          ).map(([key, label]) => (
            <div key={key}>
              <label htmlFor={`new-workflow-${key}`}>{label}</label>
              <input
                id={`new-workflow-${key}`}
                value={draft[key]}
                aria-invalid={errors[key] ? true : undefined}
                aria-describedby={errors[key] ? `new-workflow-${key}-error` : undefined}
                onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
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
            <button type="button" className="primary" onClick={() => void create()}>
              Save workflow
            </button>
            <button type="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
