import type { FlaglineDb } from '../db';
import { revisionTables, writeRevisions } from './persist';
import { canonicalJson } from '../integrity/canonical-json';
import { IncidentSchema, type Incident } from './schema';

/** Fields the update machinery owns; a change function may not set them. */
const MANAGED = new Set(['id', 'schemaVersion', 'revision', 'createdAt', 'updatedAt', 'history']);

/** Dotted paths (two levels deep) whose value differs between two records. */
export function changedPaths(before: Incident, after: Incident): string[] {
  const paths: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (MANAGED.has(key)) continue;
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(a) || isObject(b)) {
      const inner = new Set([...Object.keys((a as object) ?? {}), ...Object.keys((b as object) ?? {})]);
      for (const sub of [...inner].sort()) {
        const x = (a as Record<string, unknown> | undefined)?.[sub];
        const y = (b as Record<string, unknown> | undefined)?.[sub];
        if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) paths.push(`${key}.${sub}`);
      }
    } else {
      paths.push(key);
    }
  }
  return paths;
}

export class NothingChangedError extends Error {
  constructor() {
    super('Nothing changed.');
  }
}

/**
 * Applies a change to a record as a new revision, in one transaction: validates the result,
 * raises the revision, appends a history entry naming who, when, what and which fields changed.
 * Evidence is immutable once captured: a change to it is refused.
 */
export async function updateIncident(
  db: FlaglineDb,
  id: string,
  change: (record: Incident) => Incident,
  meta: { by: string; action: string; note?: string; now?: Date },
): Promise<Incident> {
  return db.transaction('rw', revisionTables(db), async () => {
    const current = await db.incidents.get(id);
    if (!current) throw new Error(`Record ${id} does not exist.`);
    const at = (meta.now ?? new Date()).toISOString();
    const revision = current.revision + 1;
    // Validate first: the schema trims text, so a whitespace-only edit is no change at all.
    const proposed = IncidentSchema.parse({
      ...change(structuredClone(current)),
      id: current.id,
      schemaVersion: current.schemaVersion,
      createdAt: current.createdAt,
      revision,
      updatedAt: at,
      history: current.history,
    });
    if (canonicalJson(proposed.evidence) !== canonicalJson(current.evidence)) {
      throw new Error('Evidence cannot be edited after capture.');
    }
    const changed = changedPaths(current, proposed);
    if (changed.length === 0 && !meta.note) throw new NothingChangedError();
    const next: Incident = {
      ...proposed,
      history: [
        ...current.history,
        { at, by: meta.by, revision, action: meta.action, changed, ...(meta.note ? { note: meta.note } : {}) },
      ],
    };
    await writeRevisions(db, [next], new Date(at));
    return next;
  });
}
