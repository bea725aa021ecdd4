import type { FormEvent } from 'react';
import { ManualReportSchema } from '@/lib/incident/manual';
import { send } from '@/lib/messaging/client';
import { currentWebPage } from '@/lib/ui/current-tab';
import { FormAlert, SubmitRow, TextFields, type TextFieldSpec } from '../ui/FormParts';
import { useZodForm } from '../ui/useZodForm';

type Key = 'url' | 'title' | 'output' | 'description';

const FIELDS: readonly TextFieldSpec<Key>[] = [
  { key: 'url', id: 'report-url', label: 'Page address' },
  { key: 'title', id: 'report-title', label: 'Page title' },
  { key: 'output', id: 'report-output', label: 'AI output', multiline: true },
  { key: 'description', id: 'report-description', label: 'What happened', multiline: true },
];

// The tab's address and title fill in when known, unless the reviewer typed there first.
const OPTIONS = { loaders: [currentWebPage], fieldId: (key: string) => `report-${key}` };

/**
 * Log a near miss without a selection: the tab's address and title, the output, what happened.
 * "A near miss I caught" starts the draft with nothing left the company, done or used, so it
 * reads as a near miss from the first answer on.
 */
export function NewReportForm({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel: () => void }) {
  const form = useZodForm({ url: '', title: '', output: '', description: '', nearMiss: false }, OPTIONS);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.validate(ManualReportSchema)) return;
    void form.run(async () => {
      const reply = await send({ type: 'ui-bg:create-report', report: form.values });
      // A failed save keeps the form as typed, with the reason above the buttons.
      if (!reply.ok) return { form: `Could not create the draft: ${reply.error}` };
      onCreated(reply.id);
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-report-heading">
      <h2 id="new-report-heading">New report</h2>
      <p className="small muted">For an AI output you cannot select: paste it, say what happened, then assess it.</p>
      <TextFields specs={FIELDS} values={form.values} errors={form.errors} onChange={form.set} />
      <label className="choice">
        <input
          type="checkbox"
          checked={form.values.nearMiss}
          onChange={(event) => form.set('nearMiss', event.target.checked)}
        />
        This is a near miss I caught: it did not leave the company and nobody acted on it
      </label>
      <FormAlert message={form.errors.form} />
      <SubmitRow label="Create draft" pending={form.pending} ariaDisabled onCancel={onCancel} />
    </form>
  );
}
