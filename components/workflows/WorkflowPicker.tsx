import { useMemo, useState } from 'react';
import { UNKNOWN_WORKFLOW, matchWorkflow, proposedPattern } from '@/lib/workflows/match';
import { WorkflowSchema, type Workflow } from '@/lib/workflows/schema';
import { send } from '@/lib/messaging/client';
import { useZodForm, type ZodForm } from '../ui/useZodForm';

type Draft = { name: string; owner: string; fallbackProcess: string; urlPattern: string };

const DRAFT_FIELDS: ReadonlyArray<readonly [keyof Draft, string]> = [
  ['name', 'Workflow name'],
  ['owner', 'Accountable owner'],
  ['fallbackProcess', 'Fallback process'],
  ['urlPattern', 'Pages it runs on'],
];

/** Where the schema reports a draft field's error (the one pattern is `urlPatterns.0`). */
const ERROR_KEY: Record<keyof Draft, string> = {
  name: 'name',
  owner: 'owner',
  fallbackProcess: 'fallbackProcess',
  urlPattern: 'urlPatterns.0',
};

/** The words of the "I don't know" choice; the record then waits for a reviewer to pick. */
export const UNKNOWN_LABEL = 'I don’t know — a reviewer will pick it';

/**
 * Which workflow the flagged output came from. The registry's most specific match for the page
 * is suggested (lib/workflows/match.ts); the reviewer can pick another, say they do not know
 * (`UNKNOWN_WORKFLOW`), or register a new one in place with the page's section as its pattern.
 * The full registry is managed on the options page.
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
  const draft = useZodForm<Draft>(() => ({
    name: '',
    owner: '',
    fallbackProcess: '',
    urlPattern: proposedPattern(pageUrl) ?? '',
  }));
  const suggested = useMemo(() => matchWorkflow(workflows, pageUrl), [workflows, pageUrl]);

  async function create() {
    // Checked here for errors beside the fields; the background checks the same schema again.
    const { urlPattern, ...fields } = draft.values;
    const workflow = draft.validate(WorkflowSchema.omit({ updatedAt: true }), {
      id: crypto.randomUUID(),
      ...fields,
      // Empty: the workflow is picked by hand on pages no pattern names.
      urlPatterns: urlPattern.trim() ? [urlPattern] : [],
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
          <option value={UNKNOWN_WORKFLOW}>{UNKNOWN_LABEL}</option>
        </select>
        <button type="button" aria-expanded={creating} onClick={() => setCreating((open) => !open)}>
          New workflow
        </button>
      </div>
      <PickerHelp value={value} selected={selected} suggested={suggested} matched={matched} />
      {error && (
        <p id="workflow-error" className="error">
          {error}
        </p>
      )}
      {creating && <NewWorkflowFields draft={draft} onSave={() => void create()} onCancel={() => setCreating(false)} />}
    </div>
  );
}

/** The suggestion by page address, and the owner of (or what happens with) the current choice. */
function PickerHelp({
  value,
  selected,
  suggested,
  matched,
}: {
  value: string;
  selected: Workflow | undefined;
  suggested: Workflow | undefined;
  matched: boolean;
}) {
  const choice =
    value === UNKNOWN_WORKFLOW
      ? 'A reviewer will pick the workflow later.'
      : selected
        ? `Owner: ${selected.owner}.`
        : '';
  return (
    <p id="workflow-help" className="small muted">
      {suggested
        ? `Suggested: ${suggested.name}, matches this page${matched ? '' : ' (not the one chosen)'}.`
        : 'No registered workflow matches this page.'}{' '}
      {choice}
    </p>
  );
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
  const { values } = draft;
  const errors = Object.fromEntries(DRAFT_FIELDS.map(([key]) => [key, draft.errors[ERROR_KEY[key]]]));
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
      <p className="small muted">
        In “Pages it runs on” a * matches anything. The review standard and escalation contacts can be added later in
        Settings.
      </p>
      {draft.errors.form && (
        <p className="error" role="alert">
          The workflow could not be saved: {draft.errors.form}
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
