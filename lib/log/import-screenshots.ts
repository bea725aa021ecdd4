import type { FlaglineDb } from '../db';
import type { Incident } from '../incident/schema';

/**
 * Screenshot references of imported records. A file carries no images, so a record new to this
 * device cannot own one here: a reference that names an image stored here names another
 * record's. The reference stays in the evidence (its hash covers it), but the image is marked
 * with the record that owns it, so it is never shown as the imported record's. Returns the ids of
 * records whose reference was dropped that way. Call inside the import's transaction, which
 * includes `db.screenshots` and `db.incidents`.
 */
export async function claimScreenshots(
  db: FlaglineDb,
  toWrite: readonly Incident[],
  local: readonly (Incident | undefined)[],
): Promise<string[]> {
  const existing = new Set(local.flatMap((record) => (record ? [record.id] : [])));
  const dropped: string[] = [];
  for (const record of toWrite) {
    const ref = record.evidence.screenshot;
    // A later revision of a record here has our evidence (import-rules.ts), so our image.
    if (!ref || existing.has(record.id)) continue;
    const row = await db.screenshots.get(ref.id);
    if (!row) continue;
    dropped.push(record.id);
    if (row.recordId === undefined) {
      const owner = await db.incidents.filter((mine) => mine.evidence.screenshot?.id === ref.id).first();
      if (owner) await db.screenshots.update(ref.id, { recordId: owner.id });
    }
  }
  return dropped;
}
