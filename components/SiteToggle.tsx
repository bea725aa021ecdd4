import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { enabledSitesItem } from '@/lib/settings/items';
import { normaliseOrigin, originPattern } from '@/lib/settings/sites';

/**
 * "Enable Flagline on this site": asks for the current tab's origin only, at the moment the user
 * wants the floating button there.
 */
export function SiteToggle() {
  const [origin, setOrigin] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      const parsed = tab?.url && /^https?:/.test(tab.url) ? normaliseOrigin(tab.url) : null;
      if (!parsed?.ok) return;
      setOrigin(parsed.origin);
      const sites = await enabledSitesItem.getValue();
      const granted = await browser.permissions.contains({ origins: [originPattern(parsed.origin)] });
      setEnabled(granted && sites.includes(parsed.origin));
    })();
  }, []);

  if (!origin) return null;
  if (enabled) return <p className="small muted">Flagline is enabled on {origin}.</p>;

  async function enable() {
    if (!origin) return;
    const granted = await browser.permissions.request({ origins: [originPattern(origin)] });
    if (!granted) {
      setMessage('Permission was not granted. The context menu and Alt+Shift+F still work here.');
      return;
    }
    const sites = await enabledSitesItem.getValue();
    await enabledSitesItem.setValue([...new Set([...sites, origin])]);
    setEnabled(true);
    setMessage('Enabled. Reload the page to see the flag button beside selections.');
  }

  return (
    <div className="row">
      <button type="button" onClick={() => void enable()}>
        Enable Flagline on this site
      </button>
      <span className="small muted">{message || origin}</span>
    </div>
  );
}
