import { useState } from 'react';
import { MAX_FILE_BYTES } from '@/lib/log/envelope';
import { checkImportFile, describeImport, type ImportPhase } from '@/lib/log/import';
import { sendImport } from '@/lib/ui/import-client';

const PHASES: Record<ImportPhase, string> = {
  reading: 'Reading the file…',
  checking: 'Checking the records and the chain…',
  writing: 'Saving the records…',
  done: '',
};

/**
 * "Import JSON": a teammate's export or a backup, all or nothing. The page reads and verifies the
 * file; the background, the only writer, receives the records in batches and merges them.
 */
export function ImportPanel() {
  const [phase, setPhase] = useState<ImportPhase | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string; details: string[] } | null>(null);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);

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
      const checked = await checkImportFile(text, { byteLength: file.size, onPhase: setPhase });
      if (!Array.isArray(checked)) {
        setResult({ ok: false, message: `${checked.message} Nothing was imported.`, details: checked.details });
        return;
      }
      setPhase('writing');
      const reply = await sendImport(checked, (done, total) => setSent({ done, total }));
      setResult(
        reply.ok
          ? { ok: true, message: describeImport(reply.summary), details: [] }
          : { ok: false, message: `${reply.error} Nothing was imported.`, details: reply.details ?? [] },
      );
    } catch (error) {
      setResult({
        ok: false,
        message: `Import failed; nothing was imported (${(error as Error).message}).`,
        details: [],
      });
    } finally {
      setPhase(null);
      setSent(null);
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
        {phase && (
          <p>
            {PHASES[phase]}
            {phase === 'writing' && sent && ` ${sent.done.toLocaleString()} of ${sent.total.toLocaleString()}`}
          </p>
        )}
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
