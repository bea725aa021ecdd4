import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { screenshotBelongs } from '@/lib/capture/screenshot-owner';
import type { Evidence } from '@/lib/incident/schema';
import { screenshotById } from '@/lib/ui/reads';

/** The screenshot kept with a flag, as an image from its stored Blob (never page HTML). */
export function ScreenshotThumb({ recordId, shot }: { recordId: string; shot: NonNullable<Evidence['screenshot']> }) {
  // Only the record's own image: an imported reference to another record's image shows nothing.
  const row = useLiveQuery(async () => {
    const found = await screenshotById(shot.id);
    return found && (await screenshotBelongs(found, recordId, shot)) ? found : undefined;
  }, [shot.id, shot.sha256, shot.bytes, recordId]);
  const url = useMemo(() => (row?.blob instanceof Blob ? URL.createObjectURL(row.blob) : undefined), [row]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (!url) return null;
  return (
    <a href={url} target="_blank" rel="noreferrer">
      <img className="screenshot" src={url} alt="Screenshot of the page when it was flagged" width={240} />
    </a>
  );
}
