import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { send } from '@/lib/messaging/client';
import { downloadBlob } from '@/lib/ui/download';
import { allWorkflows, registryFile } from '@/lib/ui/reads';
import type { Workflow } from '@/lib/workflows/schema';
import { WorkflowForm } from './WorkflowForm';

/** Registry files larger than this are refused before reading (1,000 workflows fit well within it). */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

type Editing = { mode: 'add' } | { mode: 'edit'; id: string } | null;
type FocusTarget = { kind: 'add' } | { kind: 'edit' | 'remove' | 'cancel-remove'; id: string };
type Alert = { title: string; errors: string[] } | null;

/** YYYY-MM-DD in the user's time zone, for file names. */
function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The workflow registry section of the options page: every AI workflow with its accountable owner,
 * fallback process, review standard, escalation path and the URL patterns a flag is matched by.
 */
export function WorkflowRegistry() {
  const workflows = useLiveQuery(allWorkflows, []);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState<Alert>(null);
  const [busy, setBusy] = useState(false);

  const addButton = useRef<HTMLButtonElement>(null);
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<FocusTarget | null>(null);

  // Moves focus once the element it should go to has been rendered (for example, after a row's
  // buttons change), so keyboard users never lose their place.
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const element = target.kind === 'add' ? addButton.current : rowButtons.current.get(`${target.kind}:${target.id}`);
    (element ?? addButton.current)?.focus();
  });

  function focusNext(target: FocusTarget) {
    pendingFocus.current = target;
  }

  function report(message: string) {
    setAlert(null);
    setStatus(message);
  }

  function rowButton(kind: 'edit' | 'remove' | 'cancel-remove', id: string) {
    return (element: HTMLButtonElement | null) => {
      if (element) rowButtons.current.set(`${kind}:${id}`, element);
      else rowButtons.current.delete(`${kind}:${id}`);
    };
  }

  function openAdd() {
    setConfirming(null);
    setEditing({ mode: 'add' });
  }

  function openEdit(id: string) {
    setConfirming(null);
    setEditing({ mode: 'edit', id });
  }

  function closeForm() {
    focusNext(editing?.mode === 'edit' ? { kind: 'edit', id: editing.id } : { kind: 'add' });
    setEditing(null);
  }

  function saved(workflow: Workflow) {
    report(editing?.mode === 'edit' ? `Saved ${workflow.name}.` : `Added ${workflow.name}.`);
    closeForm();
  }

  function askRemove(id: string) {
    if (editing?.mode === 'edit' && editing.id === id) setEditing(null);
    setConfirming(id);
    focusNext({ kind: 'cancel-remove', id });
  }

  function cancelRemove(id: string) {
    setConfirming(null);
    focusNext({ kind: 'remove', id });
  }

  async function remove(workflow: Workflow) {
    const reply = await send({ type: 'ui-bg:delete-workflow', id: workflow.id });
    if (reply.ok) report(`Removed ${workflow.name}.`);
    else setAlert({ title: `${workflow.name} could not be removed.`, errors: [reply.error] });
    setConfirming(null);
    focusNext({ kind: 'add' });
  }

  async function exportFile() {
    if (busy) return;
    setBusy(true);
    try {
      const registry = await registryFile();
      const blob = new Blob([`${JSON.stringify(registry, null, 2)}\n`], { type: 'application/json' });
      const fileName = `flagline-workflows-${localDate(new Date())}.json`;
      downloadBlob(blob, fileName);
      report(`Exported ${count(registry.workflows.length, 'workflow')} to ${fileName}.`);
    } catch (error) {
      setAlert({ title: 'The registry could not be exported.', errors: [String(error)] });
    } finally {
      setBusy(false);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file || busy) return;
    setBusy(true);
    setStatus('');
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        setAlert({ title: `Nothing was imported from ${file.name}.`, errors: ['The file is larger than 5 MB.'] });
        return;
      }
      const reply = await send({ type: 'ui-bg:import-workflows', text: await file.text() });
      if (reply.ok) {
        report(`Imported ${file.name}: ${reply.added} added, ${reply.updated} updated.`);
      } else {
        setAlert({ title: `Nothing was imported from ${file.name}.`, errors: reply.details ?? [reply.error] });
      }
    } catch (error) {
      setAlert({ title: `Nothing was imported from ${file.name}.`, errors: [String(error)] });
    } finally {
      // Clear the choice so the same file can be imported again.
      input.value = '';
      setBusy(false);
    }
  }

  const list = workflows ?? [];
  return (
    <section className="card" aria-labelledby="workflows-heading">
      <h2 id="workflows-heading">Workflow registry</h2>
      <p className="small muted">
        Each AI workflow in use: who is accountable for it, how the work is done without it, who is told when it goes
        wrong and the pages where it runs. A flag raised on one of those pages is matched to its workflow.
      </p>

      {workflows === undefined ? (
        <p className="muted">Loading workflows…</p>
      ) : list.length === 0 ? (
        <p className="muted">No workflows registered.</p>
      ) : (
        <ul className="list" aria-label="Workflows">
          {list.map((workflow) => (
            <li key={workflow.id} style={{ padding: '8px 0' }}>
              <div className="row spread" style={{ alignItems: 'flex-start' }}>
                <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                  <strong>{workflow.name}</strong>
                  <div className="small">Owner: {workflow.owner}</div>
                  <div className="small muted" style={{ overflowWrap: 'anywhere' }}>
                    {workflow.urlPatterns.length > 0
                      ? `Runs on: ${workflow.urlPatterns.join(', ')}`
                      : 'No URL patterns'}
                  </div>
                </div>
                {confirming === workflow.id ? (
                  <div className="row">
                    <span>Remove?</span>
                    <button
                      type="button"
                      className="primary"
                      aria-label={`Yes, remove ${workflow.name}`}
                      onClick={() => void remove(workflow)}
                    >
                      Yes
                    </button>
                    <button
                      type="button"
                      ref={rowButton('cancel-remove', workflow.id)}
                      aria-label={`Cancel removing ${workflow.name}`}
                      onClick={() => cancelRemove(workflow.id)}
                    >
                      Cancel
                    </button>
                  </div>
                ) : (
                  <div className="row">
                    <button
                      type="button"
                      ref={rowButton('edit', workflow.id)}
                      aria-label={`Edit ${workflow.name}`}
                      aria-expanded={editing?.mode === 'edit' && editing.id === workflow.id}
                      onClick={() => openEdit(workflow.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      ref={rowButton('remove', workflow.id)}
                      aria-label={`Remove ${workflow.name}`}
                      onClick={() => askRemove(workflow.id)}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </div>
              {editing?.mode === 'edit' && editing.id === workflow.id && (
                <WorkflowForm
                  key={workflow.id}
                  workflow={workflow}
                  existing={list}
                  onSaved={saved}
                  onCancel={closeForm}
                />
              )}
            </li>
          ))}
        </ul>
      )}

      {editing?.mode === 'add' && <WorkflowForm key="add" existing={list} onSaved={saved} onCancel={closeForm} />}

      <div className="row" style={{ marginTop: 12 }}>
        <button
          type="button"
          ref={addButton}
          className="primary"
          aria-expanded={editing?.mode === 'add'}
          onClick={openAdd}
        >
          Add workflow
        </button>
        <button type="button" aria-busy={busy || undefined} onClick={() => void exportFile()}>
          Export registry
        </button>
      </div>
      <div className="field" style={{ marginTop: 12 }}>
        <label htmlFor="workflow-import">Import registry (JSON)</label>
        <input
          id="workflow-import"
          type="file"
          accept="application/json,.json"
          aria-describedby="workflow-import-hint"
          onChange={(event) => void importFile(event)}
        />
        <p id="workflow-import-hint" className="small muted" style={{ margin: '4px 0 0' }}>
          A file exported from Flagline. Workflows with a known id replace the stored ones; if any entry is invalid,
          nothing is imported.
        </p>
      </div>

      <p role="status" className="small" style={{ margin: '8px 0 0' }}>
        {status}
      </p>
      {alert && (
        <div role="alert" className="error">
          <p style={{ margin: 0, fontWeight: 600 }}>{alert.title}</p>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {alert.errors.map((message, index) => (
              <li key={index}>{message}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
