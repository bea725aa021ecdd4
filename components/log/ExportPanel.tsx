import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { Incident } from '@/lib/incident/schema';
import type { ExportScope } from '@/lib/log/envelope';
import type { ExportFormat } from '@/lib/log/export';
import { downloadBlob } from '@/lib/ui/download';
import { exportRecords } from '@/lib/ui/reads';

/** "Export JSON" (and NDJSON, CSV) of all records (the default), the queued ones, or the current filter. */
export function ExportPanel({ filtered, filterActive }: { filtered: readonly Incident[]; filterActive: boolean }) {
  const [scope, setScope] = useState<ExportScope>('all');
  const [format, setFormat] = useState<ExportFormat>('json');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState('');

  async function run() {
    setMessage('');
    setProgress({ done: 0, total: 0 });
    try {
      const out = await exportRecords({
        scope,
        format,
        filtered,
        extensionVersion: browser.runtime.getManifest().version,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      // A Blob over the parts: no second copy of a large export as one string.
      downloadBlob(new Blob(out.parts, { type: out.type }), out.fileName);
      setMessage(`Exported ${out.count.toLocaleString()} record${out.count === 1 ? '' : 's'} to ${out.fileName}.`);
    } catch (error) {
      setMessage(`Export failed: ${(error as Error).message}`);
    } finally {
      setProgress(null);
    }
  }

  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="export-scope">Records</label>
          <select id="export-scope" value={scope} onChange={(e) => setScope(e.target.value as ExportScope)}>
            <option value="all">All records</option>
            <option value="queued">Queued (not yet synced)</option>
            <option value="filter">The current filter ({filtered.length.toLocaleString()})</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-format">Format</label>
          <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            <option value="json">JSON (verifiable)</option>
            <option value="ndjson">NDJSON (one record a line)</option>
            <option value="csv">CSV summary</option>
          </select>
        </div>
      </div>
      {scope === 'filter' && !filterActive && <p className="small muted">No filter is set: this is every record.</p>}
      <button type="button" className="primary" onClick={() => void run()} disabled={progress !== null}>
        {format === 'json' ? 'Export JSON' : format === 'ndjson' ? 'Export NDJSON' : 'Export CSV'}
      </button>
      {progress && (
        <div className="field">
          <label htmlFor="export-progress">Exporting…</label>
          <progress id="export-progress" max={progress.total || 1} value={progress.done} />
        </div>
      )}
      <p role="status" className="small">
        {message}
      </p>
    </section>
  );
}
