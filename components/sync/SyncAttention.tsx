import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { OutboxEntry } from '@/lib/incident/outbox-entry';
import { send } from '@/lib/messaging/client';
import { downloadBlob } from '@/lib/ui/download';
import { outboxNeedingAttention } from '@/lib/ui/reads';

/** Saves one record revision as a JSON file, for the reviewer to hand over another way. */
function exportRevision(entry: OutboxEntry) {
  const blob = new Blob([`${JSON.stringify(entry.record, null, 2)}\n`], { type: 'application/json' });
  downloadBlob(blob, `flagline-${entry.id}-r${entry.revision}.json`);
}

function title(entry: OutboxEntry): string {
  const text = entry.record.workflow?.name || entry.record.evidence.output;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Both copies of a conflicting revision, by hash, so the team can tell which is which. */
function ConflictHashes({ conflict }: { conflict: NonNullable<OutboxEntry['conflict']> }) {
  return (
    <dl className="small">
      <dt>Endpoint's copy (SHA-256)</dt>
      <dd>
        <code>{conflict.storedHash}</code>
      </dd>
      <dt>This device's copy (SHA-256)</dt>
      <dd>
        <code>{conflict.localHash}</code>
      </dd>
    </dl>
  );
}

/** Record revisions the endpoint refused, each with retry, export and discard. */
export function SyncAttention() {
  const entries = useLiveQuery(outboxNeedingAttention, []);
  const [error, setError] = useState('');
  if (!entries?.length) return null;

  async function act(type: 'ui-bg:sync-retry' | 'ui-bg:sync-discard', key: string, asNewRevision?: true) {
    const reply = await send(asNewRevision ? { type: 'ui-bg:sync-retry', key, asNewRevision } : { type, key });
    setError(reply.ok ? '' : reply.error);
  }

  return (
    <section aria-labelledby="attention-heading">
      <h3 id="attention-heading">Needs attention</h3>
      <p className="small muted">
        The endpoint refused these, or holds other content under the same revision. Fix the cause and retry, re-send a
        conflicting revision as a new one, export the record, or discard it.
      </p>
      <ul className="list">
        {entries.map((entry) => {
          const name = `revision ${entry.revision} of “${title(entry)}”`;
          return (
            <li key={entry.key} className="stack">
              <strong>{title(entry)}</strong> <span className="small muted">revision {entry.revision}</span>
              <p className="small error">{entry.lastError}</p>
              {entry.conflict && <ConflictHashes conflict={entry.conflict} />}
              <div className="row">
                {entry.conflict ? (
                  <button
                    type="button"
                    aria-label={`Re-send ${name} as a new revision`}
                    onClick={() => void act('ui-bg:sync-retry', entry.key, true)}
                  >
                    Re-send as a new revision
                  </button>
                ) : (
                  <button
                    type="button"
                    aria-label={`Retry ${name}`}
                    onClick={() => void act('ui-bg:sync-retry', entry.key)}
                  >
                    Retry
                  </button>
                )}
                <button type="button" aria-label={`Export ${name}`} onClick={() => exportRevision(entry)}>
                  Export
                </button>
                <button
                  type="button"
                  aria-label={`Discard ${name}`}
                  onClick={() => void act('ui-bg:sync-discard', entry.key)}
                >
                  Discard
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
