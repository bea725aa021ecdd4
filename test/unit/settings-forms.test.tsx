// Settings forms read saved values after they are on screen; what the user typed meanwhile stays.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReporterForm } from '../../components/settings/ReporterForm';
import { SyncSettings } from '../../components/settings/SyncSettings';
import { mergeLoaded } from '../../components/ui/useZodForm';
import { reporterItem } from '../../lib/settings/items';
import type { SyncSecrets } from '../../lib/sync/secrets';
import { syncSettingsItem } from '../../lib/sync/settings';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The credentials load is held until the test releases it, as a slow IndexedDB read would be.
const held = vi.hoisted(() => ({ release: undefined as ((secrets: SyncSecrets) => void) | undefined }));
vi.mock('../../lib/ui/reads', async (original) => ({
  ...(await original<typeof import('../../lib/ui/reads')>()),
  savedSyncSecrets: () =>
    new Promise<SyncSecrets>((resolve) => {
      held.release = resolve;
    }),
}));

let root: Root;
let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  held.release = undefined;
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function field(id: string): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>(`#${id}`);
  if (!input) throw new Error(`#${id} is not rendered`);
  return input;
}

/** Types into a controlled input the way a keyboard does, through React's change event. */
function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('the sync settings form', () => {
  it('keeps a token typed before the saved credentials finished loading', async () => {
    await syncSettingsItem.setValue({ endpoint: 'https://incidents.example.com/v1/batches', autoSync: true });
    await act(async () => root.render(<SyncSettings />));
    await vi.waitFor(() => expect(held.release).toBeTypeOf('function'), { timeout: 10_000 });
    act(() => type(field('sync-token'), 'tok_typed_now'));

    await act(async () =>
      held.release!({ token: 'tok_saved_before', signingSecret: 'whsec_c2F2ZWQtc2VjcmV0LTE2Ynl0ZXM=' }),
    );
    // The load has landed (the untouched field shows it), and the typed field kept what was typed.
    await vi.waitFor(() => expect(field('sync-secret').value).toBe('whsec_c2F2ZWQtc2VjcmV0LTE2Ynl0ZXM='), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(field('sync-endpoint').value).toBe('https://incidents.example.com/v1/batches'), {
      timeout: 10_000,
    });
    expect(field('sync-token').value).toBe('tok_typed_now');
  });
});

describe('the reporter form', () => {
  it('keeps a name typed before the saved reporter finished loading', async () => {
    await reporterItem.setValue({ name: 'Saved Name', email: 'saved@example.com' });
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = reporterItem.getValue.bind(reporterItem);
    vi.spyOn(reporterItem, 'getValue').mockImplementation(() => gate.then(read));
    await act(async () => root.render(<ReporterForm />));
    act(() => type(field('reporter-name'), 'Typed Name'));

    await act(async () => release!());
    await vi.waitFor(() => expect(field('reporter-email').value).toBe('saved@example.com'), { timeout: 10_000 });
    expect(field('reporter-name').value).toBe('Typed Name');
  });

  it('shows an identity the background saves later, but not over a field being typed in', async () => {
    await act(async () => root.render(<ReporterForm />));
    act(() => type(field('reporter-name'), 'Typed Name'));

    // As the background does when the organisation's policy names the reporter.
    await act(async () => reporterItem.setValue({ name: 'Directory Name', email: 'directory@example.com' }));
    await vi.waitFor(() => expect(field('reporter-email').value).toBe('directory@example.com'), { timeout: 10_000 });
    expect(field('reporter-name').value).toBe('Typed Name');
  });
});

describe('mergeLoaded', () => {
  it('fills untouched fields only, and never with undefined', () => {
    const current = { a: 'typed', b: '', c: 'kept' };
    expect(mergeLoaded(current, { a: 'late', b: 'late', c: undefined }, new Set(['a'] as const))).toEqual({
      a: 'typed',
      b: 'late',
      c: 'kept',
    });
  });
});
