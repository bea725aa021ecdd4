// The settings forms act on the shared host permissions as lib/sync/permissions.ts decides.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SitesForm } from '../../components/settings/SitesForm';
import { enabledSitesItem } from '../../lib/settings/items';
import { syncSettingsItem } from '../../lib/sync/settings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;
let removed: MockInstance;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  removed = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function removeSite(site: string) {
  await act(async () => root.render(<SitesForm />));
  const button = await vi.waitFor(
    () => {
      const found = container.querySelector<HTMLButtonElement>(`button[aria-label="Remove ${site}"]`);
      if (!found) throw new Error('not rendered yet');
      return found;
    },
    { timeout: 10_000 },
  );
  await act(async () => button.click());
  await vi.waitFor(async () => expect(await enabledSitesItem.getValue()).not.toContain(site), { timeout: 10_000 });
}

describe('removing an enabled site', () => {
  it('keeps the host permission when the sync endpoint is on that origin', async () => {
    await enabledSitesItem.setValue(['https://crm.example.com', 'https://b.example.com']);
    await syncSettingsItem.setValue({ endpoint: 'https://crm.example.com/v1/batches', autoSync: true });
    await removeSite('https://crm.example.com');
    // The form says what it decided once the decision is made; only then is "not removed" meaningful.
    await vi.waitFor(() => expect(container.textContent).toContain('Flagline keeps access to it'), { timeout: 10_000 });
    expect(removed).not.toHaveBeenCalled();
  });

  it('gives the permission up when the sync endpoint is elsewhere', async () => {
    await enabledSitesItem.setValue(['https://crm.example.com']);
    await syncSettingsItem.setValue({ endpoint: 'https://incidents.example.com/v1/batches', autoSync: true });
    await removeSite('https://crm.example.com');
    await vi.waitFor(() => expect(removed).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] }), {
      timeout: 10_000,
    });
    expect(container.textContent).toContain('Removed https://crm.example.com.');
  });
});
