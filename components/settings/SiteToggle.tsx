import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { enabledSitesItem } from '@/lib/settings/items';
import { normaliseOrigin } from '@/lib/settings/sites';
import { originPattern } from '@/lib/shared/match-pattern';

/**
 * "Enable Flagline on this site": asks for the current tab's origin only, at the moment the user
 * wants the floating button there.
 */
export function SiteToggle() {
  const [origin, setOrigin] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let current = true;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      // Without access to the tab its URL is hidden (no `tabs` permission): say how to proceed.
      const parsed = tab?.url && /^https?:/.test(tab.url) ? normaliseOrigin(tab.url) : null;
      if (!current) return;
      if (!parsed?.ok) {
        setOrigin(null);
        return;
      }
      const sites = await enabledSitesItem.getValue();
      const granted = await browser.permissions.contains({ origins: [originPattern(parsed.origin)] });
      if (!current) return;
      setOrigin(parsed.origin);
      setEnabled(granted && sites.includes(parsed.origin));
      setMessage('');
    };
    const onChange = () => void refresh();
    void refresh();
    // The panel stays open while the reviewer moves between tabs and pages.
    browser.tabs.onActivated.addListener(onChange);
    browser.tabs.onUpdated.addListener(onChange);
    return () => {
      current = false;
      browser.tabs.onActivated.removeListener(onChange);
      browser.tabs.onUpdated.removeListener(onChange);
    };
  }, []);

  if (!origin) {
    return (
      <p className="small muted">
        To show the flag button on a site, enable it in Settings. Right-click → “Flag AI output” works everywhere.
      </p>
    );
  }
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
    setMessage('Enabled. The flag button now appears beside selections on this site’s open pages.');
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
