import type { ChangeEvent, RefObject } from 'react';

/** Add a workflow, export the registry, import one from a JSON file. */
export function RegistryActions({
  addButton,
  adding,
  busy,
  onAdd,
  onExport,
  onImport,
}: {
  addButton: RefObject<HTMLButtonElement | null>;
  adding: boolean;
  busy: boolean;
  onAdd: () => void;
  onExport: () => void;
  onImport: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <>
      <div className="row" style={{ marginTop: 12 }}>
        <button type="button" ref={addButton} className="primary" aria-expanded={adding} onClick={onAdd}>
          Add workflow
        </button>
        <button type="button" aria-busy={busy || undefined} onClick={onExport}>
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
          onChange={onImport}
        />
        <p id="workflow-import-hint" className="small muted" style={{ margin: '4px 0 0' }}>
          A file exported from Flagline. Workflows with a known id replace the stored ones; if any entry is invalid,
          nothing is imported.
        </p>
      </div>
    </>
  );
}
