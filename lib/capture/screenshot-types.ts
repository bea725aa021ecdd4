import type { Evidence } from '../incident/schema';

/** A screenshot row of the `screenshots` table. */
export interface Screenshot {
  id: string;
  blob: Blob;
  mediaType: 'image/png' | 'image/jpeg';
  capturedAt: string;
  /** The record whose evidence references this image; rows written before it was kept have none. */
  recordId?: string;
}

/** A screenshot taken with a flag, or why there is none: every flag says which. */
export type ScreenshotOutcome =
  { taken: true; row: Screenshot; ref: NonNullable<Evidence['screenshot']> } | { taken: false; reason: string };

export const NO_SHOT = {
  setting: 'No screenshot: screenshots are off in Settings.',
  policy: 'No screenshot: your organisation does not allow them.',
  button: 'No screenshot: the browser allows one only when you flag from the context menu or the shortcut.',
  manual: 'No screenshot: a manual report has no page to take one of.',
  failed: 'No screenshot: the browser refused to take one of this tab.',
} as const;
