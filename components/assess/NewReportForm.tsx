import { useState, type FormEvent } from 'react';
import { ManualReportSchema } from '@/lib/incident/manual';
import { fieldErrors } from '@/lib/incident/report-form';
import { send } from '@/lib/messaging/client';
import { currentWebPage } from '@/lib/ui/current-tab';
import { TextField } from '../ui/TextField';
import { useLoadedForm } from '../settings/useLoadedForm';

// The tab's address and title fill in when known, unless the reviewer typed there first.
const LOADERS = [currentWebPage];

/** Log a near miss without a selection: the tab's address and title, the output, what happened. */
export function NewReportForm({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel: () => void }) {
  const [form, setField] = useLoadedForm({ url: '', title: '', output: '', description: '' }, LOADERS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ManualReportSchema.safeParse(form);
    if (!parsed.success) {
      const found = fieldErrors(parsed.error);
      setErrors(found);
      document.getElementById(`report-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    if (saving) return;
    setSaving(true);
    const reply = await send({ type: 'ui-bg:create-report', report: form });
    setSaving(false);
    // A failed save keeps the form as typed, with the reason above the buttons.
    if (!reply.ok) setErrors({ form: `Could not create the draft: ${reply.error}` });
    else onCreated(reply.id);
  }

  const set = (key: keyof typeof form) => (value: string) => setField(key, value);
  return (
    <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-report-heading">
      <h2 id="new-report-heading">New report</h2>
      <p className="small muted">For an AI output you cannot select: paste it, say what happened, then assess it.</p>
      <TextField id="report-url" label="Page address" value={form.url} error={errors.url} onChange={set('url')} />
      <TextField id="report-title" label="Page title" value={form.title} onChange={set('title')} />
      <TextField
        id="report-output"
        label="AI output"
        multiline
        value={form.output}
        error={errors.output}
        onChange={set('output')}
      />
      <TextField
        id="report-description"
        label="What happened"
        multiline
        value={form.description}
        error={errors.description}
        onChange={set('description')}
      />
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" aria-disabled={saving || undefined}>
          Create draft
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
