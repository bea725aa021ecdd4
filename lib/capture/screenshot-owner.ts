import type { Evidence } from '../incident/schema';
import { sha256HexOfBlob } from '../integrity/sha256';
import type { Screenshot } from './screenshot-types';

type ScreenshotRef = NonNullable<Evidence['screenshot']>;

/**
 * Whether a stored screenshot is the one a record's evidence references. A record shows only its
 * own image: rows name their record; rows from before that must still match the size and digest
 * the evidence recorded. An imported record pointing at another record's image shows nothing.
 */
export async function screenshotBelongs(
  row: Pick<Screenshot, 'blob' | 'recordId'>,
  recordId: string,
  ref: ScreenshotRef,
): Promise<boolean> {
  if (row.recordId !== undefined) return row.recordId === recordId;
  if (!(row.blob instanceof Blob) || row.blob.size !== ref.bytes) return false;
  return (await sha256HexOfBlob(row.blob)) === ref.sha256;
}
