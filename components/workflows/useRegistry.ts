import { useState } from 'react';
import { send } from '@/lib/messaging/client';
import type { Workflow } from '@/lib/workflows/schema';
import { useFocusAfterRender } from './useFocusAfterRender';
import { useRegistryFile, type Alert } from './useRegistryFile';

type Editing = { mode: 'add' } | { mode: 'edit'; id: string } | null;

/**
 * The registry's state: which form is open, which removal awaits confirmation, the outcome line
 * and alert, and where focus goes after each change.
 */
export function useRegistry() {
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState<Alert>(null);
  const { addButton, focusNext, rowButton } = useFocusAfterRender();

  function report(message: string) {
    setAlert(null);
    setStatus(message);
  }
  const file = useRegistryFile(report, setAlert, () => setStatus(''));

  function open(next: Editing) {
    setConfirming(null);
    setEditing(next);
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

  return {
    editing,
    confirming,
    status,
    alert,
    addButton,
    rowButton,
    file,
    open,
    closeForm,
    saved,
    askRemove,
    cancelRemove,
    remove,
  };
}
