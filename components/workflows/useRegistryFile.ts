import { useState, type ChangeEvent } from 'react';
import { send } from '@/lib/messaging/client';
import { downloadBlob } from '@/lib/ui/download';
import { registryFile } from '@/lib/ui/reads';

/** Registry files larger than this are refused before reading (1,000 workflows fit well within it). */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type Alert = { title: string; errors: string[] } | null;

/** YYYY-MM-DD in the user's time zone, for file names. */
function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Exporting the registry to a JSON file and importing one, one at a time (`busy`): success goes
 * to `report`, failure to `fail`; `clear` empties the status as an import starts.
 */
export function useRegistryFile(report: (message: string) => void, fail: (alert: Alert) => void, clear: () => void) {
  const [busy, setBusy] = useState(false);

  async function exportFile() {
    if (busy) return;
    setBusy(true);
    try {
      const registry = await registryFile();
      const blob = new Blob([`${JSON.stringify(registry, null, 2)}\n`], { type: 'application/json' });
      const fileName = `flagline-workflows-${localDate(new Date())}.json`;
      downloadBlob(blob, fileName);
      report(`Exported ${count(registry.workflows.length, 'workflow')} to ${fileName}.`);
    } catch (error) {
      fail({ title: 'The registry could not be exported.', errors: [String(error)] });
    } finally {
      setBusy(false);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file || busy) return;
    setBusy(true);
    clear();
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        fail({ title: `Nothing was imported from ${file.name}.`, errors: ['The file is larger than 5 MB.'] });
        return;
      }
      const reply = await send({ type: 'ui-bg:import-workflows', text: await file.text() });
      if (reply.ok) {
        report(`Imported ${file.name}: ${reply.added} added, ${reply.updated} updated.`);
      } else {
        fail({ title: `Nothing was imported from ${file.name}.`, errors: reply.details ?? [reply.error] });
      }
    } catch (error) {
      fail({ title: `Nothing was imported from ${file.name}.`, errors: [String(error)] });
    } finally {
      // Clear the choice so the same file can be imported again.
      input.value = '';
      setBusy(false);
    }
  }

  return { busy, exportFile, importFile };
}
