import type { ReactNode } from 'react';
import type { Workflow } from '@/lib/workflows/schema';
import type { RowButton } from './useFocusAfterRender';

/**
 * One registry entry: name, owner and URL patterns, with Edit and Remove, or the removal's
 * confirmation; `children` is the open edit form.
 */
export function WorkflowRow({
  workflow,
  confirming,
  editing,
  buttonRef,
  onEdit,
  onAskRemove,
  onRemove,
  onCancelRemove,
  children,
}: {
  workflow: Workflow;
  confirming: boolean;
  editing: boolean;
  buttonRef: (kind: RowButton, id: string) => (element: HTMLButtonElement | null) => void;
  onEdit: () => void;
  onAskRemove: () => void;
  onRemove: () => void;
  onCancelRemove: () => void;
  children?: ReactNode;
}) {
  return (
    <li style={{ padding: '8px 0' }}>
      <div className="row spread" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 260px', minWidth: 0 }}>
          <strong>{workflow.name}</strong>
          <div className="small">Owner: {workflow.owner}</div>
          <div className="small muted" style={{ overflowWrap: 'anywhere' }}>
            {workflow.urlPatterns.length > 0 ? `Runs on: ${workflow.urlPatterns.join(', ')}` : 'No URL patterns'}
          </div>
        </div>
        {confirming ? (
          <div className="row">
            <span>Remove?</span>
            <button type="button" className="primary" aria-label={`Yes, remove ${workflow.name}`} onClick={onRemove}>
              Yes
            </button>
            <button
              type="button"
              ref={buttonRef('cancel-remove', workflow.id)}
              aria-label={`Cancel removing ${workflow.name}`}
              onClick={onCancelRemove}
            >
              Cancel
            </button>
          </div>
        ) : (
          <div className="row">
            <button
              type="button"
              ref={buttonRef('edit', workflow.id)}
              aria-label={`Edit ${workflow.name}`}
              aria-expanded={editing}
              onClick={onEdit}
            >
              Edit
            </button>
            <button
              type="button"
              ref={buttonRef('remove', workflow.id)}
              aria-label={`Remove ${workflow.name}`}
              onClick={onAskRemove}
            >
              Remove
            </button>
          </div>
        )}
      </div>
      {children}
    </li>
  );
}

/** The registry's outcome line and its error list. */
export function RegistryStatus({
  status,
  alert,
}: {
  status: string;
  alert: { title: string; errors: string[] } | null;
}) {
  return (
    <>
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
    </>
  );
}
