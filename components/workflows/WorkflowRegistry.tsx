import { useLiveQuery } from 'dexie-react-hooks';
import { allWorkflows } from '@/lib/ui/reads';
import { RegistryActions } from './RegistryActions';
import { useRegistry } from './useRegistry';
import { WorkflowForm } from './WorkflowForm';
import { RegistryStatus, WorkflowRow } from './WorkflowRow';

/**
 * The workflow registry section of the options page: every AI workflow with its accountable owner,
 * fallback process, review standard, escalation path and the URL patterns a flag is matched by.
 */
export function WorkflowRegistry() {
  const workflows = useLiveQuery(allWorkflows, []);
  const registry = useRegistry();
  const { editing, confirming, status, alert, addButton, rowButton, file, open, closeForm, saved } = registry;
  const { askRemove, cancelRemove, remove } = registry;
  const list = workflows ?? [];
  const isEditing = (id: string) => editing?.mode === 'edit' && editing.id === id;
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
            <WorkflowRow
              key={workflow.id}
              workflow={workflow}
              confirming={confirming === workflow.id}
              editing={isEditing(workflow.id)}
              buttonRef={rowButton}
              onEdit={() => open({ mode: 'edit', id: workflow.id })}
              onAskRemove={() => askRemove(workflow.id)}
              onRemove={() => void remove(workflow)}
              onCancelRemove={() => cancelRemove(workflow.id)}
            >
              {isEditing(workflow.id) && (
                <WorkflowForm
                  key={workflow.id}
                  workflow={workflow}
                  existing={list}
                  onSaved={saved}
                  onCancel={closeForm}
                />
              )}
            </WorkflowRow>
          ))}
        </ul>
      )}

      {editing?.mode === 'add' && <WorkflowForm key="add" existing={list} onSaved={saved} onCancel={closeForm} />}

      <RegistryActions
        addButton={addButton}
        adding={editing?.mode === 'add'}
        busy={file.busy}
        onAdd={() => open({ mode: 'add' })}
        onExport={() => void file.exportFile()}
        onImport={(event) => void file.importFile(event)}
      />
      <RegistryStatus status={status} alert={alert} />
    </section>
  );
}
