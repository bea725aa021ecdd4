import type { Incident } from '../incident/schema';
import { send, type PageResult } from '../messaging/client';
import { IMPORT_BATCH_BYTES, MAX_IMPORT_BATCH } from '../messaging/commands';

/**
 * Splits checked records into batches for runtime messaging: each at most `maxChars` of JSON and
 * `maxCount` records (a single larger record goes alone). Chrome copies messages as JSON and
 * refuses those over 64 MiB; an export of up to 50 MB stays far below that per batch.
 */
export function importBatches(
  records: readonly Incident[],
  maxChars = IMPORT_BATCH_BYTES,
  maxCount = MAX_IMPORT_BATCH,
): Incident[][] {
  const batches: Incident[][] = [];
  let batch: Incident[] = [];
  let chars = 0;
  for (const record of records) {
    const size = JSON.stringify(record).length;
    if (batch.length > 0 && (chars + size > maxChars || batch.length >= maxCount)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(record);
    chars += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Hands checked records to the background in batches, reporting how many have arrived, then asks
 * it to merge them all in one transaction. Nothing is written unless every batch arrived.
 */
export async function sendImport(
  records: readonly Incident[],
  onProgress: (sent: number, total: number) => void,
  post: typeof send = send,
): Promise<PageResult<'ui-bg:import-commit'>> {
  const begun = await post({ type: 'ui-bg:import-begin', total: records.length });
  if (!begun.ok) return begun;
  onProgress(0, records.length);
  for (const batch of importBatches(records)) {
    const reply = await post({ type: 'ui-bg:import-batch', importId: begun.importId, records: batch });
    if (!reply.ok) return reply;
    onProgress(reply.received, records.length);
  }
  return post({ type: 'ui-bg:import-commit', importId: begun.importId });
}
