// The duplicate offer on a new flag and the list of duplicates on the record that stays, with the
// page's messages answered by the background's own handler.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DuplicateOffer } from '../../components/record/DuplicateOffer';
import { DuplicatesList } from '../../components/record/DuplicatesList';
import { getDb } from '../../lib/db';
import type { Incident } from '../../lib/incident/schema';
import { reporterItem } from '../../lib/settings/items';
import { dismissalKey, useDuplicateDismissals } from '../../lib/ui/duplicate-dismissals';
import { usePanelStore } from '../../lib/ui/panel-store';
import { dispatch, flagged, pageSender, spyEffects } from './command-harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const db = getDb();
const QUOTE = 'Your refund of $120 was sent to account 4471.';
let root: Root;
let container: HTMLElement;

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await reporterItem.setValue({ name: 'Dana Reyes', email: '' });
  useDuplicateDismissals.setState({ dismissed: [] });
  usePanelStore.setState({ selectedId: undefined });
  const effects = spyEffects();
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
    (message: unknown) => dispatch(db, message, pageSender(), effects) as Promise<never>,
  );
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

/** The first flag, made an hour older, and a second flag of the same quote with other spacing. */
async function twoFlags(): Promise<[Incident, Incident]> {
  const first = await flagged(db, QUOTE);
  await db.incidents.update(first.id, { createdAt: '2026-03-04T04:00:00.000Z' });
  const second = await flagged(db, `  ${QUOTE.replace(' was ', '  was\n')}`);
  return [(await db.incidents.get(first.id))!, second];
}

const button = (name: string) =>
  [...container.querySelectorAll('button')].find((element) => element.textContent?.trim() === name);

describe('the duplicate offer', () => {
  it('names the older record and, on "Keep separate", hides the offer for that record', async () => {
    const [first, second] = await twoFlags();
    await act(async () => root.render(<DuplicateOffer record={second} />));
    await vi.waitFor(() => expect(container.querySelector('h2')?.textContent).toBe('Possible duplicate'));
    expect(container.textContent).toContain(`This looks like a duplicate of “${QUOTE}” (flagged `);
    expect(button('Merge into that record')).toBeDefined();

    await act(async () => button('Keep separate')!.click());
    expect(container.textContent).toBe('');
    expect(useDuplicateDismissals.getState().dismissed).toEqual([dismissalKey(second.id, first.id)]);
    expect((await db.incidents.get(second.id))?.status).toBe('draft');
  });

  it('merges the new flag into the older record, opens it, and that record lists the duplicate', async () => {
    const [first, second] = await twoFlags();
    await act(async () => root.render(<DuplicateOffer record={second} />));
    await vi.waitFor(() => expect(button('Merge into that record')).toBeDefined());
    await act(async () => button('Merge into that record')!.click());
    await vi.waitFor(() => expect(usePanelStore.getState().selectedId).toBe(first.id));
    expect(await db.incidents.get(second.id)).toMatchObject({ status: 'merged', mergedInto: first.id });
    expect(await db.incidents.get(first.id)).toMatchObject({ status: 'draft', revision: 1 });

    await act(async () => root.render(<DuplicatesList record={first} />));
    await vi.waitFor(() =>
      expect(container.querySelector('h2')?.textContent).toBe('Duplicates merged into this record'),
    );
    const items = container.querySelectorAll('li');
    expect(items).toHaveLength(1);
    expect(items[0]!.textContent).toMatch(/^“Your refund of \$120 was sent to account 4471\.” flagged /);
    await act(async () => items[0]!.querySelector('button')!.click());
    expect(usePanelStore.getState().selectedId).toBe(second.id);
  });

  it('offers nothing for the older record, nor once the new flag is merged', async () => {
    const [first, second] = await twoFlags();
    // Both offers read the database; once the second shows, the first has had its answer too.
    await act(async () =>
      root.render(
        <>
          <div id="first">
            <DuplicateOffer record={first} />
          </div>
          <div id="second">
            <DuplicateOffer record={second} />
          </div>
        </>,
      ),
    );
    await vi.waitFor(() => expect(container.querySelector('#second h2')?.textContent).toBe('Possible duplicate'));
    expect(container.querySelector('#first')?.textContent).toBe('');
    await act(async () =>
      root.render(<DuplicateOffer record={{ ...second, status: 'merged', mergedInto: first.id }} />),
    );
    expect(container.textContent).toBe('');
  });
});
