import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { enabledSitesItem } from '@/lib/settings/items';
import { E2E_SITES, normaliseOrigin } from '@/lib/settings/sites';
import { originPattern } from '@/lib/shared/match-pattern';
import { sitePermissionToRevoke } from '@/lib/sync/permissions';
import { syncSettingsItem } from '@/lib/sync/settings';
import { FormAlert } from '../ui/FormParts';
import { LockedNote } from '../ui/LockedNote';
import { usePolicy } from './usePolicy';

/** Sites where the floating button runs. Each one is a host permission the user granted. */
export function SitesForm() {
  const [sites, setSites] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const locked = usePolicy()?.enabledSites !== undefined;

  useEffect(() => {
    void enabledSitesItem.getValue().then(setSites);
    return enabledSitesItem.watch(setSites);
  }, []);

  async function remove(origin: string) {
    await enabledSitesItem.setValue(sites.filter((site) => site !== origin));
    // The sync endpoint may live on the same origin: its permission stays.
    const pattern = sitePermissionToRevoke(origin, (await syncSettingsItem.getValue()).endpoint);
    if (pattern) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    // Pages already open keep the button they have; nothing is taken from them behind the user's back.
    const open = 'Pages of it that are open keep the flag button until they are reloaded.';
    setStatus(
      pattern
        ? `Removed ${origin}. ${open}`
        : `Removed ${origin}. ${open} Flagline keeps access to it: the sync endpoint is there.`,
    );
  }

  return (
    <section className="card" aria-labelledby="sites-heading">
      <h2 id="sites-heading">Enabled sites</h2>
      <p className="small muted">
        On these sites a “Flag AI output” button appears beside selected text. Everywhere else, use the right-click menu
        or Alt+Shift+F.
      </p>
      {import.meta.env.MODE === 'e2e' && (
        <p className="small muted">This demo build also enables {E2E_SITES.join(' and ')} for the local demo pages.</p>
      )}
      {sites.length === 0 ? (
        <p className="muted">No sites enabled.</p>
      ) : (
        <ul className="list" aria-label="Enabled sites">
          {sites.map((site) => (
            <li key={site} className="row spread">
              <span>{site}</span>
              <button type="button" aria-label={`Remove ${site}`} disabled={locked} onClick={() => void remove(site)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {locked && <LockedNote id="sites-locked" what="The list of enabled sites" />}
      <AddSite
        sites={sites}
        hidden={locked}
        onAdded={(origin) => setStatus(`Enabled ${origin}. Its open pages show the flag button now, without a reload.`)}
      />
      <p role="status" className="small">
        {status}
      </p>
    </section>
  );
}

/** Enabling a site asks for host access to its origin alone; refused access adds nothing. */
function AddSite({
  sites,
  hidden,
  onAdded,
}: {
  sites: readonly string[];
  hidden: boolean;
  onAdded: (origin: string) => void;
}) {
  const [input, setInput] = useState('');
  const [error, setError] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = normaliseOrigin(input);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    const granted = await browser.permissions.request({ origins: [originPattern(parsed.origin)] });
    if (!granted) {
      setError(`Permission for ${parsed.origin} was not granted.`);
      return;
    }
    setError('');
    setInput('');
    await enabledSitesItem.setValue([...new Set([...sites, parsed.origin])]);
    onAdded(parsed.origin);
  }

  return (
    <>
      <form className="row" hidden={hidden} onSubmit={(event) => void add(event)}>
        <label htmlFor="site-input" className="sr-only">
          Site address
        </label>
        <input
          id="site-input"
          placeholder="https://crm.example.com"
          value={input}
          style={{ flex: 1, width: 'auto' }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'site-error' : undefined}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit">Enable site</button>
      </form>
      <FormAlert id="site-error" message={error} />
    </>
  );
}
