// The form hook every component form uses: values and touched fields, errors from a Zod schema
// beside their fields, focus on the first invalid one, and a submit that cannot run twice at once.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { useZodForm, type FormOptions, type ZodForm } from '../../components/ui/useZodForm';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Values = { name: string; email: string };
const Schema = z.object({
  name: z.string().trim().min(1, 'Enter a name'),
  email: z.email('Enter an email address'),
});

/** Renders a form over the hook and returns a getter for its latest state. */
function renderForm(options: FormOptions<Values> = {}) {
  const latest: { form?: ZodForm<Values> } = {};
  function Probe() {
    const form = useZodForm<Values>({ name: '', email: '' }, options);
    latest.form = form;
    return (
      <form>
        <input id="name" readOnly value={form.values.name} />
        <input id="email" readOnly value={form.values.email} />
      </form>
    );
  }
  // A fresh document node per form, unmounted when the test ends.
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  act(() => root.render(<Probe />));
  onTestFinished(() => {
    act(() => root.unmount());
    host.remove();
  });
  return () => latest.form!;
}

/** A promise the test settles when it chooses, as a slow read or a slow background would. */
function held<T>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}

describe('useZodForm', () => {
  it('keeps what was set and which fields the user touched', () => {
    const form = renderForm();
    act(() => form().set('name', 'Dana'));
    expect(form().values).toEqual({ name: 'Dana', email: '' });
    expect([...form().touched]).toEqual(['name']);
    act(() => form().field('email')('dana@example.com'));
    expect(form().values.email).toBe('dana@example.com');
    expect(form().touched.has('email')).toBe(true);
  });

  it('returns the parsed values when the schema accepts them, and shows no errors', () => {
    const form = renderForm();
    act(() => {
      form().set('name', '  Dana ');
      form().set('email', 'dana@example.com');
    });
    let parsed: unknown;
    act(() => {
      parsed = form().validate(Schema);
    });
    expect(parsed).toEqual({ name: 'Dana', email: 'dana@example.com' });
    expect(form().errors).toEqual({});
  });

  it('shows the first message of each failing field and focuses the first field with a control', () => {
    const form = renderForm({ fieldId: (key) => (key === 'form' ? undefined : key) });
    act(() => form().set('name', 'Dana'));
    let parsed: unknown = 'not run';
    act(() => {
      parsed = form().validate(Schema);
    });
    expect(parsed).toBeUndefined();
    expect(form().errors).toEqual({ email: 'Enter an email address' });
    expect(document.activeElement?.id).toBe('email');
  });

  it('checks another input than the values when given one', () => {
    const form = renderForm();
    act(() => {
      form().validate(Schema, { name: '', email: 'dana@example.com' });
    });
    expect(form().errors).toEqual({ name: 'Enter a name' });
  });

  it('fills loaded values only into fields the user has not typed in', async () => {
    const load = held<Partial<Values>>();
    const form = renderForm({ loaders: [() => load.promise] });
    act(() => form().set('name', 'Typed'));
    await act(async () => load.settle({ name: 'Saved', email: 'saved@example.com' }));
    expect(form().values).toEqual({ name: 'Typed', email: 'saved@example.com' });
  });

  it('is pending while a submit runs, ignores a second one and shows the errors it returns', async () => {
    const form = renderForm();
    const reply = held<{ form: string }>();
    let runs = 0;
    let first!: Promise<void>;
    act(() => {
      first = form().run(() => {
        runs += 1;
        return reply.promise;
      });
    });
    expect(form().pending).toBe(true);
    await act(async () => {
      await form().run(async () => {
        runs += 1;
      });
    });
    expect(runs).toBe(1);
    await act(async () => {
      reply.settle({ form: 'Could not save: the disk is full.' });
      await first;
    });
    expect(form().pending).toBe(false);
    expect(form().errors).toEqual({ form: 'Could not save: the disk is full.' });
  });

  it('clears the errors when a submit returns none', async () => {
    const form = renderForm();
    act(() => form().fail({ name: 'Enter a name' }));
    expect(form().errors).toEqual({ name: 'Enter a name' });
    await act(async () => {
      await form().run(async () => undefined);
    });
    expect(form().errors).toEqual({});
  });
});
