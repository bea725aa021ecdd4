import { useState } from 'react';
import { getDb } from '@/lib/db';
import { MAX_FILE_BYTES } from '@/lib/log/envelope';
import { describeImport, importExportText, type ImportPhase } from '@/lib/log/import';

const PHASES: Record<ImportPhase, string> = {
  reading: 'Reading the file…',
  checking: 'Checking the records and the chain…',
  writing: 'Saving the records…',
  done: '',
};

/** "Import JSON": a teammate's export or a backup, all or nothing. */
export function ImportPanel() {
  const [phase, setPhase] = useState<ImportPhase | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string; details: string[] } | null>(null);

  async function onFile(file: File) {
    setResult(null);
    // Refuse a huge file before reading it into memory at all.
    if (file.size >= MAX_FILE_BYTES) {
      setResult({
        ok: false,
        message: 'The file is too large; the limit is 50 MB. Nothing was imported.',
        details: [],
      });
      return;
    }
    setPhase('reading');
    try {
      const text = await file.text();
      const outcome = await importExportText(getDb(), text, { byteLength: file.size, onPhase: setPhase });
      setResult(
        outcome.ok
          ? { ok: true, message: describeImport(outcome.summary), details: [] }
          : { ok: false, message: `${outcome.message} Nothing was imported.`, details: outcome.details },
      );
    } catch (error) {
      setResult({
        ok: false,
        message: `Import failed; nothing was imported (${(error as Error).message}).`,
        details: [],
      });
    } finally {
      setPhase(null);
    }
  }

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <div className="field">
        <label htmlFor="import-file">Import JSON</label>
        <input
          id="import-file"
          type="file"
          accept=".json,application/json"
          disabled={phase !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
        <p className="small muted">A Flagline JSON export. Records already here are merged, never overwritten.</p>
      </div>
      <div role="status" className="small">
        {phase && <p>{PHASES[phase]}</p>}
        {result && <p className={result.ok ? undefined : 'error'}>{result.message}</p>}
        {result && result.details.length > 0 && (
          <ul className="plain error">
            {result.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
