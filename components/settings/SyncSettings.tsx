import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging/client';
import { enabledSitesItem } from '@/lib/settings/items';
import { E2E_SITES } from '@/lib/settings/sites';
import { checkEndpoint } from '@/lib/sync/endpoint';
import { originPattern } from '@/lib/shared/match-pattern';
import { endpointPermissionToRevoke } from '@/lib/sync/permissions';
import { syncSettingsItem, syncStatusItem, type SyncStatus } from '@/lib/sync/settings';
import { isValidSigningSecret } from '@/lib/sync/signing';
import { savedSyncSecrets } from '@/lib/ui/reads';
import { lastSyncText, syncProblemText } from '@/lib/sync/status-text';
import { SyncAttention } from '../sync/SyncAttention';
import { useSyncStatus } from '../sync/SyncStatus';
import { TextFields, type TextFieldSpec } from '../ui/FormParts';
import { useForm } from '../ui/useZodForm';

/** After the endpoint changed: gives up the old origin's access unless an enabled site uses it. */
async function revokeOldEndpoint(before: string, after: string) {
  const stored = await enabledSitesItem.getValue();
  const sites = import.meta.env.MODE === 'e2e' ? [...E2E_SITES, ...stored] : stored;
  const pattern = endpointPermissionToRevoke(before, after, sites);
  if (pattern) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
}

/** Saves the endpoint after asking for host access to its origin alone; empty turns sync off. */
async function saveSettings(input: { endpoint: string; token: string; secret: string; autoSync: boolean }) {
  let endpoint = '';
  if (input.endpoint.trim()) {
    const check = checkEndpoint(input.endpoint);
    if (!check.ok) return { field: 'endpoint' as const, error: check.error };
    if (input.secret.trim() && !isValidSigningSecret(input.secret.trim())) {
      return {
        field: 'secret' as const,
        error: 'Paste the whsec_… secret your receiver gives (base64, 16 bytes or more).',
      };
    }
    // First await of the click: Chrome only shows the permission prompt during the user gesture.
    const granted = await browser.permissions.request({ origins: [originPattern(check.origin)] });
    if (!granted)
      return { field: 'endpoint' as const, error: `Flagline needs access to ${check.origin} to send records there.` };
    endpoint = check.url;
  }
  const before = await syncSettingsItem.getValue();
  await syncSettingsItem.setValue({ endpoint, autoSync: input.autoSync });
  await revokeOldEndpoint(before.endpoint, endpoint);
  const saved = await send({
    type: 'ui-bg:save-sync-secrets',
    token: input.token.trim(),
    signingSecret: input.secret.trim(),
  });
  if (!saved.ok) return { field: 'secret' as const, error: `The credentials could not be saved: ${saved.error}` };
  // New settings are the user's answer to a pause; the next run shows whether they work.
  const { paused: _paused, ...status } = await syncStatusItem.getValue();
  await syncStatusItem.setValue(status);
  return undefined;
}

/** Saved settings and credentials, read after the form is on screen. */
const LOADERS = [
  () => syncSettingsItem.getValue().then((s) => ({ endpoint: s.endpoint, autoSync: s.autoSync })),
  () => savedSyncSecrets().then((s) => ({ token: s.token, secret: s.signingSecret })),
];

const FIELDS: readonly TextFieldSpec<'endpoint' | 'token' | 'secret'>[] = [
  {
    key: 'endpoint',
    id: 'sync-endpoint',
    label: 'Endpoint URL',
    placeholder: 'https://incidents.example.com/v1/batches',
  },
  { key: 'token', id: 'sync-token', label: 'Access token', type: 'password' },
  { key: 'secret', id: 'sync-secret', label: 'Signing secret', type: 'password', placeholder: 'whsec_…' },
];

/** The options section for sync: endpoint, credentials, automatic sync, test, sync now, attention list. */
export function SyncSettings() {
  const form = useForm({ endpoint: '', token: '', secret: '', autoSync: true }, { loaders: LOADERS });
  const { endpoint, autoSync } = form.values;
  const [message, setMessage] = useState('');
  const status = useSyncStatus();

  async function save(event: FormEvent) {
    event.preventDefault();
    const failure = await saveSettings(form.values);
    form.setErrors(failure ? { [failure.field]: failure.error } : {});
    setMessage(failure ? '' : endpoint.trim() ? 'Saved.' : 'Saved. Sync is off until an endpoint is set.');
    if (!failure && endpoint.trim()) void send({ type: 'ui-bg:sync-kick' });
  }

  return (
    <section className="card" aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync</h2>
      <p className="small muted">
        Records are sent to your team&apos;s endpoint. The token and secret stay in this browser&apos;s Flagline
        database, out of reach of web pages, and are never exported.
      </p>
      <form onSubmit={(event) => void save(event)}>
        <TextFields specs={FIELDS} values={form.values} errors={form.errors} onChange={form.set} />
        <label className="choice field">
          <input type="checkbox" checked={autoSync} onChange={(e) => form.set('autoSync', e.target.checked)} />
          Sync automatically after each save, every minute and at browser start-up
        </label>
        <SyncButtons onMessage={setMessage} />
        <p role="status" className="small">
          {message}
        </p>
      </form>
      <SyncState status={status} />
      <SyncAttention />
    </section>
  );
}

/** Save, and the two commands that run now: test the connection, sync now. */
function SyncButtons({ onMessage }: { onMessage: (message: string) => void }) {
  const [busy, setBusy] = useState(false);

  async function act(type: 'ui-bg:sync-test' | 'ui-bg:sync-now', success: string) {
    setBusy(true);
    onMessage(type === 'ui-bg:sync-test' ? 'Testing…' : 'Syncing…');
    const reply = await send({ type });
    onMessage(reply.ok ? success : reply.error);
    setBusy(false);
  }

  return (
    <div className="row">
      <button type="submit" className="primary">
        Save sync settings
      </button>
      <button type="button" disabled={busy} onClick={() => void act('ui-bg:sync-test', 'Connected.')}>
        Test connection
      </button>
      <button type="button" disabled={busy} onClick={() => void act('ui-bg:sync-now', 'Synced.')}>
        Sync now
      </button>
    </div>
  );
}

/** When the last sync ran, and what stops it now if anything does. */
function SyncState({ status }: { status: SyncStatus }) {
  const problem = syncProblemText(status);
  return (
    <>
      <p className="small muted" data-testid="last-sync">
        {lastSyncText(status)}
      </p>
      {problem && (
        <p className="small notice" data-testid="sync-problem">
          {problem}
        </p>
      )}
    </>
  );
}
