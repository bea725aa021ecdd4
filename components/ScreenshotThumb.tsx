import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { getDb } from '@/lib/db';

/** The screenshot kept with a flag, as an image from its stored Blob (never page HTML). */
export function ScreenshotThumb({ id }: { id: string }) {
  const row = useLiveQuery(() => getDb().screenshots.get(id), [id]);
  const url = useMemo(() => (row?.blob instanceof Blob ? URL.createObjectURL(row.blob) : undefined), [row]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (!url) return null;
  return (
    <a href={url} target="_blank" rel="noreferrer">
      <img className="screenshot" src={url} alt="Screenshot of the page when it was flagged" width={240} />
    </a>
  );
}
