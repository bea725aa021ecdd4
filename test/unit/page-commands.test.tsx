// Extension pages write through the typed client only: the messaging is replaced at its boundary
// (`runtime.sendMessage`), either by the background's own handler or by a refusing background.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { EvidenceRedaction } from '../../components/record/EvidenceRedaction';
import { NewReportForm } from '../../components/assess/NewReportForm';
import { getDb } from '../../lib/db';
import { reporterItem } from '../../lib/settings/items';
import { NAME, dispatch, flagged, pageSender, spyEffects } from './command-harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const db = getDb();
let root: Root;
let container: HTMLElement;
let effects: ReturnType<typeof spyEffects>;

/** The extension page's messages reach the background's handler, as the runtime delivers them. */
function backgroundAnswers() {
  return vi
    .spyOn(fakeBrowser.runtime, 'sendMessage')
    .mockImplementation((message: unknown) => dispatch(db, message, pageSender(), effects) as Promise<never>);
}

/** A background that refuses whatever it is sent. */
function backgroundRefuses(error: string) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error } as never);
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await reporterItem.setValue({ name: 'Dana Reyes', email: '' });
  effects = spyEffects();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function field<T extends HTMLInputElement | HTMLTextAreaElement>(id: string): T {
  const element = container.querySelector<T>(`#${id}`);
  if (!element) throw new Error(`#${id} is not rendered`);
  return element;
}

/** Types into a controlled field the way a keyboard does, through React's change event. */
function type(element: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
  element.dispatchEvent(new Event('input', { bubbles: true }));
}

function submit(form = container.querySelector('form')!) {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

async function fillReport() {
  const onCreated = vi.fn();
  await act(async () => root.render(<NewReportForm onCreated={onCreated} onCancel={() => undefined} />));
  act(() => type(field('report-output'), 'Your claim is denied.'));
  act(() => type(field('report-description'), 'Denied a valid claim'));
  return onCreated;
}

describe('the new report form', () => {
  it('creates the draft through the background, which records who reported it', async () => {
    const sent = backgroundAnswers();
    const onCreated = await fillReport();
    await act(async () => submit());
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ type: 'ui-bg:create-report' }));
    const [id] = onCreated.mock.calls[0] as [string];
    expect(await db.incidents.get(id)).toMatchObject({
      reporter: { name: 'Dana Reyes' },
      whatHappened: 'Denied a valid claim',
    });
    expect(effects.kickSync).toHaveBeenCalledOnce();
  });

  it('a refused save shows why in plain words and keeps every typed value', async () => {
    backgroundRefuses('The disk is full.');
    const onCreated = await fillReport();
    await act(async () => submit());
    await vi.waitFor(() =>
      expect(container.querySelector('[role="alert"]')?.textContent).toBe(
        'Could not create the draft: The disk is full.',
      ),
    );
    expect(onCreated).not.toHaveBeenCalled();
    expect(field<HTMLTextAreaElement>('report-output').value).toBe('Your claim is denied.');
    expect(field<HTMLTextAreaElement>('report-description').value).toBe('Denied a valid claim');
  });

  it('a background that does not answer is a failure too, never an unhandled error', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection.'));
    const onCreated = await fillReport();
    await act(async () => submit());
    await vi.waitFor(() =>
      expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/did not answer, so nothing changed/),
    );
    expect(onCreated).not.toHaveBeenCalled();
    expect(field<HTMLTextAreaElement>('report-output').value).toBe('Your claim is denied.');
  });
});

describe('the reviewer’s redaction', () => {
  it('redacts through the background; a refusal keeps the text to redact', async () => {
    const record = await flagged(db, `${NAME} is owed a refund of $120.`);
    await act(async () => root.render(<EvidenceRedaction record={record} />));
    const input = field<HTMLInputElement>(`redact-${record.id}`);

    backgroundRefuses('That text is not in the evidence (it may be redacted already).');
    act(() => type(input, 'Somebody Else'));
    await act(async () => submit());
    await vi.waitFor(() =>
      expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/not in the evidence/),
    );
    expect(input.value).toBe('Somebody Else');

    vi.restoreAllMocks();
    backgroundAnswers();
    act(() => type(input, NAME));
    await act(async () => submit());
    await vi.waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toMatch(/new revision/));
    expect(input.value).toBe('');
    expect((await db.incidents.get(record.id))?.evidence.output).not.toContain(NAME);
  });
});
