import { useState } from 'react';
import { describeVerification, verifyExportText, type VerifyResult } from '@/lib/integrity/verify';
import { MAX_FILE_BYTES } from '@/lib/log/envelope';

/** "Verify a file": whether an exported incident file is intact and, if not, which record changed. */
export function VerifyFile() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ name: string; result: VerifyResult } | null>(null);

  async function onFile(file: File) {
    setBusy(true);
    setOutcome(null);
    const result: VerifyResult =
      file.size >= MAX_FILE_BYTES
        ? {
            ok: false,
            changedIds: [],
            problems: [{ kind: 'unreadable', message: 'The file is too large; the limit is 50 MB.' }],
          }
        : verifyExportText(await file.text(), file.size);
    setOutcome({ name: file.name, result });
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify a file</h2>
      <p className="small muted">
        Checks an exported incident file against its hash chain. The same check runs from a terminal with{' '}
        <code>npm run verify -- file.json</code>.
      </p>
      <div className="field">
        <label htmlFor="verify-file">Exported JSON file</label>
        <input
          id="verify-file"
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
      </div>
      <div role="status">
        {busy && <p>Verifying…</p>}
        {outcome && (
          <div className={`verdict-box ${outcome.result.ok ? 'intact' : 'tampered'}`}>
            <p>
              <strong>{outcome.result.ok ? 'Intact' : 'Not intact'}</strong> — {outcome.name}
            </p>
            <p className="small">{describeVerification(outcome.result)}</p>
            {!outcome.result.ok && outcome.result.changedIds.length > 0 && (
              <p className="small">
                Changed records: <code>{outcome.result.changedIds.slice(0, 20).join(', ')}</code>
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
